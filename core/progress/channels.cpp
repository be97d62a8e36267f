#include "progress/channels.h"

namespace studio::progress {

QString datasetsChannel()
{
    return QStringLiteral("datasets");
}

QString datasetProgressChannel(const QString &datasetId)
{
    return QStringLiteral("datasets/") + datasetId + QStringLiteral("/progress");
}

QString datasetIdOfChannel(const QString &channel)
{
    static const QString prefix = QStringLiteral("datasets/");
    static const QString suffix = QStringLiteral("/progress");
    if (!channel.startsWith(prefix) || !channel.endsWith(suffix))
        return {};
    const QString id = channel.mid(prefix.size(), channel.size() - prefix.size() - suffix.size());
    if (id.isEmpty() || id.contains(QLatin1Char('/')))
        return {};
    return id;
}

} // namespace studio::progress
