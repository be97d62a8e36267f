#include "cli/clioptions.h"

#include "cli/cliio.h"

namespace studio::cli {

void CliOptions::addTo(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("data-dir"),
                      QStringLiteral("Data directory (default: $DATASET_STUDIO_HOME or the app-data location)."),
                      QStringLiteral("dir")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("Machine-readable output: one JSON object per line.")});
    parser.addOption({QStringLiteral("monitor"), QStringLiteral("Serve the remote monitor on [ADDR:]PORT while running."),
                      QStringLiteral("addr:port")});
    parser.addOption({QStringLiteral("monitor-token"), QStringLiteral("Access token for the remote monitor."),
                      QStringLiteral("token")});
    parser.addOption({QStringLiteral("monitor-cert"), QStringLiteral("TLS certificate (PEM) for the remote monitor."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("monitor-key"), QStringLiteral("TLS private key (PEM) for the remote monitor."),
                      QStringLiteral("file")});
    parser.addOption({QStringLiteral("keep-serving"),
                      QStringLiteral("Keep serving the monitor after the job ends, until interrupted.")});
    parser.addHelpOption();
}

CliOptions CliOptions::from(const QCommandLineParser &parser)
{
    CliOptions o;
    o.dataDir = parser.value(QStringLiteral("data-dir"));
    o.json = parser.isSet(QStringLiteral("json"));
    o.monitor = parser.value(QStringLiteral("monitor"));
    o.monitorToken = parser.value(QStringLiteral("monitor-token"));
    o.monitorCert = parser.value(QStringLiteral("monitor-cert"));
    o.monitorKey = parser.value(QStringLiteral("monitor-key"));
    o.keepServing = parser.isSet(QStringLiteral("keep-serving"));
    return o;
}

bool parseOrExplain(QCommandLineParser &parser, const QStringList &args)
{
    if (!parser.parse(args)) {
        printError(parser.errorText() + QStringLiteral("\nSee --help."));
        return false;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return false;
    }
    return true;
}

} // namespace studio::cli
