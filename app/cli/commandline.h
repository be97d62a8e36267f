#pragma once

#include <QStringList>

namespace studio::cli {

// The command word in argv (e.g. "import"), or an empty string when the
// desktop app should start.
QString findCommand(const QStringList &arguments);
// The arguments that are neither options nor option values, in order.
QStringList positionalArguments(const QStringList &arguments);
bool isCommand(const QString &word);
// Runs a command-line command; returns the exit code.
int runCommandLine(const QStringList &arguments);
QString usage();

} // namespace studio::cli
