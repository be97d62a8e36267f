#pragma once

#include "remote/monitorsession.h"

namespace studio::remote {

// The Socket.IO v4 subset on /socket.io/ (Engine.IO over WebSocket only,
// namespace "/"): open packet, heartbeat (server ping "2", pong "3" within
// pingTimeout), CONNECT with {"token"}, subscribe/join and unsubscribe/leave
// with acks, events as 42["progress",{…}]. Malformed packets close the connection.
class SocketIoSession final : public MonitorSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SocketIoSession)
public:
    SocketIoSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent = nullptr);
    ~SocketIoSession() override;

private:
    void handleText(const QString &text) override;
    QString eventText(const progress::ProgressEvent &event, const EncodedEvent &encoded) const override;
    const QByteArray &eventFrame(const EncodedEvent &encoded) const override { return encoded.socketIoFrame; }
    void handleSocketPacket(const QByteArray &payload);
    void handleEvent(const QString &name, const QJsonValue &argument, std::optional<quint64> ackId);
    void ack(std::optional<quint64> ackId, const QJsonObject &reply);
    void malformed(const QString &why);
    void sendPing();

    QString m_sid;
    QTimer *m_connectTimer;
    QTimer *m_pingTimer;
    QTimer *m_pongTimer;
};

} // namespace studio::remote
