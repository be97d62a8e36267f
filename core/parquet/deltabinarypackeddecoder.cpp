#include "parquet/deltabinarypackeddecoder.h"

#include "parquet/parqueterror.h"

#include <algorithm>
#include <string>

namespace studio::parquet {

namespace {

__extension__ typedef unsigned __int128 Uint128;

struct Cursor
{
    const uint8_t *data;
    size_t size;
    size_t pos = 0;

    uint64_t varint()
    {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= size)
                throw ParquetError("DELTA_BINARY_PACKED data is truncated");
            const uint8_t b = data[pos++];
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80))
                return v;
        }
        throw ParquetError("DELTA_BINARY_PACKED varint is too long");
    }
    int64_t zigzag()
    {
        const uint64_t v = varint();
        return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
    }
};

} // namespace

size_t DeltaBinaryPackedDecoder::decode(const uint8_t *data, size_t size, size_t maxValues, std::vector<int64_t> &out)
{
    Cursor c{data, size};
    const uint64_t blockSize = c.varint();
    const uint64_t miniBlocks = c.varint();
    const uint64_t total = c.varint();
    const int64_t first = c.zigzag();
    if (blockSize == 0 || blockSize % 128 != 0 || blockSize > (1u << 20) || miniBlocks == 0
        || blockSize % miniBlocks != 0 || (blockSize / miniBlocks) % 32 != 0)
        throw ParquetError("DELTA_BINARY_PACKED header has an invalid block layout");
    if (total > maxValues)
        throw ParquetError("DELTA_BINARY_PACKED stream holds " + std::to_string(total) + " values, more than the page's "
                           + std::to_string(maxValues));
    out.clear();
    if (total == 0)
        return c.pos;
    out.reserve(size_t(total));
    out.push_back(first);
    const uint64_t perMini = blockSize / miniBlocks;
    uint64_t last = static_cast<uint64_t>(first);
    while (out.size() < total) {
        const uint64_t minDelta = static_cast<uint64_t>(c.zigzag());
        if (miniBlocks > c.size - c.pos)
            throw ParquetError("DELTA_BINARY_PACKED bit widths run past the end of the data");
        const uint8_t *widths = c.data + c.pos;
        c.pos += miniBlocks;
        for (uint64_t m = 0; m < miniBlocks && out.size() < total; ++m) {
            const unsigned w = widths[m];
            if (w > 64)
                throw ParquetError("DELTA_BINARY_PACKED bit width " + std::to_string(w) + " is out of range");
            const uint64_t bytes = perMini * w / 8;
            if (bytes > c.size - c.pos)
                throw ParquetError("DELTA_BINARY_PACKED miniblock runs past the end of the data");
            const uint8_t *p = c.data + c.pos;
            const uint64_t n = std::min<uint64_t>(perMini, total - out.size());
            uint64_t bit = 0;
            for (uint64_t i = 0; i < n; ++i, bit += w) {
                uint64_t v = 0;
                if (w > 0) {
                    // gather up to 9 bytes holding bits [bit, bit + w)
                    const size_t byte = size_t(bit >> 3);
                    const unsigned shift = unsigned(bit & 7);
                    const size_t need = (shift + w + 7) / 8;
                    Uint128 acc = 0;
                    for (size_t k = 0; k < need; ++k)
                        acc |= static_cast<Uint128>(p[byte + k]) << (8 * k);
                    v = static_cast<uint64_t>(acc >> shift);
                    if (w < 64)
                        v &= (uint64_t(1) << w) - 1;
                }
                last += minDelta + v;
                out.push_back(static_cast<int64_t>(last));
            }
            c.pos += bytes;
        }
    }
    return c.pos;
}

} // namespace studio::parquet
