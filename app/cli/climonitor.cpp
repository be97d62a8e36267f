#include "cli/climonitor.h"

#include "catalog/catalog.h"
#include "cli/cliio.h"
#include "cli/stopsignal.h"
#include "remote/monitorserver.h"
#include "studiocontext.h"

#include <QEventLoop>
#include <QTimer>

namespace studio::cli {

CliMonitor::CliMonitor(app::StudioContext &context, const CliOptions &options)
    : m_context(context)
    , m_options(options)
{
}

CliMonitor::~CliMonitor() = default;

int CliMonitor::start()
{
    if (m_options.monitor.isEmpty()) {
        if (!m_options.monitorToken.isEmpty() || m_options.keepServing || !m_options.monitorCert.isEmpty()
            || !m_options.monitorKey.isEmpty()) {
            printError(QStringLiteral("--monitor-token, --monitor-cert, --monitor-key and --keep-serving need "
                                      "--monitor [ADDR:]PORT"));
            return Usage;
        }
        return Success;
    }
    remote::MonitorConfig config;
    QString error;
    if (!remote::parseListenAddress(m_options.monitor, config.address, config.port, error)) {
        printError(error);
        return Usage;
    }
    config.token = m_options.monitorToken;
    config.tlsCertificatePath = m_options.monitorCert;
    config.tlsKeyPath = m_options.monitorKey;
    error = config.validate();
    if (!error.isEmpty()) {
        printError(error);
        return Usage;
    }
    m_server = std::make_unique<remote::MonitorServer>(m_context.hub(), m_context.catalog());
    if (!m_server->start(config)) {
        printError(m_server->errorString());
        return Failed;
    }
    printError(QStringLiteral("Remote monitor: ") + m_server->url().toString());
    return Success;
}

void CliMonitor::keepServingIfAsked()
{
    if (!m_server || !m_options.keepServing)
        return;
    if (stopRequested()) { // arrived while the command's job ran
        m_server->stop();
        return;
    }
    printError(QStringLiteral("Serving the remote monitor until interrupted (Ctrl-C)."));
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(100);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&loop] {
        if (stopRequested())
            loop.quit();
    });
    poll.start();
    loop.exec();
    m_server->stop();
}

} // namespace studio::cli
