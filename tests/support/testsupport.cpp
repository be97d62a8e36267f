#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcessEnvironment>

#ifndef STUDIO_TEST_DATA
#define STUDIO_TEST_DATA ""
#endif

namespace studio::test {

QString dataPath(const QString &relative)
{
    return QDir(QString::fromUtf8(qgetenv("STUDIO_TEST_DATA").isEmpty()
                                      ? QByteArray(STUDIO_TEST_DATA_DIR)
                                      : qgetenv("STUDIO_TEST_DATA")))
        .filePath(relative);
}

QString binPath(const QString &program)
{
    return QDir(QStringLiteral(STUDIO_TEST_BIN_DIR)).filePath(program);
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

QByteArray CliResult::lastLine() const
{
    const QList<QByteArray> lines = out.trimmed().split('\n');
    return lines.isEmpty() ? QByteArray() : lines.last().trimmed();
}

QProcessEnvironment environmentWith(const QStringList &extraEnv)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : extraEnv) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        env.insert(kv.left(eq), kv.mid(eq + 1));
    }
    return env;
}

qint64 positiveEnvNumber(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && v > 0 ? v : fallback;
}

CliResult runCli(const QStringList &args, int timeoutMs, const QStringList &extraEnv)
{
    QProcess p;
    p.setProcessEnvironment(environmentWith(extraEnv));
    p.start(binPath(QStringLiteral("dataset-studio")), args);
    CliResult r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitCode();
    r.exitStatus = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace studio::test
