#include "parquet/stringcolumnreader.h"

#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"

namespace studio::parquet {

namespace {

int checkedColumn(const ParquetFile &file, std::string_view name)
{
    const int c = file.schema().columnIndex(name);
    if (c < 0)
        throw ParquetError(file.name(), "has no column \"" + std::string(name) + "\"");
    return c;
}

} // namespace

StringColumnReader::StringColumnReader(const ParquetFile &file, std::string_view columnName)
    : StringColumnReader(file, checkedColumn(file, columnName))
{
}

StringColumnReader::StringColumnReader(const ParquetFile &file, int column, int firstRowGroup, int lastRowGroup)
    : m_file(file)
    , m_rowGroup(firstRowGroup)
    , m_lastRowGroup(lastRowGroup < 0 ? file.numRowGroups() : lastRowGroup)
{
    const auto &columns = file.schema().columns();
    if (column < 0 || size_t(column) >= columns.size())
        throw ParquetError(file.name(), "has no column number " + std::to_string(column));
    const Column &c = columns[size_t(column)];
    if (c.kind != Column::Kind::Primitive)
        throw ParquetError(file.name(), "column \"" + c.name + "\" is a " + c.typeName + ", not a string column");
    const LeafColumn &leaf = file.schema().leaves()[size_t(c.leafIndex)];
    if (leaf.physicalType != PhysicalType::ByteArray && leaf.physicalType != PhysicalType::FixedLenByteArray)
        throw ParquetError(file.name(), "column \"" + c.name + "\" holds " + c.typeName + " values, not strings");
    if (m_rowGroup < 0 || m_rowGroup > m_lastRowGroup || m_lastRowGroup > file.numRowGroups())
        throw ParquetError(file.name(), "row group range out of bounds");
    m_leaf = c.leafIndex;
    if (m_rowGroup < file.numRowGroups())
        m_nextRow = file.rowGroupFirstRow(m_rowGroup);
}

bool StringColumnReader::next(StringBatch &batch)
{
    for (;;) {
        if (!m_chunk) {
            if (m_rowGroup >= m_lastRowGroup)
                return false;
            m_chunk.emplace(m_file.columnChunk(m_rowGroup, m_leaf));
        }
        if (!m_chunk->next(m_page)) {
            m_file.releaseRange(m_chunk->begin(), m_chunk->end() - m_chunk->begin());
            m_chunk.reset();
            ++m_rowGroup;
            continue;
        }
        const size_t n = size_t(m_page.numLevels);
        batch.firstRow = m_nextRow;
        batch.rowGroup = m_rowGroup;
        m_nextRow += int64_t(n);
        if (m_page.defLevels.empty() || size_t(m_page.numValues) == n) {
            batch.values = {m_page.strings.data(), n};
            batch.nulls = {};
            return true;
        }
        // Spread the non-null values over the rows, leaving empty views for nulls.
        const uint8_t maxDef = uint8_t(m_chunk->leaf().maxDefinitionLevel);
        m_values.resize(n);
        m_nulls.resize(n);
        size_t v = 0;
        for (size_t i = 0; i < n; ++i) {
            const bool present = m_page.defLevels[i] == maxDef;
            m_nulls[i] = !present;
            m_values[i] = present ? m_page.strings[v++] : std::string_view();
        }
        batch.values = m_values;
        batch.nulls = m_nulls;
        return true;
    }
}

} // namespace studio::parquet
