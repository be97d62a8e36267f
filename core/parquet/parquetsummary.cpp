#include "parquet/parquetsummary.h"

#include "parquet/parquetfile.h"

namespace studio::parquet {

ParquetSummary ParquetSummary::read(const std::string &path)
{
    const ParquetFile file = ParquetFile::open(path);
    ParquetSummary s;
    s.path = path;
    s.numRows = file.numRows();
    s.createdBy = file.metadata().createdBy;
    s.fileSize = static_cast<int64_t>(file.bytes().size());
    const Schema &schema = file.schema();
    for (const Column &c : schema.columns()) {
        ColumnInfo info;
        info.name = c.name;
        info.type = c.typeName;
        if (c.leafIndex >= 0) {
            const LeafColumn &leaf = schema.leaves()[size_t(c.leafIndex)];
            info.nullable = leaf.element && leaf.maxDefinitionLevel > 0;
            info.isString = c.kind == Column::Kind::Primitive
                && (leaf.physicalType == PhysicalType::ByteArray || leaf.physicalType == PhysicalType::FixedLenByteArray);
        }
        s.columns.push_back(std::move(info));
    }
    for (int g = 0; g < file.numRowGroups(); ++g)
        s.rowGroupRows.push_back(file.rowGroupNumRows(g));
    return s;
}

int ParquetSummary::textColumn(const std::string &preferred) const
{
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].isString && columns[i].name == preferred)
            return int(i);
    for (size_t i = 0; i < columns.size(); ++i)
        if (columns[i].isString)
            return int(i);
    return -1;
}

} // namespace studio::parquet
