#include "jobs/sequenceshaper.h"

#include "stats/tokenids.h"
#include "tokenizers/tokenizer.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace studio::jobs {

SequenceShaper::SequenceShaper(Shape shape)
    : m_shape(std::move(shape))
    , m_direct(m_shape.prefix.empty() && m_shape.suffix.empty() && m_shape.padding == Padding::None)
{
}

void SequenceShaper::add(std::string_view text, const std::vector<std::uint32_t> &ids, ShapedBatch &out,
                         stats::TokenStatistics &statistics)
{
    m_parts.clear();
    m_lengths.clear();
    bool truncated = false;
    if (!m_shape.truncation || ids.size() <= m_shape.contentMax)
        m_parts.emplace_back(0, ids.size());
    else if (m_shape.windows)
        m_parts = tokenizers::overflowWindows(ids.size(), m_shape.contentMax, m_shape.stride);
    else {
        m_parts.emplace_back(0, m_shape.contentMax);
        truncated = true;
    }
    const std::size_t specials = m_shape.prefix.size() + m_shape.suffix.size();
    std::size_t padTo = 0;
    if (m_shape.padding == Padding::MaxLength)
        padTo = m_shape.maxLength;
    else if (m_shape.padding == Padding::Longest)
        for (const auto &[b, e] : m_parts)
            padTo = std::max(padTo, e - b + specials);
    for (const auto &[b, e] : m_parts) {
        const std::size_t at = out.tokens.size();
        if (m_direct) {
            out.tokens.insert(out.tokens.end(), ids.begin() + static_cast<std::ptrdiff_t>(b),
                              ids.begin() + static_cast<std::ptrdiff_t>(e));
        } else {
            out.tokens.insert(out.tokens.end(), m_shape.prefix.begin(), m_shape.prefix.end());
            out.tokens.insert(out.tokens.end(), ids.begin() + static_cast<std::ptrdiff_t>(b),
                              ids.begin() + static_cast<std::ptrdiff_t>(e));
            out.tokens.insert(out.tokens.end(), m_shape.suffix.begin(), m_shape.suffix.end());
        }
        const std::size_t real = out.tokens.size() - at;
        if (!m_direct) // else counted by finish()
            statistics.addTokens(out.tokens.data() + at, real);
        m_lengths.push_back(static_cast<std::uint32_t>(real));
        if (real < padTo)
            out.tokens.resize(at + padTo, m_shape.padId);
        out.sequences.emplace_back(static_cast<std::uint32_t>(out.tokens.size() - at), static_cast<std::uint32_t>(real));
    }
    statistics.addSample(text.size(), countCharacters(text), ids.size() + specials, m_lengths, truncated);
}

void SequenceShaper::addEncoded(std::string_view text, ShapedBatch &out, std::size_t at,
                                stats::TokenStatistics &statistics)
{
    const std::size_t count = out.tokens.size() - at;
    const bool cut = m_shape.truncation && count > m_shape.contentMax;
    if (!m_direct || (cut && m_shape.windows)) {
        m_ids.assign(out.tokens.begin() + static_cast<std::ptrdiff_t>(at), out.tokens.end());
        out.tokens.resize(at);
        add(text, m_ids, out, statistics);
        return;
    }
    const std::size_t kept = cut ? m_shape.contentMax : count;
    out.tokens.resize(at + kept);
    m_lengths.assign(1, static_cast<std::uint32_t>(kept));
    out.sequences.emplace_back(static_cast<std::uint32_t>(kept), static_cast<std::uint32_t>(kept));
    statistics.addSample(text.size(), countCharacters(text), count, m_lengths, cut);
}

void SequenceShaper::drain(ShapedBatch &work, ShapedBatch &out, stats::TokenStatistics &statistics) const
{
    out.sequences.insert(out.sequences.end(), work.sequences.begin(), work.sequences.end());
    if (m_shape.narrow) {
        const std::size_t at = out.narrowed.size();
        out.narrowed.resize(at + work.tokens.size());
        if (m_direct)
            statistics.addTokens(work.tokens.data(), work.tokens.size(), out.narrowed.data() + at);
        else
            stats::narrowTokenIds(work.tokens.data(), work.tokens.size(), out.narrowed.data() + at);
    } else {
        if (m_direct)
            statistics.addTokens(work.tokens.data(), work.tokens.size());
        out.tokens.insert(out.tokens.end(), work.tokens.begin(), work.tokens.end());
    }
    work.clear();
}

// Continuation bytes are 10xxxxxx (0x80-0xBF: as signed bytes, those below
// -64). Sixteen at a time with SSE2 (every x86-64 has it), counted in byte
// lanes for up to 255 rounds and then summed wide; the last partial sixteen
// as one load ending at the text's end, the bytes already counted masked off
// (texts here average a few hundred bytes: a byte-by-byte tail was a fifth
// of the time).
std::uint64_t countCharacters(std::string_view s)
{
    std::uint64_t continuation = 0;
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i below = _mm_set1_epi8(-64);
    while (i + 16 <= s.size()) {
        const std::size_t rounds = std::min<std::size_t>(255, (s.size() - i) / 16);
        __m128i lanes = _mm_setzero_si128();
        for (std::size_t r = 0; r < rounds; ++r, i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + i));
            lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(v, below)); // -1 per continuation byte
        }
        const __m128i sums = _mm_sad_epu8(lanes, _mm_setzero_si128());
        continuation += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums))
                        + static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
    if (i < s.size() && s.size() >= 16) {
        const int left = static_cast<int>(s.size() - i); // 1..15 bytes not counted yet, at the load's end
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(s.data() + s.size() - 16));
        const __m128i index = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        const __m128i fresh = _mm_cmpgt_epi8(index, _mm_set1_epi8(static_cast<char>(15 - left)));
        const int bits = _mm_movemask_epi8(_mm_and_si128(_mm_cmplt_epi8(v, below), fresh));
        // (the popcount builtin is a libgcc call without -mpopcnt: SWAR instead)
        unsigned n = static_cast<unsigned>(bits);
        n = n - ((n >> 1) & 0x5555u);
        n = (n & 0x3333u) + ((n >> 2) & 0x3333u);
        n = (n + (n >> 4)) & 0x0F0Fu;
        continuation += (n + (n >> 8)) & 0x1Fu;
        i = s.size();
    }
#endif
    for (; i < s.size(); ++i)
        continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    return s.size() - continuation;
}

} // namespace studio::jobs
