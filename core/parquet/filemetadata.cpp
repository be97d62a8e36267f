#include "parquet/filemetadata.h"

#include "parquet/parqueterror.h"
#include "parquet/thriftcompactreader.h"

#include <cstring>
#include <utility>

namespace studio::parquet {

namespace {

using TR = ThriftCompactReader;

template<typename Fn>
void readStruct(TR &r, Fn &&fn)
{
    r.readStruct(std::forward<Fn>(fn));
}

void expect(TR &r, const TR::FieldHeader &f, uint8_t type, const char *what)
{
    const bool ok = f.type == type || (type == TR::BoolTrue && f.type == TR::BoolFalse);
    if (!ok)
        r.fail(std::string("unexpected Thrift type for ") + what);
}

template<typename Fn>
void readList(TR &r, const TR::FieldHeader &f, uint8_t elementType, const char *what, Fn &&fn)
{
    expect(r, f, TR::List, what);
    uint8_t et = 0;
    const uint32_t n = r.readListHeader(et);
    if (n > 0 && et != elementType)
        r.fail(std::string("unexpected element type in ") + what);
    for (uint32_t i = 0; i < n; ++i)
        fn();
}

int32_t i32(TR &r, const TR::FieldHeader &f, const char *what)
{
    expect(r, f, TR::I32, what);
    return r.readI32();
}

int64_t i64(TR &r, const TR::FieldHeader &f, const char *what)
{
    expect(r, f, TR::I64, what);
    return r.readI64();
}

std::string str(TR &r, const TR::FieldHeader &f, const char *what)
{
    expect(r, f, TR::Binary, what);
    return r.readString();
}

TimeUnit readTimeUnit(TR &r)
{
    TimeUnit unit = TimeUnit::None;
    readStruct(r, [&](const TR::FieldHeader &f) {
        if (f.type == TR::Struct && f.id >= 1 && f.id <= 3)
            unit = static_cast<TimeUnit>(f.id);
        r.skip(f.type);
    });
    return unit;
}

LogicalType readLogicalType(TR &r)
{
    LogicalType lt;
    readStruct(r, [&](const TR::FieldHeader &f) {
        if (f.type != TR::Struct) {
            r.skip(f.type);
            return;
        }
        using K = LogicalType::Kind;
        switch (f.id) {
        case 1: lt.kind = K::String; r.skip(f.type); break;
        case 2: lt.kind = K::Map; r.skip(f.type); break;
        case 3: lt.kind = K::List; r.skip(f.type); break;
        case 4: lt.kind = K::Enum; r.skip(f.type); break;
        case 5:
            lt.kind = K::Decimal;
            readStruct(r, [&](const TR::FieldHeader &g) {
                if (g.id == 1) lt.decimalScale = i32(r, g, "decimal scale");
                else if (g.id == 2) lt.decimalPrecision = i32(r, g, "decimal precision");
                else r.skip(g.type);
            });
            break;
        case 6: lt.kind = K::Date; r.skip(f.type); break;
        case 7:
        case 8:
            lt.kind = f.id == 7 ? K::Time : K::Timestamp;
            readStruct(r, [&](const TR::FieldHeader &g) {
                if (g.id == 1 && (g.type == TR::BoolTrue || g.type == TR::BoolFalse))
                    lt.adjustedToUtc = r.readBool(g);
                else if (g.id == 2 && g.type == TR::Struct)
                    lt.unit = readTimeUnit(r);
                else
                    r.skip(g.type);
            });
            break;
        case 10:
            lt.kind = K::Integer;
            readStruct(r, [&](const TR::FieldHeader &g) {
                if (g.id == 1 && g.type == TR::Byte)
                    lt.bitWidth = r.readByte();
                else if (g.id == 2 && (g.type == TR::BoolTrue || g.type == TR::BoolFalse))
                    lt.isSigned = r.readBool(g);
                else
                    r.skip(g.type);
            });
            break;
        case 11: lt.kind = K::Unknown; r.skip(f.type); break;
        case 12: lt.kind = K::Json; r.skip(f.type); break;
        case 13: lt.kind = K::Bson; r.skip(f.type); break;
        case 14: lt.kind = K::Uuid; r.skip(f.type); break;
        case 15: lt.kind = K::Float16; r.skip(f.type); break;
        default: lt.kind = K::Other; r.skip(f.type); break;
        }
    });
    return lt;
}

SchemaElement readSchemaElement(TR &r)
{
    SchemaElement e;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1: e.type = static_cast<PhysicalType>(i32(r, f, "schema type")); break;
        case 2: e.typeLength = i32(r, f, "type_length"); break;
        case 3:
            e.repetition = static_cast<Repetition>(i32(r, f, "repetition_type"));
            e.hasRepetition = true;
            break;
        case 4: e.name = str(r, f, "schema name"); break;
        case 5: e.numChildren = i32(r, f, "num_children"); break;
        case 6: e.convertedType = static_cast<ConvertedType>(i32(r, f, "converted_type")); break;
        case 7: e.scale = i32(r, f, "scale"); break;
        case 8: e.precision = i32(r, f, "precision"); break;
        case 10:
            expect(r, f, TR::Struct, "logicalType");
            e.logicalType = readLogicalType(r);
            break;
        default: r.skip(f.type); break;
        }
    });
    return e;
}

