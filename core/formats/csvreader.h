#pragma once

#include "formats/linesource.h"
#include "formats/recordreader.h"

#include <string>
#include <vector>

namespace studio::formats {

// CSV / TSV (RFC 4180): a header row names the columns; quoted fields may hold
// delimiters, doubled quotes and newlines. A row with a different number of
// fields than the header is an error naming its line. Empty fields are null;
// integers and decimals are typed as numbers.
class CsvReader final : public RecordReader
{
public:
    CsvReader(const QString &path, char delimiter, std::int64_t maxRecordBytes = LineSource::kDefaultMaxLineBytes);
    bool next(Record &record) override;
    std::int64_t bytesConsumed() const override { return m_lines.bytesConsumed(); }
    std::int64_t totalBytes() const override { return m_lines.totalBytes(); }
    const std::vector<std::string> &header() const { return m_header; }

private:
    bool readRow(std::vector<std::string> &fields, std::vector<bool> &quoted);

    LineSource m_lines;
    char m_delimiter;
    std::int64_t m_maxRecord;
    std::vector<std::string> m_header;
    std::vector<std::string> m_fields;
    std::vector<bool> m_quoted;
};

} // namespace studio::formats
