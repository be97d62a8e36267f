#pragma once

#include <QByteArrayView>

#include <algorithm>

namespace studio::remote {

// QByteArrayView::left()/mid() arrived after Qt 6.4: clamped equivalents.
inline QByteArrayView leftView(QByteArrayView v, qsizetype n)
{
    return v.first(std::clamp<qsizetype>(n, 0, v.size()));
}

inline QByteArrayView midView(QByteArrayView v, qsizetype pos, qsizetype n = -1)
{
    pos = std::clamp<qsizetype>(pos, 0, v.size());
    const qsizetype rest = v.size() - pos;
    return v.sliced(pos, n < 0 ? rest : std::min(n, rest));
}

} // namespace studio::remote
