#pragma once

#include "remote/eventencoding.h"
#include "remote/outboundqueue.h"
#include "remote/sessionenvironment.h"

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QWebSocketProtocol>

#include <optional>

class QTcpSocket;
class QWebSocket;
class QTimer;

namespace studio::remote {

// One WebSocket client of either protocol: token check, subscriptions with
// per-channel seq (no event twice, none out of order), the outbound budget
// with coalescing, rate and abuse limits, closing. Lives on the server thread;
// owns its socket.
class MonitorSession : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorSession)
public:
    MonitorSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent = nullptr);
    ~MonitorSession() override;

    // A hub event: sent if this client subscribes to its channel and has not seen it.
    void deliver(const progress::ProgressEvent &event, const EncodedEvent &encoded);
    // The TCP (or TLS) socket under the WebSocket. Events, framed once for all
    // clients, are written to it directly and flushed at once: no UTF-8
    // conversion and framing per client, and no wait for the event loop to
    // come round to 1,000 write notifiers. QWebSocket writes whole frames on
    // this thread too, so frames never interleave.
    void setTransport(QTcpSocket *socket);
    bool isClient() const { return m_client; }
    QHostAddress peerAddress() const { return m_peer; }
    // Server shutdown: close with 1001 (going away).
    void goAway();

Q_SIGNALS:
    void finished(studio::remote::MonitorSession *session);
    void clientChanged(bool client);

protected:
    struct Subscription {
        quint64 seq = 0;
        QJsonValue snapshot;
        QList<progress::ProgressEvent> replay;
        bool gap = false;
    };
    struct Refusal {
        QString code;
        QString message;
    };

    virtual void handleText(const QString &text) = 0;
    virtual QString eventText(const progress::ProgressEvent &event, const EncodedEvent &encoded) const = 0;
    virtual const QByteArray &eventFrame(const EncodedEvent &encoded) const = 0;

    // Sends a reply (never coalesced, subject to the budget like everything else).
    void send(const QString &text);
    // `frame`: the text as a WebSocket frame, if the caller has it (else it is framed here).
    void sendEvent(const progress::ProgressEvent &event, const QString &text, const QString &coalesceKey,
                   const QByteArray &frame = {});
    // Subscribes (or re-subscribes) to `channel`; on refusal returns the code and message.
    std::optional<Refusal> subscribe(const QString &channel, std::optional<quint64> since, Subscription &out);
    bool unsubscribe(const QString &channel);
    void clearSubscriptions() { m_subscriptions.clear(); }
    // Checks a presented token (throttled per address, constant time). On
    // failure returns the reason to tell the client.
    std::optional<QString> checkToken(const QString &token);
    void setClient(bool client);
    // `code` is an int: application codes such as 4401 lie outside the
    // CloseCode enum's range (UBSan: invalid enum load); cast only at Qt's call.
    void closeWith(int code, const QString &reason);
    // Counts a protocol error; returns true if that was one too many (the session is closing).
    bool countError();
    bool isClosing() const { return m_closing; }
    const SessionEnvironment &env() const { return m_env; }
    const MonitorLimits &limits() const { return m_env.limits; }

private:
    void writeFrame(const QByteArray &frame);
    void onText(const QString &text);
    void onBinary();
    void drain();
    qint64 unwritten();
    void onDisconnected();

    QWebSocket *m_socket;
    QPointer<QTcpSocket> m_transport;
    bool m_plainTransport = false; // not TLS: frames may go to the descriptor directly
    SessionEnvironment m_env;
    QHostAddress m_peer;
    OutboundQueue m_queue;
    QHash<QString, quint64> m_subscriptions; // channel -> last seq sent
    QElapsedTimer m_rateWindow;
    int m_messagesInWindow = 0;
    int m_errors = 0;
    bool m_client = false;
    bool m_closing = false;
    bool m_finished = false;
    QTimer *m_abortTimer = nullptr;
};

} // namespace studio::remote
