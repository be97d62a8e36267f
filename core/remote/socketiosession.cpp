#include "remote/socketiosession.h"

#include "remote/accesstoken.h"
#include "remote/socketiopacket.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace studio::remote {

SocketIoSession::SocketIoSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent)
    : MonitorSession(socket, env, parent)
    , m_sid(generateAccessToken().left(20))
    , m_connectTimer(new QTimer(this))
    , m_pingTimer(new QTimer(this))
    , m_pongTimer(new QTimer(this))
{
    const QJsonObject open{{QStringLiteral("sid"), m_sid},
                           {QStringLiteral("upgrades"), QJsonArray()},
                           {QStringLiteral("pingInterval"), env.limits.pingIntervalMs},
                           {QStringLiteral("pingTimeout"), env.limits.pingTimeoutMs},
                           {QStringLiteral("maxPayload"), static_cast<qint64>(env.limits.maxMessageBytes)}};
    send(QStringLiteral("0") + QString::fromUtf8(QJsonDocument(open).toJson(QJsonDocument::Compact)));

    m_connectTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, [this] {
        ++this->env().stats.helloTimeouts;
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("no CONNECT in time"));
    });
    m_connectTimer->start(env.limits.helloTimeoutMs);

    connect(m_pingTimer, &QTimer::timeout, this, &SocketIoSession::sendPing);
    m_pingTimer->start(env.limits.pingIntervalMs);
    m_pongTimer->setSingleShot(true);
    connect(m_pongTimer, &QTimer::timeout, this, [this] {
        closeWith(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("ping timeout"));
    });
}

SocketIoSession::~SocketIoSession() = default;

QString SocketIoSession::eventText(const progress::ProgressEvent &, const EncodedEvent &encoded) const
{
    return encoded.socketIo;
}

void SocketIoSession::sendPing()
{
    if (isClosing())
        return;
    send(QStringLiteral("2"));
    if (!m_pongTimer->isActive())
        m_pongTimer->start(limits().pingTimeoutMs);
}

void SocketIoSession::malformed(const QString &why)
{
    ++env().stats.abuseCloses;
    closeWith(QWebSocketProtocol::CloseCodeProtocolError, QStringLiteral("malformed packet: ") + why.left(80));
}

void SocketIoSession::handleText(const QString &text)
{
    const EnginePacket packet = parseEnginePacket(text.toUtf8());
    switch (packet.type) {
    case EnginePacket::Type::Pong:
        m_pongTimer->stop();
        return;
    case EnginePacket::Type::Ping: // a client probing us
        send(QStringLiteral("3") + QString::fromUtf8(packet.payload));
        return;
    case EnginePacket::Type::Noop:
        return;
    case EnginePacket::Type::Close:
        closeWith(QWebSocketProtocol::CloseCodeNormal, QStringLiteral("client closed"));
        return;
    case EnginePacket::Type::Message:
        handleSocketPacket(packet.payload);
        return;
    case EnginePacket::Type::Open:
    case EnginePacket::Type::Upgrade:
    case EnginePacket::Type::Invalid:
        malformed(QStringLiteral("unexpected Engine.IO packet"));
        return;
    }
}

void SocketIoSession::handleSocketPacket(const QByteArray &payload)
{
    const SocketPacket p = parseSocketPacket(payload);
    if (p.type == SocketPacket::Type::Invalid) {
        malformed(p.error);
        return;
    }
    if (p.nsp != QLatin1String("/")) {
        if (p.type == SocketPacket::Type::Connect)
            send(QStringLiteral("44") + p.nsp + QStringLiteral(",{\"message\":\"Invalid namespace\"}"));
        else
            malformed(QStringLiteral("unknown namespace"));
        return;
    }
    switch (p.type) {
    case SocketPacket::Type::Connect: {
        if (isClient())
            return;
        m_connectTimer->stop();
        if (const auto failure = checkToken(p.data.toObject().value(QStringLiteral("token")).toString())) {
            send(QString::fromUtf8(encodeSocketConnectError(*failure)));
            if (countError())
                return;
            return;
        }
        setClient(true);
        send(QString::fromUtf8(encodeSocketConnect(m_sid)));
        return;
    }
    case SocketPacket::Type::Disconnect:
        clearSubscriptions();
        setClient(false);
        return;
    case SocketPacket::Type::Event:
        if (!isClient()) {
            malformed(QStringLiteral("event before CONNECT"));
            return;
        }
        handleEvent(p.eventName(), p.argument(0), p.ackId);
        return;
    case SocketPacket::Type::Ack: // we never ask for acks
    case SocketPacket::Type::ConnectError:
    case SocketPacket::Type::Invalid:
        return;
    }
}

void SocketIoSession::ack(std::optional<quint64> ackId, const QJsonObject &reply)
{
    if (ackId)
        send(QString::fromUtf8(encodeSocketAck(*ackId, QJsonArray{reply})));
}

void SocketIoSession::handleEvent(const QString &name, const QJsonValue &argument, std::optional<quint64> ackId)
{
    const QString channel = argument.isString() ? argument.toString() : argument.toObject().value(QStringLiteral("channel")).toString();
    const bool isSubscribe = name == QLatin1String("subscribe") || name == QLatin1String("join");
    const bool isUnsubscribe = name == QLatin1String("unsubscribe") || name == QLatin1String("leave");
    if (!isSubscribe && !isUnsubscribe) {
        if (countError())
            return;
        ack(ackId, {{QStringLiteral("ok"), false},
                    {QStringLiteral("error"), QStringLiteral("unknown_event")},
                    {QStringLiteral("message"), QStringLiteral("events: subscribe, join, unsubscribe, leave")}});
        return;
    }
    if (isUnsubscribe) {
        unsubscribe(channel);
        ack(ackId, {{QStringLiteral("ok"), true}, {QStringLiteral("channel"), channel}});
        return;
    }
    std::optional<quint64> since;
    const QJsonValue sinceValue = argument.toObject().value(QStringLiteral("since"));
    if (sinceValue.isDouble() && sinceValue.toDouble() >= 0 && sinceValue.toDouble() < 9.0e15)
        since = static_cast<quint64>(sinceValue.toDouble());
    Subscription s;
    if (const auto refusal = subscribe(channel, since, s)) {
        if (countError())
            return;
        ack(ackId, {{QStringLiteral("ok"), false},
                    {QStringLiteral("channel"), channel},
                    {QStringLiteral("error"), refusal->code},
                    {QStringLiteral("message"), refusal->message}});
        return;
    }
    ack(ackId, {{QStringLiteral("ok"), true},
                {QStringLiteral("channel"), channel},
                {QStringLiteral("seq"), static_cast<qint64>(s.seq)},
                {QStringLiteral("snapshot"), s.snapshot},
                {QStringLiteral("replayed"), static_cast<int>(s.replay.size())}});
    for (const progress::ProgressEvent &ev : s.replay)
        sendEvent(ev, encodeSocketIoEvent(ev), {});
}

} // namespace studio::remote
