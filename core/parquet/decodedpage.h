#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::parquet {

static_assert(std::endian::native == std::endian::little, "the parquet reader assumes a little-endian host");

// The decoded content of one data page (or of a dictionary): levels and the
// non-null values. Buffers are reused across pages (clear() keeps capacity).
// String views point into the file mapping, a decompression buffer, the
// dictionary or `arena`; they stay valid until the page is decoded over.
struct DecodedPage
{
    int64_t numLevels = 0;               // entries (values incl. nulls) in the page
    std::vector<uint8_t> defLevels;      // numLevels entries, or empty when the column has no nulls
    std::vector<uint8_t> repLevels;      // numLevels entries, or empty when not repeated
    int64_t numValues = 0;               // non-null values
    // BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY values:
    std::vector<std::string_view> strings;
    // Other physical types: little-endian values of `width` bytes (BOOLEAN as 0/1 bytes).
    std::vector<uint8_t> fixed;
    int width = 0;
    std::string arena;                   // owned storage (DELTA_BYTE_ARRAY)

    void clear()
    {
        numLevels = numValues = 0;
        defLevels.clear();
        repLevels.clear();
        strings.clear();
        fixed.clear();
        width = 0;
        arena.clear();
    }
};

} // namespace studio::parquet
