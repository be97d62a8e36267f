#include "remote/monitorsession.h"

#include "remote/accesstoken.h"
#include "remote/clientmessage.h"

#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace studio::remote {

namespace {
constexpr int kCloseGraceMs = 10000; // then the TCP connection is dropped
}

MonitorSession::MonitorSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_env(env)
    , m_peer(socket->peerAddress())
    , m_queue(env.limits.outboundBudgetBytes)
{
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingFrameSize(env.limits.maxMessageBytes);
    m_socket->setMaxAllowedIncomingMessageSize(env.limits.maxMessageBytes);
    m_rateWindow.start();
    ++m_env.stats.sessions;
    connect(m_socket, &QWebSocket::textMessageReceived, this, &MonitorSession::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, &MonitorSession::onBinary);
    connect(m_socket, &QWebSocket::bytesWritten, this, &MonitorSession::drain);
    connect(m_socket, &QWebSocket::disconnected, this, &MonitorSession::onDisconnected);
}

MonitorSession::~MonitorSession()
{
    setClient(false);
    --m_env.stats.sessions;
}

void MonitorSession::goAway()
{
    closeWith(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server stopped"));
}

void MonitorSession::deliver(const progress::ProgressEvent &event, const EncodedEvent &encoded)
{
    if (!m_client || m_closing)
        return;
    const auto it = m_subscriptions.find(event.channel);
    if (it == m_subscriptions.end() || event.seq <= it.value())
        return;
    it.value() = event.seq;
    sendEvent(event, eventText(event, encoded), encoded.coalesceKey, eventFrame(encoded));
}

void MonitorSession::setTransport(QTcpSocket *socket)
{
    m_transport = socket;
    m_plainTransport = qobject_cast<QSslSocket *>(socket) == nullptr;
}

void MonitorSession::writeFrame(const QByteArray &frame)
{
    qsizetype sent = 0;
#ifdef Q_OS_UNIX
    // Plain TCP with nothing queued ahead of it: straight into the kernel's
    // socket buffer. Going through QTcpSocket would switch its write notifier
    // on and off, which costs O(connections) in Qt's glib event dispatcher:
    // O(n^2) for one event sent to n clients.
    if (m_plainTransport && m_transport->bytesToWrite() == 0) {
        const ssize_t n = ::send(static_cast<int>(m_transport->socketDescriptor()), frame.constData(),
                                 static_cast<size_t>(frame.size()), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0)
            sent = n; // else full or failing: QTcpSocket buffers it, or reports the error
    }
#endif
    if (sent == frame.size())
        return;
    if (m_transport->write(frame.constData() + sent, frame.size() - sent) == frame.size() - sent)
        m_transport->flush();
}

void MonitorSession::send(const QString &text)
{
    if (m_closing)
        return;
    switch (m_queue.offer(unwritten(), {text, {}, {}})) {
    case OutboundQueue::Offer::SendNow:
        m_socket->sendTextMessage(text);
        break;
    case OutboundQueue::Offer::Queued:
        break;
    case OutboundQueue::Offer::Overflow:
        ++m_env.stats.slowConsumerCloses;
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer: events are not read"));
        break;
    }
}

void MonitorSession::sendEvent(const progress::ProgressEvent &event, const QString &text, const QString &coalesceKey,
                               const QByteArray &frame)
{
    if (m_closing)
        return;
    const qint64 coalescedBefore = m_queue.coalesced();
    switch (m_queue.offer(unwritten(), {text, event.channel, coalesceKey})) {
    case OutboundQueue::Offer::SendNow:
        if (m_transport && !frame.isEmpty()) {
            writeFrame(frame);
        } else {
            m_socket->sendTextMessage(text);
        }
        ++m_env.stats.eventsSent;
        break;
    case OutboundQueue::Offer::Queued:
        if (m_queue.coalesced() != coalescedBefore)
            ++m_env.stats.coalesced;
        break;
    case OutboundQueue::Offer::Overflow:
        ++m_env.stats.slowConsumerCloses;
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("slow consumer: events are not read"));
        break;
    }
}

qint64 MonitorSession::unwritten()
{
    qint64 n = m_socket->bytesToWrite();
    // Writes are flushed when this thread's event loop comes round; if events
    // arrive faster than that, push now before judging the client slow.
    if (n >= m_env.limits.outboundBudgetBytes) {
        m_socket->flush();
        n = m_socket->bytesToWrite();
    }
    return n;
}

