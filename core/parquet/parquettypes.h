#pragma once

#include <cstdint>
#include <string>

// Enumerations of the parquet format (values as in parquet.thrift).
namespace studio::parquet {

enum class PhysicalType : int32_t {
    Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5,
    ByteArray = 6, FixedLenByteArray = 7,
};

enum class ConvertedType : int32_t {
    None = -1, Utf8 = 0, Map = 1, MapKeyValue = 2, List = 3, Enum = 4, Decimal = 5,
    Date = 6, TimeMillis = 7, TimeMicros = 8, TimestampMillis = 9, TimestampMicros = 10,
    Uint8 = 11, Uint16 = 12, Uint32 = 13, Uint64 = 14, Int8 = 15, Int16 = 16,
    Int32 = 17, Int64 = 18, Json = 19, Bson = 20, Interval = 21,
};

enum class Repetition : int32_t { Required = 0, Optional = 1, Repeated = 2 };

enum class Encoding : int32_t {
    Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5,
    DeltaLengthByteArray = 6, DeltaByteArray = 7, RleDictionary = 8, ByteStreamSplit = 9,
};

enum class CompressionCodec : int32_t {
    Uncompressed = 0, Snappy = 1, Gzip = 2, Lzo = 3, Brotli = 4, Lz4 = 5, Zstd = 6, Lz4Raw = 7,
};

enum class PageType : int32_t { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 };

enum class TimeUnit : int8_t { None = 0, Millis = 1, Micros = 2, Nanos = 3 };

// The LogicalType union of parquet.thrift, flattened.
struct LogicalType
{
    enum class Kind : int8_t {
        None, String, Map, List, Enum, Decimal, Date, Time, Timestamp, Integer,
        Unknown, Json, Bson, Uuid, Float16, Other,
    };
    Kind kind = Kind::None;
    int32_t decimalScale = 0;
    int32_t decimalPrecision = 0;
    TimeUnit unit = TimeUnit::None;   // Time, Timestamp
    bool adjustedToUtc = false;       // Time, Timestamp
    int8_t bitWidth = 0;              // Integer
    bool isSigned = true;             // Integer
};

std::string physicalTypeName(PhysicalType type);
std::string codecName(CompressionCodec codec);
std::string encodingName(Encoding encoding);

} // namespace studio::parquet
