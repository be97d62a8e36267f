#include "remote/monitorworker.h"

#include "remote/accesstoken.h"
#include "remote/connectionguard.h"
#include "remote/eventencoding.h"
#include "remote/hostpolicy.h"
#include "remote/httpconnection.h"
#include "remote/httprouter.h"
#include "remote/jsonsession.h"
#include "remote/socketiosession.h"
#include "util/version.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketServer>

namespace studio::remote {

MonitorWorker::MonitorWorker(progress::ProgressHub &hub, catalog::Catalog &catalog, MonitorConfig config)
    : m_hub(hub)
    , m_config(std::move(config))
    , m_instance(generateAccessToken().left(16))
    , m_throttle(m_config.limits.maxAuthFailures, m_config.limits.authFailureWindowMs, m_config.limits.authBlockMs)
    , m_snapshots(hub, catalog)
    , m_env{m_config.limits, m_config.token, m_instance, m_snapshots, m_throttle, m_stats}
{
}

MonitorWorker::~MonitorWorker()
{
    shutdown();
}

QString MonitorWorker::listen()
{
    if (m_config.tlsEnabled()) {
        QFile certFile(m_config.tlsCertificatePath);
        QFile keyFile(m_config.tlsKeyPath);
        if (!certFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the TLS certificate %1: %2").arg(m_config.tlsCertificatePath, certFile.errorString());
        if (!keyFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the TLS key %1: %2").arg(m_config.tlsKeyPath, keyFile.errorString());
        const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
        const QByteArray keyPem = keyFile.readAll();
        QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
        if (chain.isEmpty())
            return QStringLiteral("%1 holds no PEM certificate").arg(m_config.tlsCertificatePath);
        if (key.isNull())
            return QStringLiteral("%1 holds no unencrypted PEM private key (RSA or EC)").arg(m_config.tlsKeyPath);
        if (!QSslSocket::supportsSsl())
            return QStringLiteral("TLS is not available (no TLS backend for Qt Network)");
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificateChain(chain);
        tls.setPrivateKey(key);
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        auto *ssl = new QSslServer(this);
        ssl->setSslConfiguration(tls);
        ssl->setHandshakeTimeout(m_config.limits.handshakeTimeoutMs);
        m_server = ssl;
    } else {
        m_server = new QTcpServer(this);
    }
    m_server->setMaxPendingConnections(m_config.limits.maxConnections);
    if (!m_server->listen(m_config.address, m_config.port)) {
        const QString why = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return QStringLiteral("cannot serve the remote monitor on %1:%2: %3")
            .arg(m_config.address.toString())
            .arg(m_config.port)
            .arg(why);
    }
    m_port = m_server->serverPort();
    m_policy = std::make_unique<HostPolicy>(m_config.address, m_port, m_config.tlsEnabled(), m_config.allowedHosts,
                                            m_config.allowedOrigins);
    m_router = std::make_unique<HttpRouter>(*m_policy, m_env);
    connect(m_server, &QTcpServer::pendingConnectionAvailable, this, &MonitorWorker::onNewTcpConnection);

    const QString name = studio::userAgent();
    for (auto *server : {&m_jsonServer, &m_socketIoServer}) {
        *server = new QWebSocketServer(name, QWebSocketServer::NonSecureMode, this);
        (*server)->setHandshakeTimeout(std::chrono::milliseconds(m_config.limits.handshakeTimeoutMs));
        (*server)->setMaxPendingConnections(m_config.limits.maxConnections);
    }
    connect(m_jsonServer, &QWebSocketServer::newConnection, this, [this] { onWebSocket(m_jsonServer, false); });
    connect(m_socketIoServer, &QWebSocketServer::newConnection, this, [this] { onWebSocket(m_socketIoServer, true); });
    connect(&m_hub, &progress::ProgressHub::eventPublished, this, &MonitorWorker::onEvent, Qt::QueuedConnection);
    return {};
}

void MonitorWorker::shutdown()
{
    disconnect(&m_hub, nullptr, this, nullptr);
    if (m_server)
        m_server->close();
    const QList<MonitorSession *> sessions = m_sessions;
    m_sessions.clear();
    for (MonitorSession *s : sessions) {
        disconnect(s, nullptr, this, nullptr);
        s->goAway();
        delete s;
    }
    delete m_jsonServer;
    m_jsonServer = nullptr;
    delete m_socketIoServer;
    m_socketIoServer = nullptr;
    delete m_server; // pending HTTP connections are its children's siblings: deleted with this object
    m_server = nullptr;
}

void MonitorWorker::onNewTcpConnection()
{
    while (m_server && m_server->hasPendingConnections()) {
        QTcpSocket *socket = m_server->nextPendingConnection();
        if (socket)
            accept(socket);
    }
}

void MonitorWorker::accept(QTcpSocket *socket)
{
    if (m_stats.connections.load() >= m_config.limits.maxConnections) {
        ++m_stats.rejectedConnections;
        socket->write(HttpResponse::error(503, QStringLiteral("too_many_connections"),
                                          QStringLiteral("the monitor serves at most %1 connections")
                                              .arg(m_config.limits.maxConnections))
                          .serialize());
        socket->disconnectFromHost();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QTimer::singleShot(2000, socket, &QTcpSocket::abort);
        return;
    }
    new ConnectionGuard(m_stats.connections, socket);
    auto *connection = new HttpConnection(socket, m_config.limits.maxHeadBytes, m_config.limits.handshakeTimeoutMs, this);
    connect(connection, &HttpConnection::requestReady, this, &MonitorWorker::onRequest);
}

void MonitorWorker::onRequest(HttpConnection *connection, const HttpRequest &request)
{
    const HttpRouter::Route route = m_router->route(request, connection->socket()->peerAddress());
    if (route.upgrade == HttpRouter::Upgrade::None) {
        connection->respond(route.response, route.headOnly);
        return;
    }
    QWebSocketServer *server = route.upgrade == HttpRouter::Upgrade::Json ? m_jsonServer : m_socketIoServer;
    QTcpSocket *socket = connection->release();
    socket->setParent(server); // until a session takes it over
    for (auto it = m_handedOff.begin(); it != m_handedOff.end();)
        it = it.value().isNull() ? m_handedOff.erase(it) : std::next(it);
    m_handedOff.insert(socket->peerAddress().toString() + QLatin1Char('|') + QString::number(socket->peerPort()), socket);
    server->handleConnection(socket);
}

void MonitorWorker::onWebSocket(QWebSocketServer *server, bool socketIo)
{
    while (server->hasPendingConnections()) {
        QWebSocket *ws = server->nextPendingConnection();
        if (!ws)
            continue;
        MonitorSession *session = socketIo ? static_cast<MonitorSession *>(new SocketIoSession(ws, m_env, this))
                                           : static_cast<MonitorSession *>(new JsonSession(ws, m_env, this));
        const QString peer = ws->peerAddress().toString() + QLatin1Char('|') + QString::number(ws->peerPort());
        if (QPointer<QTcpSocket> tcp = m_handedOff.take(peer)) {
            tcp->setParent(session); // deleted after the QWebSocket, which is the session's first child
            session->setTransport(tcp);
        }
        m_sessions.append(session);
        connect(session, &MonitorSession::finished, this, &MonitorWorker::onSessionFinished);
        connect(session, &MonitorSession::clientChanged, this,
                [this] { Q_EMIT clientCountChanged(m_stats.clients.load()); });
    }
}

void MonitorWorker::onSessionFinished(MonitorSession *session)
{
    m_sessions.removeOne(session);
    session->deleteLater();
}

void MonitorWorker::onEvent(const progress::ProgressEvent &event)
{
    if (m_sessions.isEmpty())
        return;
    const EncodedEvent encoded = encodeEvent(event);
    for (MonitorSession *s : std::as_const(m_sessions))
        s->deliver(event, encoded);
}

} // namespace studio::remote