void MonitorSession::drain()
{
    if (m_closing)
        return;
    while (auto item = m_queue.takeReady(m_socket->bytesToWrite())) {
        m_socket->sendTextMessage(item->text);
        if (!item->channel.isEmpty())
            ++m_env.stats.eventsSent;
    }
}

std::optional<MonitorSession::Refusal> MonitorSession::subscribe(const QString &channel, std::optional<quint64> since,
                                                                 Subscription &out)
{
    if (!isMonitorChannel(channel))
        return Refusal{QStringLiteral("unknown_channel"),
                       QStringLiteral("unknown channel '%1': use \"datasets\" or \"datasets/{id}/progress\"")
                           .arg(channel.left(kMaxChannelLength))};
    if (!m_subscriptions.contains(channel) && m_subscriptions.size() >= m_env.limits.maxSubscriptions)
        return Refusal{QStringLiteral("too_many_subscriptions"),
                       QStringLiteral("at most %1 subscriptions per connection").arg(m_env.limits.maxSubscriptions)};
    const auto state = m_env.snapshots.hub().channelState(channel, since);
    out.seq = state.seq;
    out.snapshot = m_env.snapshots.channelSnapshot(channel, state);
    // A `since` beyond the channel's seq comes from another server run: its seqs mean nothing here.
    if (since && *since <= state.seq) {
        out.replay = state.replay;
        out.gap = state.gap;
    }
    m_subscriptions.insert(channel, state.seq);
    return std::nullopt;
}

bool MonitorSession::unsubscribe(const QString &channel)
{
    return m_subscriptions.remove(channel) > 0;
}

std::optional<QString> MonitorSession::checkToken(const QString &token)
{
    if (m_env.throttle.isBlocked(m_peer)) {
        ++m_env.stats.throttled;
        return QStringLiteral("too many failed attempts from this address; try again in %1 s")
            .arg(m_env.throttle.retryAfterSeconds(m_peer));
    }
    if (!tokensEqual(token.toUtf8(), m_env.token.toUtf8())) {
        m_env.throttle.recordFailure(m_peer);
        ++m_env.stats.unauthorized;
        return QStringLiteral("unauthorized");
    }
    m_env.throttle.recordSuccess(m_peer);
    return std::nullopt;
}

void MonitorSession::setClient(bool client)
{
    if (client == m_client)
        return;
    m_client = client;
    m_env.stats.clients += client ? 1 : -1;
    Q_EMIT clientChanged(client);
}

void MonitorSession::closeWith(int code, const QString &reason)
{
    if (m_closing)
        return;
    m_closing = true;
    setClient(false);
    m_subscriptions.clear();
    m_socket->close(static_cast<QWebSocketProtocol::CloseCode>(code), reason);
    m_abortTimer = new QTimer(this);
    m_abortTimer->setSingleShot(true);
    connect(m_abortTimer, &QTimer::timeout, m_socket, &QWebSocket::abort);
    m_abortTimer->start(kCloseGraceMs);
}

bool MonitorSession::countError()
{
    if (++m_errors < m_env.limits.maxProtocolErrors)
        return false;
    ++m_env.stats.abuseCloses;
    closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many bad messages"));
    return true;
}

void MonitorSession::onText(const QString &text)
{
    if (m_closing)
        return;
    if (m_rateWindow.elapsed() >= 1000) {
        m_rateWindow.restart();
        m_messagesInWindow = 0;
    }
    if (++m_messagesInWindow > m_env.limits.maxMessagesPerSecond) {
        ++m_env.stats.abuseCloses;
        closeWith(QWebSocketProtocol::CloseCodePolicyViolated, QStringLiteral("too many messages per second"));
        return;
    }
    handleText(text);
}

void MonitorSession::onBinary()
{
    if (m_closing)
        return;
    ++m_env.stats.abuseCloses;
    closeWith(QWebSocketProtocol::CloseCodeDatatypeNotSupported, QStringLiteral("text messages only"));
}

void MonitorSession::onDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_socket->closeCode() == QWebSocketProtocol::CloseCodeTooMuchData)
        ++m_env.stats.tooBigCloses;
    setClient(false);
    Q_EMIT finished(this);
}

} // namespace studio::remote
