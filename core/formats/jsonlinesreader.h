#pragma once

#include "formats/linesource.h"
#include "formats/recordreader.h"

namespace studio::formats {

// JSON Lines: one JSON object per line; blank lines are skipped; anything else
// is an error naming the line.
class JsonLinesReader final : public RecordReader
{
public:
    explicit JsonLinesReader(const QString &path, std::int64_t maxLineBytes = LineSource::kDefaultMaxLineBytes);
    bool next(Record &record) override;
    std::int64_t bytesConsumed() const override { return m_lines.bytesConsumed(); }
    std::int64_t totalBytes() const override { return m_lines.totalBytes(); }

private:
    LineSource m_lines;
};

} // namespace studio::formats
