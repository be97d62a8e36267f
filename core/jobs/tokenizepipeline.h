#pragma once

#include "formats/valueblock.h"
#include "jobs/sequenceshaper.h"
#include "stats/tokenstatistics.h"

#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {
class Tokenizer;
}

namespace studio::jobs {

// The texts of one batch in one buffer (no allocation per text); every value
// is text (the reader turns other values into text first).
using TextBatch = formats::ValueBlock;

// The tokenize job's engine: every core reads (in turn, in dataset order),
// encodes and shapes batches of samples and gathers its own statistics; the
// calling thread only writes the finished batches, in dataset order. At most
// eight batches per thread are in flight, so memory is bounded by the batch
// size, not the dataset.
class TokenizePipeline final
{
public:
    // Puts the texts of rows [first, last) in `texts` (empty when called). Called by one thread at a time.
    using ReadRows = std::function<void(std::int64_t first, std::int64_t last, TextBatch &texts)>;
    // Receives each batch on the calling thread, in order; may throw to stop.
    using WriteBatch = std::function<void(const ShapedBatch &batch)>;

    TokenizePipeline(const tokenizers::Tokenizer &tokenizer, SequenceShaper::Shape shape, int threads);

    // Runs until all `total` rows are written and returns their statistics;
    // returns nothing once `cancelled()` turns true (checked at least every
    // 100 ms). A failure to read or write throws (JobFailure with the reader's
    // message, or what `write` threw), after the workers have stopped.
    std::optional<stats::TokenStatistics> run(std::int64_t total, const ReadRows &read, const WriteBatch &write,
                               const std::function<bool()> &cancelled);

    static constexpr std::int64_t kBatchRows = 2048;
    static constexpr std::size_t kDrainTokens = 16384; // 64 KB of ids

private:
    const tokenizers::Tokenizer &m_tokenizer;
    SequenceShaper::Shape m_shape;
    int m_threads;
};

} // namespace studio::jobs
