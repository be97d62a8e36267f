#include "remote/eventencoding.h"

#include "progress/channels.h"
#include "remote/socketiopacket.h"

#include <QJsonDocument>

namespace studio::remote {

QString encodeJsonEvent(const progress::ProgressEvent &event)
{
    QJsonObject o = event.toJson();
    o.insert(QStringLiteral("type"), QStringLiteral("event"));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

QString encodeSocketIoEvent(const progress::ProgressEvent &event)
{
    QJsonObject data = event.data;
    data.insert(QStringLiteral("channel"), event.channel);
    data.insert(QStringLiteral("seq"), static_cast<qint64>(event.seq));
    data.insert(QStringLiteral("ts"), event.ts);
    return QString::fromUtf8(encodeSocketEvent(event.event, data));
}

EncodedEvent encodeEvent(const progress::ProgressEvent &event)
{
    EncodedEvent e{encodeJsonEvent(event), encodeSocketIoEvent(event), {}};
    if (event.event == progress::events::Progress)
        e.coalesceKey = event.data.value(QStringLiteral("job_id")).toVariant().toString() + QLatin1Char('|')
                        + event.data.value(QStringLiteral("tokenization_id")).toVariant().toString();
    return e;
}

} // namespace studio::remote