Statistics readStatistics(TR &r)
{
    Statistics s;
    std::optional<std::string> legacyMin, legacyMax;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1: legacyMax = str(r, f, "statistics max"); break;
        case 2: legacyMin = str(r, f, "statistics min"); break;
        case 3: s.nullCount = i64(r, f, "null_count"); break;
        case 4: s.distinctCount = i64(r, f, "distinct_count"); break;
        case 5: s.max = str(r, f, "max_value"); break;
        case 6: s.min = str(r, f, "min_value"); break;
        default: r.skip(f.type); break;
        }
    });
    if (!s.min)
        s.min = std::move(legacyMin);
    if (!s.max)
        s.max = std::move(legacyMax);
    return s;
}

ColumnMetaData readColumnMetaData(TR &r)
{
    ColumnMetaData m;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1: m.type = static_cast<PhysicalType>(i32(r, f, "column type")); break;
        case 2:
            readList(r, f, TR::I32, "encodings",
                     [&] { m.encodings.push_back(static_cast<Encoding>(r.readI32())); });
            break;
        case 3:
            readList(r, f, TR::Binary, "path_in_schema", [&] { m.pathInSchema.push_back(r.readString()); });
            break;
        case 4: m.codec = static_cast<CompressionCodec>(i32(r, f, "codec")); break;
        case 5: m.numValues = i64(r, f, "num_values"); break;
        case 6: m.totalUncompressedSize = i64(r, f, "total_uncompressed_size"); break;
        case 7: m.totalCompressedSize = i64(r, f, "total_compressed_size"); break;
        case 9: m.dataPageOffset = i64(r, f, "data_page_offset"); break;
        case 10: m.indexPageOffset = i64(r, f, "index_page_offset"); break;
        case 11: m.dictionaryPageOffset = i64(r, f, "dictionary_page_offset"); break;
        case 12:
            expect(r, f, TR::Struct, "statistics");
            m.statistics = readStatistics(r);
            break;
        default: r.skip(f.type); break;
        }
    });
    return m;
}

ColumnChunk readColumnChunk(TR &r)
{
    ColumnChunk c;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1: c.filePath = str(r, f, "file_path"); break;
        case 2: c.fileOffset = i64(r, f, "file_offset"); break;
        case 3:
            expect(r, f, TR::Struct, "meta_data");
            c.metaData = readColumnMetaData(r);
            c.hasMetaData = true;
            break;
        default: r.skip(f.type); break;
        }
    });
    return c;
}

