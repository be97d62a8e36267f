#include "remote/accesstoken.h"

#include <QByteArray>
#include <QRandomGenerator>

#include <array>

namespace studio::remote {

QString generateAccessToken()
{
    std::array<quint32, 8> words{};
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    const QByteArray raw(reinterpret_cast<const char *>(words.data()), static_cast<qsizetype>(sizeof(words)));
    return QString::fromLatin1(raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

bool tokensEqual(QByteArrayView a, QByteArrayView b)
{
    // Walk the expected length in every case; a length mismatch still costs the same loop.
    const qsizetype n = b.size();
    unsigned char diff = a.size() == n ? 0 : 1;
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ static_cast<unsigned char>(b[i]));
    }
    return diff == 0 && n > 0;
}

} // namespace studio::remote
