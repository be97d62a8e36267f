#pragma once

#include <QStringList>

namespace studio::cli {

// The command word in argv (e.g. "import"), or an empty string when the
// desktop app should start.
QString findCommand(const QStringList &arguments);
// Runs a command-line command; returns the exit code.
int runCommandLine(const QStringList &arguments);
QString usage();

} // namespace studio::cli
