#pragma once

#include "formats/recordreader.h"

#include <QString>

#include <string>

namespace studio::formats {

// A JSON array of objects ([{...}, {...}]), streamed element by element: the
// scanner finds each top-level element's bytes, which are parsed alone, so
// memory is bounded by the largest element, not the file.
class JsonArrayReader final : public RecordReader
{
public:
    explicit JsonArrayReader(const QString &path, std::int64_t maxElementBytes = 256ll << 20);
    ~JsonArrayReader() override;
    bool next(Record &record) override;
    std::int64_t bytesConsumed() const override { return m_consumed; }
    std::int64_t totalBytes() const override { return m_total; }

private:
    int peekByte(); // -1 at end
    int takeByte();
    void skipWhitespace();
    [[noreturn]] void fail(const QString &what) const;

    QString m_path;
    int m_fd = -1;
    std::int64_t m_maxElement;
    std::string m_buf;
    std::size_t m_pos = 0;
    std::int64_t m_consumed = 0;
    std::int64_t m_total = 0;
    std::int64_t m_line = 1;
    std::int64_t m_index = 0;
    enum class State { Start, Element, Separator, Done } m_state = State::Start;
};

} // namespace studio::formats
