#include "formats/linesource.h"

#include "formats/formaterror.h"
#include "formats/utf8.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studio::formats {

namespace {
constexpr std::size_t kChunk = 1 << 20;
}

LineSource::LineSource(const QString &path, std::int64_t maxLineBytes, bool checkUtf8)
    : m_path(path)
    , m_maxLine(maxLineBytes)
    , m_checkUtf8(checkUtf8)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw FormatError(QStringLiteral("%1: no such file").arg(path));
    if (info.isDir())
        throw FormatError(QStringLiteral("%1: is a directory, not a file").arg(path));
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw FormatError(QStringLiteral("%1: cannot open (%2)").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st {};
    if (::fstat(m_fd, &st) == 0)
        m_total = st.st_size;
    ::posix_fadvise(m_fd, 0, 0, POSIX_FADV_SEQUENTIAL);
}

LineSource::~LineSource()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

QString LineSource::where() const
{
    return m_path + QLatin1Char(':') + QString::number(m_lineNumber);
}

void LineSource::fail(const QString &what) const
{
    throw FormatError(where() + QStringLiteral(": ") + what);
}

bool LineSource::fill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) { // compact: keep only the unread tail
        m_buf.erase(0, m_begin);
        m_begin = 0;
    }
    const std::size_t old = m_buf.size();
    m_buf.resize(old + kChunk);
    ssize_t got;
    do {
        got = ::read(m_fd, m_buf.data() + old, kChunk);
    } while (got < 0 && errno == EINTR);
    if (got < 0) {
        m_buf.resize(old);
        throw FormatError(QStringLiteral("%1: read error (%2)").arg(m_path, QString::fromLocal8Bit(std::strerror(errno))));
    }
    m_buf.resize(old + static_cast<std::size_t>(got));
    if (got == 0)
        m_eof = true;
    return got > 0;
}

bool LineSource::next(std::string_view &line)
{
    std::size_t scanFrom = m_begin;
    for (;;) {
        const char *start = m_buf.data() + scanFrom;
        const void *nl = std::memchr(start, '\n', m_buf.size() - scanFrom);
        if (nl) {
            const std::size_t end = static_cast<std::size_t>(static_cast<const char *>(nl) - m_buf.data());
            line = std::string_view(m_buf.data() + m_begin, end - m_begin);
            m_consumed += static_cast<std::int64_t>(end - m_begin + 1);
            m_begin = end + 1;
            break;
        }
        if (static_cast<std::int64_t>(m_buf.size() - m_begin) > m_maxLine) {
            ++m_lineNumber;
            fail(QStringLiteral("line is longer than %1 MiB; this format expects one record per line")
                     .arg(m_maxLine >> 20));
        }
        const std::size_t scanned = m_buf.size() - m_begin;
        if (!fill()) {
            if (m_begin >= m_buf.size())
                return false;
            line = std::string_view(m_buf.data() + m_begin, m_buf.size() - m_begin);
            m_consumed += static_cast<std::int64_t>(line.size());
            m_begin = m_buf.size();
            break;
        }
        scanFrom = m_begin + scanned;
    }
    ++m_lineNumber;
    if (m_first) {
        m_first = false;
        if (line.substr(0, 3) == "\xEF\xBB\xBF")
            line.remove_prefix(3);
    }
    if (!line.empty() && line.back() == '\r')
        line.remove_suffix(1);
    if (m_checkUtf8) {
        const std::size_t bad = findInvalidUtf8(line);
        if (bad != std::string_view::npos)
            fail(QStringLiteral("not valid UTF-8 (byte %1 of the line); convert the file to UTF-8").arg(bad + 1));
    }
    return true;
}

} // namespace studio::formats
