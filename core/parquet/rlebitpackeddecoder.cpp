#include "parquet/rlebitpackeddecoder.h"

#include "parquet/parqueterror.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

namespace studio::parquet {

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t *data, size_t size, int bitWidth)
    : m_data(data)
    , m_size(size)
    , m_bitWidth(bitWidth)
{
    if (bitWidth < 0 || bitWidth > 32)
        throw ParquetError("RLE/bit-packed bit width " + std::to_string(bitWidth) + " is out of range");
}

bool RleBitPackedDecoder::nextRun()
{
    uint64_t header = 0;
    for (int shift = 0;; shift += 7) {
        if (m_pos >= m_size)
            return false;
        if (shift > 35)
            throw ParquetError("RLE/bit-packed run header is too long");
        const uint8_t b = m_data[m_pos++];
        header |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80))
            break;
    }
    if (header & 1) {
        const uint64_t groups = header >> 1;
        const uint64_t bytes = groups * uint64_t(m_bitWidth);
        if (groups == 0)
            throw ParquetError("empty bit-packed run");
        if (bytes > m_size - m_pos)
            throw ParquetError("bit-packed run of " + std::to_string(groups * 8) + " values runs past the end of its data");
        m_literal = true;
        m_literalData = m_data + m_pos;
        m_literalIndex = 0;
        m_remaining = groups * 8;
        m_pos += bytes;
    } else {
        m_remaining = header >> 1;
        if (m_remaining == 0)
            throw ParquetError("empty RLE run");
        const size_t width = size_t(m_bitWidth + 7) / 8;
        if (width > m_size - m_pos)
            throw ParquetError("RLE run value runs past the end of its data");
        uint32_t v = 0;
        for (size_t i = 0; i < width; ++i)
            v |= uint32_t(m_data[m_pos + i]) << (8 * i);
        m_pos += width;
        m_literal = false;
        m_repeatValue = v;
    }
    return true;
}

template<typename T>
void RleBitPackedDecoder::decode(T *out, size_t n)
{
    constexpr uint32_t maxT = std::numeric_limits<T>::max();
    while (n > 0) {
        if (m_remaining == 0 && !nextRun())
            throw ParquetError("RLE/bit-packed data ends before all values were read");
        const size_t take = size_t(std::min<uint64_t>(m_remaining, n));
        if (!m_literal) {
            if (m_repeatValue > maxT)
                throw ParquetError("RLE value " + std::to_string(m_repeatValue) + " is out of range");
            std::fill(out, out + take, static_cast<T>(m_repeatValue));
        } else if (m_bitWidth == 0) {
            std::fill(out, out + take, T(0));
        } else {
            const uint32_t mask = m_bitWidth == 32 ? 0xffffffffu : ((1u << m_bitWidth) - 1);
            const uint8_t *runEnd = m_data + m_pos; // the literal run was bounds-checked in nextRun()
            uint64_t bit = m_literalIndex * uint64_t(m_bitWidth);
            for (size_t i = 0; i < take; ++i, bit += uint64_t(m_bitWidth)) {
                const uint8_t *p = m_literalData + (bit >> 3);
                uint64_t word = 0;
                if (runEnd - p >= 8) {
                    std::memcpy(&word, p, 8); // little-endian host
                } else {
                    for (ptrdiff_t k = 0; k < runEnd - p; ++k)
                        word |= uint64_t(p[k]) << (8 * k);
                }
                const uint32_t v = uint32_t(word >> (bit & 7)) & mask;
                if (v > maxT)
                    throw ParquetError("bit-packed value " + std::to_string(v) + " is out of range");
                out[i] = static_cast<T>(v);
            }
            m_literalIndex += take;
        }
        m_remaining -= take;
        out += take;
        n -= take;
    }
}

template void RleBitPackedDecoder::decode<uint8_t>(uint8_t *, size_t);
template void RleBitPackedDecoder::decode<uint16_t>(uint16_t *, size_t);
template void RleBitPackedDecoder::decode<uint32_t>(uint32_t *, size_t);

} // namespace studio::parquet
