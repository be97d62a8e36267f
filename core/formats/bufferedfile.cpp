#include "formats/bufferedfile.h"

#include "formats/formaterror.h"

#include <QFile>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace studio::formats {

namespace {

// Writeback is started every this many bytes, so the final fsync waits only
// for the tail instead of the whole file.
constexpr std::uint64_t kWritebackBytes = 8u << 20;

[[noreturn]] void failWrite(const QString &path, int err)
{
    if (err == ENOSPC || err == EDQUOT)
        throw FormatError(QStringLiteral("The disk is full while writing %1: free some space and retry.").arg(path));
    if (err == EFBIG)
        throw FormatError(QStringLiteral("File size limit reached while writing %1.").arg(path));
    throw FormatError(QStringLiteral("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(err))));
}

} // namespace

BufferedFile::BufferedFile(const QString &path, std::size_t bufferBytes)
    : m_path(path)
    , m_capacity(bufferBytes)
{
    // A file size limit must surface as EFBIG, not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);
    m_fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (m_fd < 0)
        failWrite(path, errno);
    m_buf.reserve(m_capacity);
}

BufferedFile::~BufferedFile()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void BufferedFile::write(std::string_view bytes)
{
    if (m_buf.size() + bytes.size() > m_capacity) {
        flush();
        if (bytes.size() >= m_capacity) {
            m_buf.assign(bytes);
            flush();
            m_size += bytes.size();
            return;
        }
    }
    m_buf.append(bytes);
    m_size += bytes.size();
}

void BufferedFile::flush()
{
    std::size_t off = 0;
    while (off < m_buf.size()) {
        const ssize_t n = ::write(m_fd, m_buf.data() + off, m_buf.size() - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            failWrite(m_path, errno);
        }
        off += static_cast<std::size_t>(n);
    }
    m_written += m_buf.size();
    m_buf.clear();
#ifdef __linux__
    if (m_written - m_writebackFrom >= kWritebackBytes) {
        // A hint: it only starts the disk write; errors surface at the fsync in close().
        ::sync_file_range(m_fd, static_cast<off_t>(m_writebackFrom), static_cast<off_t>(m_written - m_writebackFrom),
                          SYNC_FILE_RANGE_WRITE);
        m_writebackFrom = m_written;
    }
#endif
}

void BufferedFile::close()
{
    if (m_fd < 0)
        return;
    flush();
    if (::fsync(m_fd) != 0 && errno != EINVAL)
        failWrite(m_path, errno);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        failWrite(m_path, errno);
    }
    m_fd = -1;
}

} // namespace studio::formats
