#include "remote/socketiopacket.h"

#include "remote/byteview.h"

#include "util/jsontext.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace studio::remote {

namespace {

SocketPacket invalidPacket(const QString &why)
{
    SocketPacket p;
    p.error = why;
    return p;
}

QByteArray compact(const QJsonValue &v)
{
    if (v.isArray())
        return QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact);
    return QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
}

} // namespace

EnginePacket parseEnginePacket(QByteArrayView text)
{
    EnginePacket p;
    if (text.isEmpty())
        return p;
    static constexpr EnginePacket::Type types[] = {EnginePacket::Type::Open,    EnginePacket::Type::Close,
                                                   EnginePacket::Type::Ping,    EnginePacket::Type::Pong,
                                                   EnginePacket::Type::Message, EnginePacket::Type::Upgrade,
                                                   EnginePacket::Type::Noop};
    const char c = text.front();
    if (c < '0' || c > '6')
        return p;
    p.type = types[c - '0'];
    p.payload = midView(text, 1).toByteArray();
    return p;
}

QString SocketPacket::eventName() const
{
    return data.toArray().at(0).toString();
}

QJsonValue SocketPacket::argument(int index) const
{
    return data.toArray().at(index + 1);
}

SocketPacket parseSocketPacket(QByteArrayView payload)
{
    if (payload.isEmpty())
        return invalidPacket(QStringLiteral("empty packet"));
    SocketPacket p;
    const char t = payload.front();
    switch (t) {
    case '0': p.type = SocketPacket::Type::Connect; break;
    case '1': p.type = SocketPacket::Type::Disconnect; break;
    case '2': p.type = SocketPacket::Type::Event; break;
    case '3': p.type = SocketPacket::Type::Ack; break;
    case '4': p.type = SocketPacket::Type::ConnectError; break;
    case '5':
    case '6': return invalidPacket(QStringLiteral("binary packets are not supported"));
    default: return invalidPacket(QStringLiteral("unknown packet type"));
    }
    qsizetype i = 1;
    if (i < payload.size() && payload[i] == '/') {
        const qsizetype comma = payload.indexOf(',', i);
        const qsizetype end = comma < 0 ? payload.size() : comma;
        if (end - i > 256)
            return invalidPacket(QStringLiteral("namespace too long"));
        p.nsp = QString::fromUtf8(midView(payload, i, end - i));
        i = comma < 0 ? end : comma + 1;
    }
    const qsizetype idStart = i;
    while (i < payload.size() && payload[i] >= '0' && payload[i] <= '9')
        ++i;
    if (i > idStart) {
        if (i - idStart > 15)
            return invalidPacket(QStringLiteral("ack id too large"));
        p.ackId = midView(payload, idStart, i - idStart).toByteArray().toULongLong();
    }
    const QByteArrayView json = midView(payload, i);
    if (!json.isEmpty()) {
        QJsonParseError error{};
        const QJsonDocument doc = parseJson(std::string_view(json.data(), static_cast<size_t>(json.size())), &error);
        if (error.error != QJsonParseError::NoError)
            return invalidPacket(QStringLiteral("bad JSON: ") + error.errorString());
        p.data = doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    switch (p.type) {
    case SocketPacket::Type::Connect:
        if (!p.data.isUndefined() && !p.data.isObject())
            return invalidPacket(QStringLiteral("CONNECT payload must be an object"));
        if (p.ackId)
            return invalidPacket(QStringLiteral("CONNECT has no ack id"));
        break;
    case SocketPacket::Type::Disconnect:
        if (!p.data.isUndefined() || p.ackId)
            return invalidPacket(QStringLiteral("DISCONNECT has no payload"));
        break;
    case SocketPacket::Type::Event:
        if (!p.data.isArray() || p.data.toArray().isEmpty() || !p.data.toArray().at(0).isString())
            return invalidPacket(QStringLiteral("EVENT payload must be an array starting with the event name"));
        break;
    case SocketPacket::Type::Ack:
        if (!p.data.isArray() || !p.ackId)
            return invalidPacket(QStringLiteral("ACK needs an id and an array"));
        break;
    case SocketPacket::Type::ConnectError:
        return invalidPacket(QStringLiteral("CONNECT_ERROR is sent by servers only"));
    case SocketPacket::Type::Invalid:
        break;
    }
    return p;
}

QByteArray encodeSocketConnect(const QString &sid)
{
    return "40" + compact(QJsonObject{{QStringLiteral("sid"), sid}});
}

QByteArray encodeSocketConnectError(const QString &message)
{
    return "44" + compact(QJsonObject{{QStringLiteral("message"), message}});
}

QByteArray encodeSocketEvent(const QString &event, const QJsonValue &argument)
{
    return "42" + compact(QJsonArray{event, argument});
}

QByteArray encodeSocketAck(quint64 ackId, const QJsonArray &arguments)
{
    return "43" + QByteArray::number(ackId) + compact(arguments);
}

} // namespace studio::remote
