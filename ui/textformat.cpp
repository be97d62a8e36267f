#include "textformat.h"

#include <QDateTime>
#include <QLocale>

namespace studio::ui {

QString TextFormat::bytes(qint64 bytes)
{
    if (bytes < 0)
        return {};
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat);
}

QString TextFormat::count(qint64 n)
{
    return QLocale().toString(n);
}

QString TextFormat::percent(double percent)
{
    return QLocale().toString(percent, 'f', 1) + QLatin1Char('%');
}

QString TextFormat::dateTime(qint64 msSinceEpoch)
{
    if (msSinceEpoch <= 0)
        return {};
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(msSinceEpoch), QLocale::ShortFormat);
}

QString TextFormat::number(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

} // namespace studio::ui
