#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace studio::remote {

// Engine.IO v4 packets over WebSocket (one per text message) and the Socket.IO
// v4 packets inside Engine.IO "message" packets. Pure and safe on any input
// (fuzzed). Binary packets are not part of the monitor's subset.
struct EnginePacket {
    enum class Type { Invalid, Open, Close, Ping, Pong, Message, Upgrade, Noop };
    Type type = Type::Invalid;
    QByteArray payload; // the bytes after the type digit
};
EnginePacket parseEnginePacket(QByteArrayView text);

struct SocketPacket {
    enum class Type { Invalid, Connect, Disconnect, Event, Ack, ConnectError };
    Type type = Type::Invalid;
    QString nsp = QStringLiteral("/");
    std::optional<quint64> ackId;
    QJsonValue data;   // Connect: object or undefined; Event: non-empty array, [0] a string
    QString error;     // Invalid: why
    // Event: the event name and its first argument.
    QString eventName() const;
    QJsonValue argument(int index) const;
};
SocketPacket parseSocketPacket(QByteArrayView payload);

// Encoders for what the server sends ("4" + Socket.IO packet as one Engine.IO message).
QByteArray encodeSocketConnect(const QString &sid);
QByteArray encodeSocketConnectError(const QString &message);
QByteArray encodeSocketEvent(const QString &event, const QJsonValue &argument);
QByteArray encodeSocketAck(quint64 ackId, const QJsonArray &arguments);

} // namespace studio::remote
