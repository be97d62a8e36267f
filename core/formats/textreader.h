#pragma once

#include "formats/linesource.h"
#include "formats/recordreader.h"

#include <string>

namespace studio::formats {

// Plain text into a `text` column: one sample per line (Lines: every line,
// as Hugging Face's text loader does), or one sample per block of lines
// separated by blank lines (Paragraphs: the block's lines joined by '\n').
class TextReader final : public RecordReader
{
public:
    enum class Mode { Lines, Paragraphs };
    TextReader(const QString &path, Mode mode, std::int64_t maxSampleBytes = LineSource::kDefaultMaxLineBytes);
    bool next(Record &record) override;
    std::int64_t bytesConsumed() const override { return m_lines.bytesConsumed(); }
    std::int64_t totalBytes() const override { return m_lines.totalBytes(); }

private:
    LineSource m_lines;
    Mode m_mode;
    std::int64_t m_maxSample;
    std::string m_paragraph;
};

} // namespace studio::formats