RowGroup readRowGroup(TR &r)
{
    RowGroup g;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1:
            expect(r, f, TR::List, "row group columns");
            readList(r, f, TR::Struct, "row group columns", [&] { g.columns.push_back(readColumnChunk(r)); });
            break;
        case 2: g.totalByteSize = i64(r, f, "total_byte_size"); break;
        case 3: g.numRows = i64(r, f, "num_rows"); break;
        case 5: g.fileOffset = i64(r, f, "file_offset"); break;
        case 6: g.totalCompressedSize = i64(r, f, "total_compressed_size"); break;
        default: r.skip(f.type); break;
        }
    });
    return g;
}

KeyValue readKeyValue(TR &r)
{
    KeyValue kv;
    readStruct(r, [&](const TR::FieldHeader &f) {
        if (f.id == 1) kv.key = str(r, f, "key");
        else if (f.id == 2) kv.value = str(r, f, "value");
        else r.skip(f.type);
    });
    return kv;
}

} // namespace

uint32_t footerLengthFromTail(std::span<const uint8_t> tail8, uint64_t fileSize, std::string_view source)
{
    if (tail8.size() < kFooterTailSize)
        throw ParquetError(source, "not a parquet file: shorter than the 8-byte footer tail");
    const uint8_t *t = tail8.data() + tail8.size() - kFooterTailSize;
    if (std::memcmp(t + 4, kParquetMagic.data(), 4) != 0) {
        if (std::memcmp(t + 4, "PARE", 4) == 0)
            throw ParquetError(source, "encrypted parquet files are not supported");
        throw ParquetError(source, "not a parquet file: it does not end with \"PAR1\"");
    }
    const uint32_t len = uint32_t(t[0]) | uint32_t(t[1]) << 8 | uint32_t(t[2]) << 16 | uint32_t(t[3]) << 24;
    if (len == 0)
        throw ParquetError(source, "corrupt parquet file: the footer length is 0");
    if (fileSize != 0 && uint64_t(len) + kFooterTailSize + 4 > fileSize)
        throw ParquetError(source, "corrupt or truncated parquet file: the footer length " + std::to_string(len)
                                       + " does not fit in a file of " + std::to_string(fileSize) + " bytes");
    return len;
}

FileMetaData parseFileMetaData(std::span<const uint8_t> footer, std::string_view source)
{
    std::string context = ParquetError::withSource(source, "footer");
    TR r(footer, context);
    FileMetaData md;
    readStruct(r, [&](const TR::FieldHeader &f) {
        switch (f.id) {
        case 1: md.version = i32(r, f, "version"); break;
        case 2: readList(r, f, TR::Struct, "schema", [&] { md.schema.push_back(readSchemaElement(r)); }); break;
        case 3: md.numRows = i64(r, f, "num_rows"); break;
        case 4: readList(r, f, TR::Struct, "row_groups", [&] { md.rowGroups.push_back(readRowGroup(r)); }); break;
        case 5:
            readList(r, f, TR::Struct, "key_value_metadata", [&] { md.keyValueMetadata.push_back(readKeyValue(r)); });
            break;
        case 6: md.createdBy = str(r, f, "created_by"); break;
        default: r.skip(f.type); break;
        }
    });
    if (md.schema.empty())
        r.fail("the footer has no schema");
    if (md.numRows < 0)
        r.fail("negative num_rows");
    int64_t sum = 0;
    for (const RowGroup &g : md.rowGroups) {
        if (g.numRows < 0 || g.numRows > md.numRows - sum)
            r.fail("row group row counts do not add up to num_rows");
        sum += g.numRows;
    }
    if (sum != md.numRows && !md.rowGroups.empty())
        r.fail("row group row counts (" + std::to_string(sum) + ") differ from num_rows ("
               + std::to_string(md.numRows) + ")");
    return md;
}

std::optional<FileMetaData> parseFileMetaDataFromTail(std::span<const uint8_t> tail, uint64_t fileSize,
                                                      size_t &bytesNeeded, std::string_view source)
{
    const uint32_t len = footerLengthFromTail(tail, fileSize, source);
    bytesNeeded = size_t(len) + kFooterTailSize;
    if (tail.size() < bytesNeeded)
        return std::nullopt;
    return parseFileMetaData(tail.subspan(tail.size() - bytesNeeded, len), source);
}

} // namespace studio::parquet
