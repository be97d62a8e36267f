#include "stats/tokenids.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace studio::stats {

// SSE2 has no unsigned 32-bit max, so the ids are packed biased by -32768
// into signed 16-bit lanes, where it is exact.
std::uint32_t narrowTokenIds(const std::uint32_t *ids, std::size_t count, std::uint16_t *out)
{
    std::uint32_t largest = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i bias32 = _mm_set1_epi32(0x8000), bias16 = _mm_set1_epi16(-0x8000);
    __m128i biasedMax = _mm_set1_epi16(-0x8000);
    for (; i + 8 <= count; i += 8) {
        const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i *>(ids + i));
        const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i *>(ids + i + 4));
        const __m128i biased = _mm_packs_epi32(_mm_sub_epi32(lo, bias32), _mm_sub_epi32(hi, bias32));
        biasedMax = _mm_max_epi16(biasedMax, biased);
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_add_epi16(biased, bias16));
    }
    alignas(16) std::int16_t lanes[8];
    _mm_store_si128(reinterpret_cast<__m128i *>(lanes), biasedMax);
    for (const std::int16_t lane : lanes)
        largest = std::max(largest, std::uint32_t(std::int32_t(lane) + 0x8000));
#endif
    for (; i < count; ++i) {
        out[i] = static_cast<std::uint16_t>(ids[i]);
        largest = std::max(largest, ids[i]);
    }
    return largest;
}

} // namespace studio::stats
