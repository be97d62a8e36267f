#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace studio::parquet {

class ParquetFile;

// A block of rows rendered as text: cells[r][c] is the display text of row
// (firstRow + r), column columns[c]; std::nullopt is SQL NULL. Primitive
// values use ValueFormatter's display form, lists are JSON arrays.
struct RowBlock
{
    int64_t firstRow = 0;
    std::vector<int> columns;          // top-level column indices
    std::vector<std::string> names;    // their names
    std::vector<bool> jsonCells;       // per column: the cell text is JSON (lists, numbers, booleans)
    std::vector<std::vector<std::optional<std::string>>> cells;

    // One JSON object per row: {"name": value, ...} with strings quoted,
    // numbers bare, lists as arrays, null as null.
    std::string rowAsJson(size_t row) const;
};

// Random access for the sample browser: reads rows [first, first + count)
// across the chosen columns, decoding only the row groups that hold them and
// skipping whole pages before the range where page headers allow.
class RowRangeReader
{
public:
    explicit RowRangeReader(const ParquetFile &file);

    // columns empty: all top-level columns. The range is clipped to the file.
    // Throws ParquetError on corrupt data.
    RowBlock read(int64_t first, int64_t count, const std::vector<int> &columns = {}) const;

private:
    void readColumn(int column, int64_t first, int64_t count, RowBlock &block, size_t slot) const;

    const ParquetFile &m_file;
};

} // namespace studio::parquet
