#include "parquet/rowrangereader.h"

#include "parquet/nestedvaluereader.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/rowassembler.h"
#include "parquet/valueformatter.h"

#include <algorithm>

namespace studio::parquet {

RowRangeReader::RowRangeReader(const ParquetFile &file)
    : m_file(file)
{
}

RowBlock RowRangeReader::read(int64_t first, int64_t count, const std::vector<int> &columns) const
{
    RowBlock block;
    const auto &all = m_file.schema().columns();
    if (columns.empty()) {
        for (size_t i = 0; i < all.size(); ++i)
            block.columns.push_back(int(i));
    } else {
        for (const int c : columns) {
            if (c < 0 || size_t(c) >= all.size())
                throw ParquetError(m_file.name(), "has no column number " + std::to_string(c));
            block.columns.push_back(c);
        }
    }
    for (const int c : block.columns)
        block.names.push_back(all[size_t(c)].name);
    block.jsonCells.assign(block.columns.size(), false);
    first = std::clamp<int64_t>(first, 0, m_file.numRows());
    count = std::clamp<int64_t>(count, 0, m_file.numRows() - first);
    block.firstRow = first;
    block.cells.assign(size_t(count), std::vector<std::optional<std::string>>(block.columns.size()));
    for (size_t slot = 0; slot < block.columns.size(); ++slot)
        readColumn(block.columns[slot], first, count, block, slot);
    return block;
}

void RowRangeReader::readColumn(int column, int64_t first, int64_t count, RowBlock &block, size_t slot) const
{
    if (count == 0)
        return;
    const Column &col = m_file.schema().columns()[size_t(column)];
    if (col.kind == Column::Kind::Nested) {
        block.jsonCells[slot] = true;
        NestedValueReader nested(m_file, col);
        int64_t out = 0;
        for (int g = m_file.rowGroupOfRow(first); g >= 0 && g < m_file.numRowGroups() && out < count; ++g) {
            const int64_t groupFirst = m_file.rowGroupFirstRow(g);
            const int64_t groupEnd = groupFirst + m_file.rowGroupNumRows(g);
            const int64_t from = std::max(first, groupFirst);
            nested.startRowGroup(g, from - groupFirst);
            for (int64_t row = from; row < groupEnd && out < count; ++row)
                nested.nextRow(&block.cells[size_t(out++)][slot]);
        }
        return;
    }
    const LeafColumn &leaf = m_file.schema().leaves()[size_t(col.leafIndex)];
    const ValueFormatter formatter(leaf);
    block.jsonCells[slot] = col.kind == Column::Kind::List || formatter.displayIsJson();
    RowAssembler assembler(leaf, formatter);
    const int64_t end = first + count;
    DecodedPage page;
    int64_t out = 0; // rows written
    for (int g = m_file.rowGroupOfRow(first); g >= 0 && g < m_file.numRowGroups() && out < count; ++g) {
        ColumnChunkReader chunk = m_file.columnChunk(g, col.leafIndex);
        int64_t row = m_file.rowGroupFirstRow(g);
        row += chunk.skipPages(std::max<int64_t>(0, first - row));
        const int64_t groupEnd = m_file.rowGroupFirstRow(g) + m_file.rowGroupNumRows(g);
        while (row < end && chunk.next(page)) {
            const int64_t pageRows = ColumnChunkReader::rowsInPage(page);
            if (pageRows > groupEnd - row)
                throw ParquetError(chunk.context() + ": the column chunk holds more rows than its row group ("
                                   + std::to_string(m_file.rowGroupNumRows(g)) + ")");
            if (row + pageRows <= first) {
                row += pageRows;
                continue;
            }
            assembler.reset(page, chunk.context());
            for (int64_t r = 0; r < pageRows && row < end && out < count; ++r, ++row) {
                std::optional<std::string> cell;
                const bool wanted = row >= first;
                assembler.nextRow(wanted ? &cell : nullptr);
                if (wanted)
                    block.cells[size_t(out++)][slot] = std::move(cell);
            }
        }
    }
    if (out != count)
        throw ParquetError(m_file.name() + ": column \"" + col.name + "\" holds fewer rows than the footer declares");
}

std::string RowBlock::rowAsJson(size_t row) const
{
    std::string s = "{";
    for (size_t c = 0; c < names.size(); ++c) {
        if (c)
            s += ",";
        ValueFormatter::appendJsonString(s, names[c]);
        s += ":";
        const auto &cell = cells.at(row)[c];
        if (!cell)
            s += "null";
        else if (jsonCells.at(c) && *cell != "nan" && *cell != "inf" && *cell != "-inf")
            s += *cell;
        else
            ValueFormatter::appendJsonString(s, *cell);
    }
    s += "}";
    return s;
}

} // namespace studio::parquet
