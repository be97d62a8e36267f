#include "formats/jsonarrayreader.h"

#include "formats/formaterror.h"
#include "formats/jsonfields.h"
#include "util/jsontext.h"
#include "formats/utf8.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace studio::formats {

JsonArrayReader::JsonArrayReader(const QString &path, std::int64_t maxElementBytes)
    : m_path(path)
    , m_maxElement(maxElementBytes)
{
    if (QFileInfo(path).isDir())
        throw FormatError(QStringLiteral("%1: is a directory, not a file").arg(path));
    m_fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC);
    if (m_fd < 0)
        throw FormatError(QStringLiteral("%1: cannot open (%2)").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    struct stat st {};
    if (::fstat(m_fd, &st) == 0)
        m_total = st.st_size;
}

JsonArrayReader::~JsonArrayReader()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void JsonArrayReader::fail(const QString &what) const
{
    throw FormatError(QStringLiteral("%1:%2: %3").arg(m_path).arg(m_line).arg(what));
}

int JsonArrayReader::peekByte()
{
    if (m_pos >= m_buf.size()) {
        m_buf.resize(1 << 20);
        ssize_t got;
        do {
            got = ::read(m_fd, m_buf.data(), m_buf.size());
        } while (got < 0 && errno == EINTR);
        if (got < 0)
            fail(QStringLiteral("read error (%1)").arg(QString::fromLocal8Bit(std::strerror(errno))));
        m_buf.resize(static_cast<std::size_t>(got));
        m_pos = 0;
        if (got == 0)
            return -1;
    }
    return static_cast<unsigned char>(m_buf[m_pos]);
}

int JsonArrayReader::takeByte()
{
    const int c = peekByte();
    if (c >= 0) {
        ++m_pos;
        ++m_consumed;
        if (c == '\n')
            ++m_line;
    }
    return c;
}

void JsonArrayReader::skipWhitespace()
{
    for (int c = peekByte(); c == ' ' || c == '\n' || c == '\r' || c == '\t'; c = peekByte())
        takeByte();
}

bool JsonArrayReader::next(Record &record)
{
    if (m_state == State::Done)
        return false;
    if (m_state == State::Start) {
        skipWhitespace();
        if (m_consumed == 0 && peekByte() == 0xEF) { // UTF-8 BOM
            takeByte();
            takeByte();
            takeByte();
            skipWhitespace();
        }
        if (takeByte() != '[')
            fail(QStringLiteral("expected a JSON array of objects ([{...}, ...]); use --format jsonl for JSON Lines"));
        skipWhitespace();
        if (peekByte() == ']') {
            takeByte();
            m_state = State::Done;
            return false;
        }
        m_state = State::Element;
    } else if (m_state == State::Separator) {
        skipWhitespace();
        const int c = takeByte();
        if (c == ']') {
            skipWhitespace();
            if (peekByte() >= 0)
                fail(QStringLiteral("unexpected data after the closing ]"));
            m_state = State::Done;
            return false;
        }
        if (c != ',')
            fail(c < 0 ? QStringLiteral("the file ends inside the array (truncated?)")
                       : QStringLiteral("expected ',' or ']' between array elements"));
        skipWhitespace();
    }

    // Scan one element: track strings and nesting to find where it ends.
    const std::int64_t startLine = m_line;
    std::string element;
    int depth = 0;
    bool inString = false, escaped = false;
    for (;;) {
        const int c = peekByte();
        if (c < 0) {
            if (!element.empty() && depth == 0 && !inString)
                break; // a scalar at the very end; the separator check reports the truncation
            fail(QStringLiteral("the file ends inside element %1 (truncated?)").arg(m_index + 1));
        }
        if (!inString && depth == 0 && !element.empty()
            && (c == ',' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t'))
            break; // end of a scalar
        takeByte();
        element.push_back(static_cast<char>(c));
        if (static_cast<std::int64_t>(element.size()) > m_maxElement)
            fail(QStringLiteral("array element %1 is larger than %2 MiB").arg(m_index + 1).arg(m_maxElement >> 20));
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"') {
                inString = false;
                if (depth == 0)
                    break; // a top-level string is complete
            }
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            if (--depth <= 0)
                break; // the object or array is complete
        }
    }
    ++m_index;
    const std::size_t bad = findInvalidUtf8(element);
    if (bad != std::string::npos)
        fail(QStringLiteral("element %1 is not valid UTF-8").arg(m_index));
    if (element.front() != '{')
        fail(QStringLiteral("array element %1 is not an object (expected {\"text\": \"...\"})").arg(m_index));
    QJsonParseError error{};
    const QJsonDocument doc = parseJson(element, &error);
    if (error.error != QJsonParseError::NoError) {
        m_line = startLine;
        fail(QStringLiteral("malformed JSON in array element %1: %2").arg(m_index).arg(error.errorString()));
    }
    if (!doc.isObject())
        fail(QStringLiteral("array element %1 is not an object (expected {\"text\": \"...\"})").arg(m_index));
    record.clear();
    record.line = startLine;
    appendJsonObject(doc.object(), record);
    m_state = State::Separator;
    return true;
}

} // namespace studio::formats
