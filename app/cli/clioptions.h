#pragma once

#include <QCommandLineParser>
#include <QString>

namespace studio::cli {

// Options every command accepts.
struct CliOptions {
    QString dataDir;
    bool json = false;
    QString monitor;      // [ADDR:]PORT, empty: no monitor
    QString monitorToken;
    QString monitorCert; // PEM files: serve https:// and wss://
    QString monitorKey;
    bool keepServing = false;

    static void addTo(QCommandLineParser &parser);
    static CliOptions from(const QCommandLineParser &parser);
};

// Parses `args` (program name first) with the command's own options plus the
// common ones. On a usage error prints it and returns false.
bool parseOrExplain(QCommandLineParser &parser, const QStringList &args);

} // namespace studio::cli
