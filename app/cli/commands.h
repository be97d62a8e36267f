#pragma once

#include <QStringList>

namespace studio::cli {

// Each command gets its arguments with the program name first and the command
// word(s) removed, and returns the process exit code.
int runImportCommand(const QStringList &args);
int runDownloadCommand(const QStringList &args);
int runListCommand(const QStringList &args);
int runShowCommand(const QStringList &args);
int runDeleteCommand(const QStringList &args);
int runCancelCommand(const QStringList &args);
int runRetryCommand(const QStringList &args);
int runDemoCommand(const QStringList &args);
int runTokenizerCommand(const QStringList &args);
int runTokenizeCommand(const QStringList &args);

} // namespace studio::cli
