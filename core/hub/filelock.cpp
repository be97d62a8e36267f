#include "hub/filelock.h"

#include "hub/huberror.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace studio::hub {

FileLock::FileLock(const QString &path, const std::function<bool()> &cancelled)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    const QByteArray p = QFile::encodeName(path);
    m_fd = ::open(p.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot create the lock file %1: %2 (check HF_HUB_CACHE is writable)")
                                                    .arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    while (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int e = errno;
            ::close(m_fd);
            throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot lock %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(e))));
        }
        if (cancelled && cancelled()) {
            ::close(m_fd);
            throw HubError(HubError::Kind::Cancelled, QStringLiteral("cancelled"));
        }
        QThread::msleep(50);
    }
}

FileLock::~FileLock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

} // namespace studio::hub
