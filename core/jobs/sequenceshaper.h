#pragma once

#include "stats/tokenstatistics.h"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace studio::jobs {

// Sequences ready for the token files, one batch of samples' worth: every
// sequence's ids one after another (padding included), and per sequence its
// written and its real (unpadded) length.
struct ShapedBatch {
    std::int64_t first = 0, last = 0; // the rows it holds
    std::vector<std::uint32_t> tokens;
    std::vector<std::uint16_t> narrowed; // the same tokens as 16 bits, when the shape says so (by finish())
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sequences; // written, real

    // Empty again, its memory kept for the next batch.
    void clear()
    {
        tokens.clear();
        narrowed.clear();
        sequences.clear();
    }
};

// How one sample's ids become sequences: truncation or overflow windows,
// the template's special tokens around each, then padding. Also feeds the
// sample and its sequences to the statistics.
class SequenceShaper final
{
public:
    enum class Padding { None, Longest, MaxLength };
    struct Shape {
        bool truncation = true;
        bool windows = false;     // overflow windows instead of cutting
        std::size_t contentMax = 0; // ids per sequence, special tokens excluded
        std::size_t stride = 0;
        std::size_t maxLength = 0;
        Padding padding = Padding::None;
        std::uint32_t padId = 0;
        std::vector<std::uint32_t> prefix, suffix;
        bool narrow = false; // the vocabulary fits 16 bits: finish() also fills `narrowed`
    };

    explicit SequenceShaper(Shape shape);

    void add(std::string_view text, const std::vector<std::uint32_t> &ids, ShapedBatch &out,
             stats::TokenStatistics &statistics);
    // The same, for a sample whose ids were encoded straight onto the end of
    // `out.tokens` (from `at`): with no special tokens, no padding and no
    // windows they stay where they are (cut if too long), saving a copy.
    void addEncoded(std::string_view text, ShapedBatch &out, std::size_t at, stats::TokenStatistics &statistics);
    // Call once the batch has all its samples: with no special tokens and no
    // padding every token of the batch is real, and they are counted here in
    // one pass (per sample, the encoder had pushed the counts out of cache),
    // the same pass that narrows them to 16 bits for the token file.
    void finish(ShapedBatch &out, stats::TokenStatistics &statistics) const;

private:
    Shape m_shape;
    bool m_direct; // no special tokens and no padding: the ids go out as they are
    std::vector<std::pair<std::size_t, std::size_t>> m_parts; // reused per sample
    std::vector<std::uint32_t> m_lengths;
    std::vector<std::uint32_t> m_ids; // reused per sample when ids must move
};

// UTF-8 characters in `s` (bytes that are not continuation bytes).
std::uint64_t countCharacters(std::string_view s);

} // namespace studio::jobs
