#include "remote/monitorserver.h"

#include "remote/accesstoken.h"
#include "remote/monitorworker.h"

#include <QThread>

namespace studio::remote {

MonitorServer::MonitorServer(progress::ProgressHub &hub, catalog::Catalog &catalog, QObject *parent)
    : QObject(parent)
    , m_hub(hub)
    , m_catalog(catalog)
{
}

MonitorServer::~MonitorServer()
{
    stop();
}

bool MonitorServer::start(const MonitorConfig &config)
{
    stop();
    m_error = config.validate();
    if (!m_error.isEmpty())
        return false;
    m_config = config;
    if (m_config.token.isEmpty())
        m_config.token = generateAccessToken();

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("remote-monitor"));
    m_worker = new MonitorWorker(m_hub, m_catalog, m_config);
    m_worker->moveToThread(m_thread);
    connect(m_worker, &MonitorWorker::clientCountChanged, this, [this](int count) {
        m_clientCount.store(count);
        Q_EMIT clientCountChanged(count);
    });
    m_thread->start();
    QString error;
    QMetaObject::invokeMethod(m_worker, [this, &error] { error = m_worker->listen(); }, Qt::BlockingQueuedConnection);
    if (!error.isEmpty()) {
        stop();
        m_error = error;
        return false;
    }
    m_port = m_worker->port();
    Q_EMIT runningChanged(true);
    return true;
}

void MonitorServer::stop()
{
    if (!m_thread)
        return;
    MonitorWorker *worker = m_worker;
    // Everything the worker owns is deleted on its own thread.
    QMetaObject::invokeMethod(worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    m_worker = nullptr;
    // The worker is disconnected from the hub; a publisher still inside an
    // emit may be posting to this thread's queue, which goes with the thread.
    m_hub.waitForPublishers();
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    m_port = 0;
    if (m_clientCount.exchange(0) != 0)
        Q_EMIT clientCountChanged(0);
    Q_EMIT runningChanged(false);
}

QUrl MonitorServer::url() const
{
    QUrl u;
    u.setScheme(isTls() ? QStringLiteral("https") : QStringLiteral("http"));
    const QHostAddress &a = m_config.address;
    const bool any = a == QHostAddress(QHostAddress::Any) || a == QHostAddress(QHostAddress::AnyIPv4)
                     || a == QHostAddress(QHostAddress::AnyIPv6);
    u.setHost(any ? QStringLiteral("127.0.0.1") : a.toString());
    u.setPort(m_port);
    u.setPath(QStringLiteral("/"));
    u.setFragment(QStringLiteral("token=") + m_config.token);
    return u;
}

MonitorStats MonitorServer::stats() const
{
    if (!m_worker)
        return {};
    return m_worker->stats().snapshot();
}

} // namespace studio::remote
