#include "formats/bufferedfile.h"

#include "formats/formaterror.h"

#include <QFile>

#include <algorithm>
#include <chrono>
#include <new>

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
// Written around the cache, the bytes are on their way already but the disk
// may hold them in its own cache: a data sync on another thread every this
// many bytes flushes it while the writer goes on (on a 200 MB token file the
// final fsync took 0.3 s; with these, 0.01 s).
constexpr std::uint64_t kBackgroundSyncBytes = 32u << 20;

// Buffer address, file offset and length of writes around the page cache
// must be multiples of the device's block size; a page is a safe multiple.
constexpr std::size_t kDirectAlignment = 4096;

[[noreturn]] void failWrite(const QString &path, int err)
{
    if (err == ENOSPC || err == EDQUOT)
        throw FormatError(QStringLiteral("The disk is full while writing %1: free some space and retry.").arg(path));
    if (err == EFBIG)
        throw FormatError(QStringLiteral("File size limit reached while writing %1.").arg(path));
    throw FormatError(QStringLiteral("Cannot write %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(err))));
}

} // namespace

BufferedFile::BufferedFile(const QString &path, Caching caching, std::size_t bufferBytes)
    : m_path(path)
    , m_capacity((std::max<std::size_t>(bufferBytes, kDirectAlignment) + kDirectAlignment - 1) / kDirectAlignment
                 * kDirectAlignment)
{
    // A file size limit must surface as EFBIG, not kill the process.
    std::signal(SIGXFSZ, SIG_IGN);
    const QByteArray name = QFile::encodeName(path);
    constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
#ifdef O_DIRECT
    if (caching == Caching::Direct) {
        m_fd = ::open(name.constData(), kFlags | O_DIRECT, 0644);
        m_direct = m_fd >= 0;
        // EINVAL: this file system cannot write around its cache.
        if (m_fd < 0 && errno != EINVAL)
            failWrite(path, errno);
    }
#else
    Q_UNUSED(caching);
#endif
    if (m_fd < 0)
        m_fd = ::open(name.constData(), kFlags, 0644);
    if (m_fd < 0)
        failWrite(path, errno);
    m_buf.reset(static_cast<char *>(std::aligned_alloc(kDirectAlignment, m_capacity)));
    if (!m_buf)
        throw std::bad_alloc();
}

BufferedFile::~BufferedFile()
{
    if (m_backgroundSync.valid())
        m_backgroundSync.wait(); // it uses m_fd
    if (m_fd >= 0)
        ::close(m_fd);
}

void BufferedFile::startBackgroundSync()
{
    if (m_backgroundSync.valid()) {
        if (m_backgroundSync.wait_for(std::chrono::seconds(0)) != std::future_status::ready)
            return; // the last one still runs: the next flush asks again
        finishBackgroundSync();
    }
    m_backgroundSync = std::async(std::launch::async, [fd = m_fd] { return ::fdatasync(fd) == 0 ? 0 : errno; });
    m_writebackFrom = m_written;
}

// Waits for the background sync, if any; its error (it alone sees it) is the file's.
void BufferedFile::finishBackgroundSync()
{
    if (!m_backgroundSync.valid())
        return;
    const int err = m_backgroundSync.get();
    if (err != 0 && err != EINVAL)
        failWrite(m_path, err);
}

void BufferedFile::writeThroughFull(std::string_view bytes)
{
    m_size += bytes.size();
    while (!bytes.empty()) {
        if (m_used == m_capacity)
            flush();
        const std::size_t n = std::min(bytes.size(), m_capacity - m_used);
        std::memcpy(m_buf.get() + m_used, bytes.data(), n);
        m_used += n;
        bytes.remove_prefix(n);
    }
}

void BufferedFile::writeAll(const char *data, std::size_t size)
{
    std::size_t off = 0;
    while (off < size) {
        const ssize_t n = ::write(m_fd, data + off, size - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EINVAL && m_direct) {
                // A short write left the file offset unaligned, or the file
                // system refused after all: go on through the page cache.
                stopDirect();
                continue;
            }
            failWrite(m_path, errno);
        }
        off += static_cast<std::size_t>(n);
    }
    m_written += size;
}

void BufferedFile::stopDirect()
{
#ifdef O_DIRECT
    const int flags = ::fcntl(m_fd, F_GETFL);
    if (flags < 0 || ::fcntl(m_fd, F_SETFL, flags & ~O_DIRECT) < 0)
        failWrite(m_path, errno);
#endif
    m_direct = false;
}

// Hands the buffer to the kernel. A full buffer is a whole number of aligned
// blocks; only the file's tail is not, and it goes through the page cache.
void BufferedFile::flush()
{
    if (m_direct && m_used % kDirectAlignment != 0)
        stopDirect();
    writeAll(m_buf.get(), m_used);
    m_used = 0;
    if (m_direct && m_written - m_writebackFrom >= kBackgroundSyncBytes)
        startBackgroundSync();
#ifdef __linux__
    if (!m_direct && m_written - m_writebackFrom >= kWritebackBytes) {
        // A hint: it only starts the disk write; errors surface at the fsync in close().
        ::sync_file_range(m_fd, static_cast<off_t>(m_writebackFrom), static_cast<off_t>(m_written - m_writebackFrom),
                          SYNC_FILE_RANGE_WRITE);
        m_writebackFrom = m_written;
    }
#endif
}

void BufferedFile::close(std::string_view header)
{
    if (m_fd < 0)
        return;
    flush();
    if (!header.empty()) {
        if (m_direct)
            stopDirect();
        for (std::size_t off = 0; off < header.size();) {
            const ssize_t n = ::pwrite(m_fd, header.data() + off, header.size() - off, static_cast<off_t>(off));
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0)
                failWrite(m_path, errno);
            off += static_cast<std::size_t>(n);
        }
    }
    finishBackgroundSync();
    if (::fsync(m_fd) != 0 && errno != EINVAL)
        failWrite(m_path, errno);
    if (::close(m_fd) != 0) {
        m_fd = -1;
        failWrite(m_path, errno);
    }
    m_fd = -1;
}

} // namespace studio::formats
