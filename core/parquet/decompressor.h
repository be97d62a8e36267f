#pragma once

#include "parquet/parquettypes.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace studio::parquet {

// Decompresses pages (snappy, gzip, zstd) into a reusable buffer that is never
// zero-filled and only grows. The expected size comes from the page header and
// is checked against what the codec produces and against sane limits, so a
// corrupt size never drives an unbounded allocation.
class Decompressor
{
public:
    // Largest decompressed page accepted.
    static constexpr size_t kMaxPageSize = size_t(1) << 30;

    // Returns a view of the decompressed bytes (valid until the next call).
    // Throws ParquetError on unsupported codecs or corrupt data.
    std::span<const uint8_t> decompress(CompressionCodec codec, std::span<const uint8_t> input, size_t expectedSize);

    // Highest plausible expansion ratio for a codec (bounds the allocation).
    static size_t maxExpansion(CompressionCodec codec, size_t inputSize);

private:
    uint8_t *reserve(size_t n);

    std::unique_ptr<uint8_t[]> m_buffer;
    size_t m_capacity = 0;
};

} // namespace studio::parquet
