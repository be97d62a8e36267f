#include "parquet/rowstreamreader.h"

#include "parquet/nestedvaluereader.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/rowassembler.h"
#include "parquet/valueformatter.h"

#include <optional>

namespace studio::parquet {

struct RowStreamReader::Cursor
{
    const Column &column;
    const LeafColumn *leaf = nullptr;
    std::optional<ValueFormatter> formatter;
    std::optional<RowAssembler> assembler;
    std::optional<ColumnChunkReader> chunk;
    DecodedPage page;
    int64_t pageRowsLeft = 0;
    int64_t skipRows = 0; // rows still to skip before the first wanted row
    RowCell::Kind kind = RowCell::Kind::Null;
    std::optional<std::string> cell;
    std::unique_ptr<NestedValueReader> nested;

    Cursor(const ParquetFile &file, const Column &c)
        : column(c)
    {
        const Schema &schema = file.schema();
        if (c.kind == Column::Kind::Nested) {
            nested = std::make_unique<NestedValueReader>(file, c);
            kind = RowCell::Kind::Json;
            return;
        }
        leaf = &schema.leaves()[size_t(c.leafIndex)];
        formatter.emplace(*leaf);
        assembler.emplace(*leaf, *formatter);
        if (c.kind == Column::Kind::List) {
            kind = RowCell::Kind::Json;
            return;
        }
        switch (formatter->textKind()) {
        case ValueFormatter::TextKind::Integer: kind = RowCell::Kind::Integer; break;
        case ValueFormatter::TextKind::Float: kind = RowCell::Kind::Float; break;
        case ValueFormatter::TextKind::Bool: kind = RowCell::Kind::Bool; break;
        default: kind = RowCell::Kind::String; break;
        }
    }
};

RowStreamReader::RowStreamReader(const ParquetFile &file, std::vector<int> columns, int64_t firstRow)
    : m_file(file)
    , m_columns(std::move(columns))
{
    const auto &all = file.schema().columns();
    if (m_columns.empty())
        for (size_t i = 0; i < all.size(); ++i)
            m_columns.push_back(int(i));
    for (const int c : m_columns) {
        if (c < 0 || size_t(c) >= all.size())
            throw ParquetError(file.name(), "has no column number " + std::to_string(c));
        m_names.push_back(all[size_t(c)].name);
        m_cursors.push_back(std::make_unique<Cursor>(file, all[size_t(c)]));
    }
    const int g = file.rowGroupOfRow(firstRow);
    if (g < 0) { // at or past the end: nothing to read
        m_row = m_rowGroupEnd = file.numRows();
        m_rowGroup = file.numRowGroups();
        return;
    }
    startRowGroup(g, firstRow - file.rowGroupFirstRow(g));
    m_row = firstRow;
}

RowStreamReader::~RowStreamReader() = default;

void RowStreamReader::startRowGroup(int rowGroup, int64_t skipRows)
{
    m_rowGroup = rowGroup;
    m_rowGroupEnd = m_file.rowGroupFirstRow(m_rowGroup) + m_file.rowGroupNumRows(m_rowGroup);
    for (auto &c : m_cursors) {
        if (c->nested) {
            c->nested->startRowGroup(rowGroup, skipRows);
            continue;
        }
        if (c->chunk) // done with the previous chunk: let its mapped pages go
            m_file.releaseRange(c->chunk->begin(), c->chunk->end() - c->chunk->begin());
        c->chunk.reset();
        c->chunk.emplace(m_file.columnChunk(m_rowGroup, c->column.leafIndex));
        c->pageRowsLeft = 0;
        c->skipRows = skipRows - c->chunk->skipPages(skipRows);
    }
}

void RowStreamReader::fillPage(Cursor &c)
{
    while (c.pageRowsLeft == 0) {
        if (!c.chunk->next(c.page))
            throw ParquetError(c.chunk->context() + ": the column chunk ends before its row group's "
                               + std::to_string(m_file.rowGroupNumRows(m_rowGroup)) + " rows");
        c.pageRowsLeft = ColumnChunkReader::rowsInPage(c.page);
        if (c.pageRowsLeft > m_rowGroupEnd - m_row + c.skipRows)
            throw ParquetError(c.chunk->context() + ": the column chunk holds more rows than its row group");
        c.assembler->reset(c.page, c.chunk->context());
    }
}

bool RowStreamReader::next(std::vector<RowCell> &row)
{
    while (m_row >= m_rowGroupEnd) {
        if (m_rowGroup + 1 >= m_file.numRowGroups())
            return false;
        startRowGroup(m_rowGroup + 1, 0);
    }
    row.resize(m_cursors.size());
    for (size_t i = 0; i < m_cursors.size(); ++i) {
        Cursor &c = *m_cursors[i];
        RowCell &cell = row[i];
        if (c.nested) {
            c.nested->nextRow(&c.cell);
        } else {
            for (; c.skipRows > 0; --c.skipRows) {
                fillPage(c);
                c.assembler->nextRow(nullptr);
                --c.pageRowsLeft;
            }
            fillPage(c);
            c.assembler->nextRow(&c.cell);
            --c.pageRowsLeft;
        }
        if (c.cell) {
            cell.kind = c.kind;
            cell.text = std::move(*c.cell);
            if (cell.kind == RowCell::Kind::Float && (cell.text == "nan" || cell.text == "inf" || cell.text == "-inf"))
                cell.kind = RowCell::Kind::String; // not representable as a JSON number
        } else {
            cell.kind = RowCell::Kind::Null;
            cell.text.clear();
        }
    }
    ++m_row;
    return true;
}

} // namespace studio::parquet
