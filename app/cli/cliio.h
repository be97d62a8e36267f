#pragma once

#include <QJsonObject>
#include <QString>

namespace studio::cli {

// Exit codes of job commands.
enum ExitCode { Success = 0, Failed = 1, Usage = 2, Interrupted = 130 };

void printOut(const QString &text);          // stdout, newline added
void printError(const QString &text);        // stderr, "dataset-studio: " prefix
void printJson(const QJsonObject &object);   // one compact line on stdout
bool stdoutIsTerminal();
QString humanBytes(qint64 bytes);
QString humanCount(qint64 n);

} // namespace studio::cli
