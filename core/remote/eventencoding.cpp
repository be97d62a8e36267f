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

QByteArray webSocketTextFrame(QByteArrayView utf8)
{
    const auto n = static_cast<quint64>(utf8.size());
    QByteArray frame;
    frame.reserve(utf8.size() + 10);
    frame.append(char(0x81)); // FIN, opcode 1 (text)
    if (n < 126) {
        frame.append(char(n));
    } else if (n <= 0xffff) {
        frame.append(char(126));
        frame.append(char(n >> 8));
        frame.append(char(n & 0xff));
    } else {
        frame.append(char(127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((n >> shift) & 0xff));
    }
    frame.append(utf8);
    return frame;
}

EncodedEvent encodeEvent(const progress::ProgressEvent &event)
{
    EncodedEvent e;
    e.json = encodeJsonEvent(event);
    e.socketIo = encodeSocketIoEvent(event);
    e.jsonFrame = webSocketTextFrame(e.json.toUtf8());
    e.socketIoFrame = webSocketTextFrame(e.socketIo.toUtf8());
    if (event.event == progress::events::Progress)
        e.coalesceKey = event.data.value(QStringLiteral("job_id")).toVariant().toString() + QLatin1Char('|')
                        + event.data.value(QStringLiteral("tokenization_id")).toVariant().toString();
    return e;
}

} // namespace studio::remote
