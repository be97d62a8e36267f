#pragma once

#include "parquet/parquettypes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The parquet footer (FileMetaData and what it contains), decoded from the
// Thrift compact protocol. Only the fields the reader needs are kept.
namespace studio::parquet {

struct KeyValue
{
    std::string key;
    std::optional<std::string> value;
};

struct Statistics
{
    std::optional<std::string> min;   // min_value (or legacy min), plain-encoded
    std::optional<std::string> max;   // max_value (or legacy max), plain-encoded
    std::optional<int64_t> nullCount;
    std::optional<int64_t> distinctCount;
};

struct SchemaElement
{
    std::string name;
    std::optional<PhysicalType> type;      // absent on groups
    int32_t typeLength = 0;                // FIXED_LEN_BYTE_ARRAY width
    Repetition repetition = Repetition::Required;
    bool hasRepetition = false;            // the root usually has none
    int32_t numChildren = 0;
    ConvertedType convertedType = ConvertedType::None;
    int32_t scale = 0;
    int32_t precision = 0;
    LogicalType logicalType;
};

struct ColumnMetaData
{
    PhysicalType type = PhysicalType::Boolean;
    std::vector<Encoding> encodings;
    std::vector<std::string> pathInSchema;
    CompressionCodec codec = CompressionCodec::Uncompressed;
    int64_t numValues = 0;
    int64_t totalUncompressedSize = 0;
    int64_t totalCompressedSize = 0;
    int64_t dataPageOffset = 0;
    std::optional<int64_t> dictionaryPageOffset;
    std::optional<int64_t> indexPageOffset;
    Statistics statistics;
};

struct ColumnChunk
{
    std::string filePath;  // non-empty: data lives in another file (unsupported)
    int64_t fileOffset = 0;
    bool hasMetaData = false;
    ColumnMetaData metaData;
};

struct RowGroup
{
    std::vector<ColumnChunk> columns;
    int64_t totalByteSize = 0;
    int64_t numRows = 0;
    std::optional<int64_t> fileOffset;
    std::optional<int64_t> totalCompressedSize;
};

struct FileMetaData
{
    int32_t version = 0;
    std::vector<SchemaElement> schema;  // depth-first flattened tree, [0] is the root
    int64_t numRows = 0;
    std::vector<RowGroup> rowGroups;
    std::vector<KeyValue> keyValueMetadata;
    std::string createdBy;
};

// "PAR1" at both ends of a file; the footer length sits just before the tail magic.
inline constexpr size_t kFooterTailSize = 8;
inline constexpr std::string_view kParquetMagic = "PAR1";

// Given the last 8 bytes of a file (4-byte little-endian footer length + "PAR1"),
// returns the footer length. Throws ParquetError if the magic is wrong or the
// length cannot fit in a file of fileSize bytes (pass 0 to skip that check).
uint32_t footerLengthFromTail(std::span<const uint8_t> tail8, uint64_t fileSize = 0,
                              std::string_view source = {});

// Decodes a FileMetaData from exactly the footer bytes (without the 8-byte tail).
FileMetaData parseFileMetaData(std::span<const uint8_t> footer, std::string_view source = {});

// Convenience for a buffer holding the end of a file (e.g. from an HTTP Range
// request for the last N bytes): checks the tail, and if the buffer holds the
// whole footer, parses it. If the buffer is too short, returns std::nullopt and
// sets bytesNeeded to the tail length to fetch (footer + 8).
std::optional<FileMetaData> parseFileMetaDataFromTail(std::span<const uint8_t> tail, uint64_t fileSize,
                                                      size_t &bytesNeeded, std::string_view source = {});

} // namespace studio::parquet
