#pragma once

#include "stats/tokenstatistics.h"

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace studio::jobs {

// Sequences ready for the token files, one batch of samples' worth: every
// sequence's ids one after another (padding included), and per sequence its
// written and its real (unpadded) length. The ids are in `tokens`, or in
// `narrowed` as 16 bits when the shape says so (then `tokens` is empty).
struct ShapedBatch {
    std::int64_t first = 0, last = 0; // the rows it holds
    std::vector<std::uint32_t> tokens;
    std::vector<std::uint16_t> narrowed;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sequences; // written, real

    std::size_t tokenCount() const { return tokens.empty() ? narrowed.size() : tokens.size(); }
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
        bool narrow = false; // the vocabulary fits 16 bits: drain() hands out `narrowed`
    };

    explicit SequenceShaper(Shape shape);

    void add(std::string_view text, const std::vector<std::uint32_t> &ids, ShapedBatch &out,
             stats::TokenStatistics &statistics);
    // The same, for a sample whose ids were encoded straight onto the end of
    // `out.tokens` (from `at`): with no special tokens, no padding and no
    // windows they stay where they are (cut if too long), saving a copy.
    void addEncoded(std::string_view text, ShapedBatch &out, std::size_t at, stats::TokenStatistics &statistics);
    // Moves what `work` holds to the end of `out` (as 16 bits when the shape
    // says narrow) and leaves `work` empty, its memory kept. With no special
    // tokens and no padding every token is real, and they are counted here,
    // in the same pass that narrows them. Called every few thousand ids and
    // at the end of a batch: the ids are counted while still in the cache the
    // encoder wrote them to, and a worker's `work` stays small and warm while
    // `out` travels to the writer.
    void drain(ShapedBatch &work, ShapedBatch &out, stats::TokenStatistics &statistics) const;

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
