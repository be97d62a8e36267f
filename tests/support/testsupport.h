#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace studio::test {

// Absolute path of a file under tests/data.
QString dataPath(const QString &relative);

// Absolute path of a program built into the build's bin folder (e.g. "dataset-studio").
QString binPath(const QString &program);

// Reads a whole file; fails the current test (via qFatal-free QVERIFY in callers) when missing.
QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);

struct CliResult {
    int exitCode = -1;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    QByteArray out;
    QByteArray err;
    QByteArray lastLine() const; // last non-empty stdout line
};

// This process's environment with "NAME=value" entries added or replaced.
QProcessEnvironment environmentWith(const QStringList &extraEnv);

// A positive number from the environment (e.g. STUDIO_CRASH_TRIALS), else fallback.
qint64 positiveEnvNumber(const char *name, qint64 fallback);

// Runs the real dataset-studio executable with the given arguments and waits
// (bounded by timeoutMs). Extra environment entries are "NAME=value".
CliResult runCli(const QStringList &args, int timeoutMs = 120000,
                 const QStringList &extraEnv = {});

} // namespace studio::test
