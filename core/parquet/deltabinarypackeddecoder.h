#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace studio::parquet {

// DELTA_BINARY_PACKED: decodes a whole stream of integers (used directly for
// INT32/INT64 and for the lengths inside DELTA_LENGTH_BYTE_ARRAY and
// DELTA_BYTE_ARRAY). Bounds-checked; arithmetic wraps like the writers'.
class DeltaBinaryPackedDecoder
{
public:
    // Decodes all values of the stream at data[0..size) into out. The stream's
    // value count must not exceed maxValues (protects against huge counts).
    // Returns the number of bytes the stream occupies.
    static size_t decode(const uint8_t *data, size_t size, size_t maxValues, std::vector<int64_t> &out);
};

} // namespace studio::parquet
