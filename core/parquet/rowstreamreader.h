#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace studio::parquet {

class ParquetFile;

// One value of a streamed row. `text` is the display text (ValueFormatter) for
// scalars and a JSON array for lists; empty for Null.
struct RowCell
{
    enum class Kind : uint8_t { Null, String, Integer, Float, Bool, Json };
    Kind kind = Kind::Null;
    std::string text;
};

// Streams whole rows (all or chosen top-level columns) from the first row to
// the last, decoding every column in step, one page per column in memory:
// what an importer needs (RowRangeReader is for random access). Lists,
// structs and maps come as JSON cells.
class RowStreamReader
{
public:
    // Starts at row firstRow (seeking to its row group and skipping whole pages
    // where page headers allow); columns empty means all top-level columns.
    explicit RowStreamReader(const ParquetFile &file, std::vector<int> columns = {}, int64_t firstRow = 0);
    ~RowStreamReader();
    RowStreamReader(const RowStreamReader &) = delete;
    RowStreamReader &operator=(const RowStreamReader &) = delete;

    const std::vector<std::string> &names() const { return m_names; }

    // Fills row (one cell per column); false after the last row. Throws ParquetError.
    bool next(std::vector<RowCell> &row);
    // Index in the file of the next row next() returns.
    int64_t nextRow() const { return m_row; }

private:
    struct Cursor;
    void startRowGroup(int rowGroup, int64_t skipRows);
    void fillPage(struct Cursor &c);

    const ParquetFile &m_file;
    std::vector<int> m_columns;
    std::vector<std::string> m_names;
    std::vector<std::unique_ptr<Cursor>> m_cursors;
    int m_rowGroup = -1;
    int64_t m_row = 0;
    int64_t m_rowGroupEnd = 0;
};

} // namespace studio::parquet
