#include "parquet/decompressor.h"

#include "parquet/parqueterror.h"

#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <string>

namespace studio::parquet {

size_t Decompressor::maxExpansion(CompressionCodec codec, size_t in)
{
    switch (codec) {
    case CompressionCodec::Snappy: return in * 32 + 64;       // a 3-byte copy emits at most 64 bytes
    case CompressionCodec::Gzip: return in * 1032 + 1024;     // deflate's maximum ratio
    default: return kMaxPageSize;                             // zstd: RLE blocks can expand enormously
    }
}

uint8_t *Decompressor::reserve(size_t n)
{
    if (n > m_capacity) {
        const size_t cap = std::max(n, m_capacity + m_capacity / 2);
        m_buffer.reset(new uint8_t[cap]); // uninitialised on purpose
        m_capacity = cap;
    }
    return m_buffer.get();
}

std::span<const uint8_t> Decompressor::decompress(CompressionCodec codec, std::span<const uint8_t> input,
                                                  size_t expected)
{
    if (codec == CompressionCodec::Uncompressed) {
        if (input.size() != expected)
            throw ParquetError("uncompressed page size " + std::to_string(input.size()) + " differs from the header's "
                               + std::to_string(expected));
        return input;
    }
    if (expected > kMaxPageSize || expected > maxExpansion(codec, input.size()))
        throw ParquetError("page claims " + std::to_string(expected) + " bytes once decompressed from "
                           + std::to_string(input.size()) + " (corrupt size)");
    uint8_t *out = reserve(std::max<size_t>(expected, 1));
    const char *src = reinterpret_cast<const char *>(input.data());
    switch (codec) {
    case CompressionCodec::Snappy: {
        size_t n = 0;
        if (!snappy::GetUncompressedLength(src, input.size(), &n) || n != expected)
            throw ParquetError("snappy page is corrupt (length header disagrees with the page header)");
        if (!snappy::RawUncompress(src, input.size(), reinterpret_cast<char *>(out)))
            throw ParquetError("snappy page is corrupt");
        return {out, expected};
    }
    case CompressionCodec::Gzip: {
        z_stream zs{};
        if (inflateInit2(&zs, 15 + 32) != Z_OK) // auto-detect gzip or zlib headers
            throw ParquetError("zlib initialisation failed");
        zs.next_in = const_cast<Bytef *>(input.data());
        zs.avail_in = static_cast<uInt>(input.size());
        zs.next_out = out;
        zs.avail_out = static_cast<uInt>(expected);
        int rc = Z_OK;
        // Concatenated gzip members are legal; keep inflating while input remains.
        for (;;) {
            rc = inflate(&zs, Z_FINISH);
            if (rc == Z_STREAM_END && zs.avail_in > 0 && zs.avail_out > 0) {
                if (inflateReset(&zs) != Z_OK)
                    break;
                continue;
            }
            break;
        }
        const size_t produced = expected - zs.avail_out;
        inflateEnd(&zs);
        if (rc != Z_STREAM_END || produced != expected)
            throw ParquetError("gzip page is corrupt or its size differs from the page header");
        return {out, expected};
    }
    case CompressionCodec::Zstd: {
        const unsigned long long claimed = ZSTD_getFrameContentSize(input.data(), input.size());
        if (claimed == ZSTD_CONTENTSIZE_ERROR)
            throw ParquetError("zstd page is corrupt (bad frame header)");
        if (claimed != ZSTD_CONTENTSIZE_UNKNOWN && claimed != expected)
            throw ParquetError("zstd page size differs from the page header");
        const size_t rc = ZSTD_decompress(out, expected, input.data(), input.size());
        if (ZSTD_isError(rc))
            throw ParquetError(std::string("zstd page is corrupt: ") + ZSTD_getErrorName(rc));
        if (rc != expected)
            throw ParquetError("zstd page size differs from the page header");
        return {out, expected};
    }
    default:
        throw ParquetError("compression codec " + codecName(codec) + " is not supported (supported: "
                           "UNCOMPRESSED, SNAPPY, GZIP, ZSTD)");
    }
}

} // namespace studio::parquet
