#pragma once

#include "remote/failurethrottle.h"
#include "remote/monitorconfig.h"
#include "remote/sessionenvironment.h"
#include "remote/snapshotsource.h"

#include <QHostAddress>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QObject>

#include <memory>

class QTcpServer;
class QTcpSocket;
class QWebSocketServer;

namespace studio::catalog {
class Catalog;
}

namespace studio::remote {

class HostPolicy;
class HttpConnection;
class HttpRouter;
class MonitorSession;
struct HttpRequest;

// The server itself, living on the monitor's thread: the listening socket,
// HTTP requests, the two WebSocket protocols, and the fan-out of hub events
// to the sessions. Created and driven by MonitorServer.
class MonitorWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorWorker)
public:
    MonitorWorker(progress::ProgressHub &hub, catalog::Catalog &catalog, MonitorConfig config);
    ~MonitorWorker() override;

    // On the worker's thread. Returns an empty string when listening, else why not.
    QString listen();
    void shutdown();
    quint16 port() const { return m_port; }
    const AtomicStats &stats() const { return m_stats; }

Q_SIGNALS:
    void clientCountChanged(int count);

private:
    void onNewTcpConnection();
    void onRequest(HttpConnection *connection, const HttpRequest &request);
    void onWebSocket(QWebSocketServer *server, bool socketIo);
    void onEvent(const studio::progress::ProgressEvent &event);
    void onSessionFinished(MonitorSession *session);
    void accept(QTcpSocket *socket);

    progress::ProgressHub &m_hub;
    MonitorConfig m_config;
    QString m_instance;
    quint16 m_port = 0;
    AtomicStats m_stats;
    FailureThrottle m_throttle;
    SnapshotSource m_snapshots;
    SessionEnvironment m_env;
    std::unique_ptr<HostPolicy> m_policy;
    std::unique_ptr<HttpRouter> m_router;
    QTcpServer *m_server = nullptr;
    QWebSocketServer *m_jsonServer = nullptr;
    QWebSocketServer *m_socketIoServer = nullptr;
    QList<MonitorSession *> m_sessions;
    // Sockets handed to a QWebSocketServer, by peer: QWebSocket does not delete its
    // socket, so the session that gets it takes it over.
    QHash<QString, QPointer<QTcpSocket>> m_handedOff;
};

} // namespace studio::remote
