#include "statusstyle.h"

#include "catalog/records.h"

#include <QCoreApplication>

namespace studio::ui {

namespace st = studio::catalog::status;

QColor StatusStyle::badgeColor(const QString &status)
{
    if (status == st::Queued)
        return QColor(0x6b, 0x72, 0x80); // grey-500
    if (status == st::Downloading)
        return QColor(0x25, 0x63, 0xeb); // blue-600
    if (status == st::Processing)
        return QColor(0xd9, 0x77, 0x06); // amber-600
    if (status == st::Ready)
        return QColor(0x05, 0x96, 0x69); // emerald-600
    if (status == st::Error)
        return QColor(0xdc, 0x26, 0x26); // red-600
    return QColor(0x47, 0x55, 0x69);     // slate-600: interrupted, cancelled
}

QColor StatusStyle::badgeTextColor(const QString &)
{
    return QColor(Qt::white);
}

QString StatusStyle::label(const QString &status)
{
    if (status == st::Queued)
        return QCoreApplication::translate("StatusStyle", "Queued");
    if (status == st::Downloading)
        return QCoreApplication::translate("StatusStyle", "Downloading");
    if (status == st::Processing)
        return QCoreApplication::translate("StatusStyle", "Processing");
    if (status == st::Ready)
        return QCoreApplication::translate("StatusStyle", "Ready");
    if (status == st::Error)
        return QCoreApplication::translate("StatusStyle", "Error");
    if (status == st::Cancelled)
        return QCoreApplication::translate("StatusStyle", "Cancelled");
    if (status == st::Interrupted)
        return QCoreApplication::translate("StatusStyle", "Interrupted");
    return status;
}

QStringList StatusStyle::statuses()
{
    return {st::Queued, st::Downloading, st::Processing, st::Ready, st::Error, st::Cancelled, st::Interrupted};
}

} // namespace studio::ui
