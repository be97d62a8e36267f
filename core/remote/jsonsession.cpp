#include "remote/jsonsession.h"

#include "remote/clientmessage.h"
#include "util/version.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace studio::remote {

namespace {
constexpr int kUnauthorized = 4401; // the protocol's own close code
constexpr int kProtocol = 1;
} // namespace

JsonSession::JsonSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent)
    : MonitorSession(socket, env, parent)
    , m_helloTimer(new QTimer(this))
{
    m_helloTimer->setSingleShot(true);
    connect(m_helloTimer, &QTimer::timeout, this, [this] {
        ++this->env().stats.helloTimeouts;
        closeWith(kUnauthorized, QStringLiteral("no hello within %1 ms").arg(limits().helloTimeoutMs));
    });
    m_helloTimer->start(env.limits.helloTimeoutMs);
}

JsonSession::~JsonSession() = default;

QString JsonSession::eventText(const progress::ProgressEvent &, const EncodedEvent &encoded) const
{
    return encoded.json;
}

void JsonSession::sendJson(const QJsonObject &o)
{
    send(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

void JsonSession::sendError(const QString &code, const QString &message)
{
    if (countError())
        return;
    sendJson({{QStringLiteral("type"), QStringLiteral("error")},
              {QStringLiteral("code"), code},
              {QStringLiteral("message"), message}});
}

void JsonSession::handleText(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    const ClientMessage m = parseClientMessage(utf8);
    if (!isClient()) {
        if (m.type != ClientMessage::Type::Hello) {
            closeWith(kUnauthorized, QStringLiteral("the first message must be hello"));
            return;
        }
        m_helloTimer->stop();
        if (m.protocol != kProtocol) {
            sendJson({{QStringLiteral("type"), QStringLiteral("error")},
                      {QStringLiteral("code"), QStringLiteral("unsupported_protocol")},
                      {QStringLiteral("message"), QStringLiteral("this server speaks protocol 1")}});
            closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("unsupported protocol"));
            return;
        }
        if (const auto failure = checkToken(m.token)) {
            closeWith(kUnauthorized, *failure);
            return;
        }
        setClient(true);
        sendJson({{QStringLiteral("type"), QStringLiteral("welcome")},
                  {QStringLiteral("protocol"), kProtocol},
                  {QStringLiteral("server"), studio::userAgent()},
                  {QStringLiteral("instance"), env().instance}});
        return;
    }
    switch (m.type) {
    case ClientMessage::Type::Invalid:
        sendError(m.errorCode, m.error);
        return;
    case ClientMessage::Type::Hello:
        sendError(QStringLiteral("bad_message"), QStringLiteral("hello was already accepted"));
        return;
    case ClientMessage::Type::Ping:
        sendJson({{QStringLiteral("type"), QStringLiteral("pong")}});
        return;
    case ClientMessage::Type::Unsubscribe:
        if (!unsubscribe(m.channel)) {
            sendError(QStringLiteral("not_subscribed"), QStringLiteral("not subscribed to '%1'").arg(m.channel));
            return;
        }
        sendJson({{QStringLiteral("type"), QStringLiteral("unsubscribed")}, {QStringLiteral("channel"), m.channel}});
        return;
    case ClientMessage::Type::Subscribe: {
        Subscription s;
        if (const auto refusal = subscribe(m.channel, m.since, s)) {
            sendError(refusal->code, refusal->message);
            return;
        }
        QJsonObject reply{{QStringLiteral("type"), QStringLiteral("subscribed")},
                          {QStringLiteral("channel"), m.channel},
                          {QStringLiteral("seq"), static_cast<qint64>(s.seq)},
                          {QStringLiteral("snapshot"), s.snapshot},
                          {QStringLiteral("replayed"), static_cast<int>(s.replay.size())}};
        if (s.gap)
            reply.insert(QStringLiteral("gap"), true);
        sendJson(reply);
        for (const progress::ProgressEvent &ev : s.replay)
            sendEvent(ev, encodeJsonEvent(ev), {});
        return;
    }
    }
}

} // namespace studio::remote
