#pragma once

#include <QColor>
#include <QString>

namespace studio::ui {

// How a dataset or tokenization status looks: the badge colours of
// product.md (queued grey, downloading blue, processing amber, ready emerald,
// error red, interrupted / cancelled slate) and its translated label.
class StatusStyle final
{
public:
    static QColor badgeColor(const QString &status);
    static QColor badgeTextColor(const QString &status);
    static QString label(const QString &status);
    // Every status, in the order the filter lists them.
    static QStringList statuses();
};

} // namespace studio::ui
