#pragma once

#include "remote/monitorconfig.h"
#include "remote/monitorstats.h"

#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

#include <atomic>

class QThread;

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}

namespace studio::remote {

class MonitorWorker;

// The embedded remote-monitoring server (realtime-protocol.md): the monitor
// page, /healthz, /api/datasets, the JSON protocol on /ws and the Socket.IO v4
// subset on /socket.io/, all on one port. Off until start(); read-only; runs
// on its own thread, so no client can stall the thread that owns this object.
// The GUI and the command line use this class and nothing else of core/remote.
class MonitorServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MonitorServer)
public:
    // `hub` and `catalog` must outlive the server (or its stop()).
    MonitorServer(progress::ProgressHub &hub, catalog::Catalog &catalog, QObject *parent = nullptr);
    ~MonitorServer() override; // stops

    // Validates `config` (a non-loopback address needs a token; tokens have at
    // least 16 characters), generates a token for loopback binds without one,
    // and listens. Returns false with errorString() on failure. Restarts if running.
    bool start(const MonitorConfig &config);
    void stop();

    bool isRunning() const { return m_worker != nullptr; }
    QString errorString() const { return m_error; }
    QHostAddress address() const { return m_config.address; }
    quint16 port() const { return m_port; } // the bound port (also when asked for 0)
    QString token() const { return m_config.token; }
    bool isTls() const { return m_config.tlsEnabled(); }
    // The page's address with the token in the fragment: http://127.0.0.1:8001/#token=…
    QUrl url() const;
    // WebSocket clients past hello / CONNECT.
    int clientCount() const { return m_clientCount.load(); }
    MonitorStats stats() const;

Q_SIGNALS:
    void clientCountChanged(int count);
    void runningChanged(bool running);

private:
    progress::ProgressHub &m_hub;
    catalog::Catalog &m_catalog;
    MonitorConfig m_config;
    QString m_error;
    quint16 m_port = 0;
    QThread *m_thread = nullptr;
    MonitorWorker *m_worker = nullptr;
    std::atomic<int> m_clientCount{0};
};

} // namespace studio::remote
