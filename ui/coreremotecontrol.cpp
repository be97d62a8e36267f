#include "coreremotecontrol.h"

#include "remote/accesstoken.h"
#include "remote/monitorconfig.h"
#include "remote/monitorserver.h"
#include "secretfile.h"

#include <QDir>
#include <QSettings>

namespace studio::ui {

namespace {

const QString kEnabled = QStringLiteral("remote/enabled");
const QString kAddress = QStringLiteral("remote/address");
const QString kPort = QStringLiteral("remote/port");

} // namespace

CoreRemoteControl::CoreRemoteControl(progress::ProgressHub &hub, catalog::Catalog &catalog, const QString &dataDir,
                                     QObject *parent)
    : RemoteControl(parent)
    , m_server(std::make_unique<remote::MonitorServer>(hub, catalog))
    , m_tokenPath(QDir(dataDir).filePath(QStringLiteral("remote-token")))
{
    connect(m_server.get(), &remote::MonitorServer::clientCountChanged, this, &RemoteControl::clientCountChanged);
    connect(m_server.get(), &remote::MonitorServer::runningChanged, this, &RemoteControl::runningChanged);
}

CoreRemoteControl::~CoreRemoteControl() = default;

RemoteControl::Settings CoreRemoteControl::settings() const
{
    const QSettings q;
    Settings s;
    s.enabled = q.value(kEnabled, s.enabled).toBool();
    s.address = q.value(kAddress, s.address).toString();
    s.port = quint16(q.value(kPort, s.port).toUInt());
    s.token = SecretFile::read(m_tokenPath);
    return s;
}

QString CoreRemoteControl::startIfEnabled()
{
    const Settings s = settings();
    return s.enabled ? serve(s) : QString();
}

QString CoreRemoteControl::serve(const Settings &s)
{
    if (!s.enabled) {
        m_server->stop();
        return {};
    }
    // The same "[ADDR:]PORT" rules as the command line's --monitor.
    QString address = s.address.trimmed();
    if (address.contains(QLatin1Char(':')) && !address.startsWith(QLatin1Char('[')))
        address = QLatin1Char('[') + address + QLatin1Char(']');
    remote::MonitorConfig config;
    QString error;
    if (!remote::parseListenAddress(address + QLatin1Char(':') + QString::number(s.port), config.address, config.port, error))
        return error;
    config.token = s.token.trimmed();
    if (!m_server->start(config))
        return m_server->errorString();
    return {};
}

void CoreRemoteControl::apply(const Settings &requested)
{
    Settings s = requested;
    s.address = s.address.trimmed();
    s.token = s.token.trimmed();
    const QString error = serve(s);
    if (error.isEmpty()) {
        // A token the server generated for a loopback bind is kept, so the URL
        // stays the same across restarts.
        if (m_server->isRunning())
            s.token = m_server->token();
        QString saveError = SecretFile::write(m_tokenPath, s.token);
        QSettings q;
        q.setValue(kEnabled, s.enabled);
        q.setValue(kAddress, s.address);
        q.setValue(kPort, s.port);
        Q_EMIT applied(saveError);
        return;
    }
    Q_EMIT applied(error);
}

bool CoreRemoteControl::isRunning() const
{
    return m_server->isRunning();
}

QUrl CoreRemoteControl::monitorUrl() const
{
    return m_server->isRunning() ? m_server->url() : QUrl();
}

int CoreRemoteControl::clientCount() const
{
    return m_server->clientCount();
}

QString CoreRemoteControl::generateToken() const
{
    return remote::generateAccessToken();
}

} // namespace studio::ui
