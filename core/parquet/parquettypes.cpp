#include "parquet/parquettypes.h"

namespace studio::parquet {

std::string physicalTypeName(PhysicalType type)
{
    switch (type) {
    case PhysicalType::Boolean: return "BOOLEAN";
    case PhysicalType::Int32: return "INT32";
    case PhysicalType::Int64: return "INT64";
    case PhysicalType::Int96: return "INT96";
    case PhysicalType::Float: return "FLOAT";
    case PhysicalType::Double: return "DOUBLE";
    case PhysicalType::ByteArray: return "BYTE_ARRAY";
    case PhysicalType::FixedLenByteArray: return "FIXED_LEN_BYTE_ARRAY";
    }
    return "physical type " + std::to_string(static_cast<int32_t>(type));
}

std::string codecName(CompressionCodec codec)
{
    switch (codec) {
    case CompressionCodec::Uncompressed: return "UNCOMPRESSED";
    case CompressionCodec::Snappy: return "SNAPPY";
    case CompressionCodec::Gzip: return "GZIP";
    case CompressionCodec::Lzo: return "LZO";
    case CompressionCodec::Brotli: return "BROTLI";
    case CompressionCodec::Lz4: return "LZ4";
    case CompressionCodec::Zstd: return "ZSTD";
    case CompressionCodec::Lz4Raw: return "LZ4_RAW";
    }
    return "codec " + std::to_string(static_cast<int32_t>(codec));
}

std::string encodingName(Encoding encoding)
{
    switch (encoding) {
    case Encoding::Plain: return "PLAIN";
    case Encoding::PlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::Rle: return "RLE";
    case Encoding::BitPacked: return "BIT_PACKED";
    case Encoding::DeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::DeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::DeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::RleDictionary: return "RLE_DICTIONARY";
    case Encoding::ByteStreamSplit: return "BYTE_STREAM_SPLIT";
    }
    return "encoding " + std::to_string(static_cast<int32_t>(encoding));
}

} // namespace studio::parquet
