#include "jobs/instancelock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QUuid>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace studio::jobs {

namespace {

QString lockPath(const QString &dataDir, const QString &id)
{
    return QDir(dataDir).filePath(QStringLiteral("run/") + id + QStringLiteral(".lock"));
}

} // namespace

InstanceLock::InstanceLock(const QString &dataDir)
    : m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_path(lockPath(dataDir, m_id))
{
    QDir().mkpath(QDir(dataDir).filePath(QStringLiteral("run")));
    m_fd = ::open(QFile::encodeName(m_path).constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd >= 0) {
        if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        const QByteArray pid = QByteArray::number(QCoreApplication::applicationPid());
        if (::ftruncate(m_fd, 0) == 0 && ::write(m_fd, pid.constData(), static_cast<size_t>(pid.size())) < 0) {
            // The pid is only informative; the lock itself is what matters.
        }
    }
}

InstanceLock::~InstanceLock()
{
    if (m_fd >= 0) {
        QFile::remove(m_path);
        ::close(m_fd);
    }
}

bool InstanceLock::isAlive(const QString &dataDir, const QString &instanceId)
{
    if (instanceId.isEmpty())
        return false;
    const QString path = lockPath(dataDir, instanceId);
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false; // no lock file: its owner ended (or never started)
    const bool taken = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
    if (taken)
        QFile::remove(path);
    ::close(fd);
    return !taken;
}

qint64 InstanceLock::ownerPid(const QString &dataDir, const QString &instanceId)
{
    QFile f(lockPath(dataDir, instanceId));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    return f.readAll().trimmed().toLongLong();
}

} // namespace studio::jobs
