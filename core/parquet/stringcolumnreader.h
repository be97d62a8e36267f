#pragma once

#include "parquet/columnchunkreader.h"
#include "parquet/decodedpage.h"

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace studio::parquet {

class ParquetFile;

// One page worth of a string column: one entry per row. Views are valid until
// the next call to StringColumnReader::next().
struct StringBatch
{
    std::span<const std::string_view> values; // null rows hold an empty view
    std::span<const uint8_t> nulls;           // empty when the batch has no nulls; else 1 = null
    int64_t firstRow = 0;                     // index of values[0] in the file
    int rowGroup = 0;

    size_t size() const { return values.size(); }
    bool isNull(size_t i) const { return !nulls.empty() && nulls[i]; }
};

// Streams a (top-level, non-repeated) string or binary column page by page —
// the hot path for tokenization. Memory is bounded by one page plus the
// row group's dictionary; values are views, nothing is copied.
class StringColumnReader
{
public:
    // Reads row groups [firstRowGroup, lastRowGroup) (lastRowGroup -1: to the end).
    // Throws ParquetError if the column does not exist or is not a string column.
    StringColumnReader(const ParquetFile &file, int column, int firstRowGroup = 0, int lastRowGroup = -1);
    StringColumnReader(const ParquetFile &file, std::string_view columnName);

    // Fills batch with the next page's values; false at the end.
    bool next(StringBatch &batch);

    // Calls fn(std::string_view value, bool isNull) for every row.
    template<typename Fn>
    void forEach(Fn &&fn)
    {
        StringBatch b;
        while (next(b))
            for (size_t i = 0; i < b.size(); ++i)
                fn(b.values[i], b.isNull(i));
    }

private:
    const ParquetFile &m_file;
    int m_leaf = -1;
    int m_rowGroup = 0;
    int m_lastRowGroup = 0;
    int64_t m_nextRow = 0;
    std::optional<ColumnChunkReader> m_chunk;
    DecodedPage m_page;
    std::vector<std::string_view> m_values;
    std::vector<uint8_t> m_nulls;
};

} // namespace studio::parquet
