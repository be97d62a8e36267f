#pragma once

#include <cstddef>
#include <cstdint>

namespace studio::parquet {

// Decoder of the RLE / bit-packed hybrid encoding used for definition and
// repetition levels, dictionary indices and RLE booleans. Bounds-checked:
// running out of input throws ParquetError.
class RleBitPackedDecoder
{
public:
    RleBitPackedDecoder(const uint8_t *data, size_t size, int bitWidth);

    // Decodes exactly n values into out (T = uint8_t, uint16_t or uint32_t).
    // Values that do not fit T are an error (levels above 255, ...).
    template<typename T>
    void decode(T *out, size_t n);

    // Bytes consumed so far (runs are consumed whole).
    size_t position() const { return m_pos; }

private:
    bool nextRun();

    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
    int m_bitWidth;
    // current run
    bool m_literal = false;
    uint64_t m_remaining = 0;     // values left in the run
    uint32_t m_repeatValue = 0;
    const uint8_t *m_literalData = nullptr;
    uint64_t m_literalIndex = 0;  // next value index within the literal run
};

} // namespace studio::parquet
