#pragma once

#include <QString>

#include <cstdint>
#include <string>
#include <string_view>

namespace studio::formats {

// Reads a file line by line through a fixed buffer: memory is bounded by the
// longest line, which is capped (a longer line is an error, not an allocation).
// Strips a leading UTF-8 BOM and a trailing '\r'; optionally rejects invalid UTF-8.
class LineSource final
{
public:
    static constexpr std::int64_t kDefaultMaxLineBytes = 256ll << 20;

    LineSource(const QString &path, std::int64_t maxLineBytes = kDefaultMaxLineBytes, bool checkUtf8 = true);
    ~LineSource();
    LineSource(const LineSource &) = delete;
    LineSource &operator=(const LineSource &) = delete;

    // The next line without its terminator; valid until the next call.
    bool next(std::string_view &line);
    std::int64_t lineNumber() const { return m_lineNumber; }
    std::int64_t bytesConsumed() const { return m_consumed; }
    std::int64_t totalBytes() const { return m_total; }
    const QString &path() const { return m_path; }
    // "path:line" for messages.
    QString where() const;
    [[noreturn]] void fail(const QString &what) const;

private:
    bool fill();

    QString m_path;
    int m_fd = -1;
    std::int64_t m_maxLine;
    bool m_checkUtf8;
    std::string m_buf;
    std::size_t m_begin = 0; // start of unread data in m_buf
    bool m_eof = false;
    bool m_first = true;
    std::int64_t m_lineNumber = 0;
    std::int64_t m_consumed = 0;
    std::int64_t m_total = 0;
};

} // namespace studio::formats
