#pragma once

#include <QJsonObject>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace studio::stats {

// Statistics of one tokenization, gathered while it runs (no second pass).
// Lengths count real tokens only — never padding. Memory is bounded by the
// vocabulary and the number of distinct lengths, not by the dataset.
class TokenStatistics final
{
public:
    explicit TokenStatistics(std::size_t vocabSize);

    // One sample: its UTF-8 byte and character counts, its full token count
    // (before truncation), the real-token lengths of the sequences written for
    // it (one, or several overflow windows), and whether it was cut short.
    void addSample(std::uint64_t bytes, std::uint64_t characters, std::uint64_t fullLength,
                   const std::vector<std::uint32_t> &sequenceLengths, bool truncated);
    // Every real token id written (for unique tokens and the top tokens).
    // With `narrowed`, each id is also stored there as 16 bits (the token
    // file's type when the vocabulary fits): one pass over the ids for both.
    void addTokens(const std::uint32_t *ids, std::size_t count, std::uint16_t *narrowed = nullptr);
    void merge(const TokenStatistics &other);

    std::uint64_t samples() const { return m_samples; }
    std::uint64_t tokensWritten() const { return m_tokensWritten; }

    // The JSON stored in the catalog and shown by `show --json`; tokenText
    // renders a token id for the top-tokens list.
    QJsonObject toJson(const std::function<std::string(std::uint32_t)> &tokenText) const;

    // Exact percentile (nearest rank) of a length distribution.
    static double percentile(const std::map<std::uint64_t, std::uint64_t> &counts, std::uint64_t total, double p);

private:
    // How often each length occurs: a flat array for the common short
    // lengths (one increment per sample on the job's hot path), a map beyond.
    class LengthCounts
    {
    public:
        void add(std::uint64_t length)
        {
            if (length < kFlat) {
                if (length >= m_flat.size())
                    m_flat.resize(length + 1, 0);
                ++m_flat[length];
            } else {
                ++m_large[length];
            }
        }
        void merge(const LengthCounts &other);
        std::map<std::uint64_t, std::uint64_t> toMap() const;

    private:
        static constexpr std::uint64_t kFlat = 1 << 16;
        std::vector<std::uint64_t> m_flat;
        std::map<std::uint64_t, std::uint64_t> m_large;
    };

    std::uint64_t tokenCount(std::uint32_t id) const
    {
        const std::uint64_t low = std::uint64_t(m_tokenCounts[id]) + m_tokenCountsLane2[id];
        if (m_tokenCountCarries.empty())
            return low;
        const auto it = m_tokenCountCarries.find(id);
        return it == m_tokenCountCarries.end() ? low : low + it->second;
    }

    // By id, 16 bits wide so the tables stay small in the cache the encoder
    // shares on the job's hot path; a count that wraps carries 2^16 into the
    // map (a frequent token every 65,536 times). Two lanes, tokens taken in
    // turn, summed when read: a frequent token (" the", ".") no longer waits
    // on its own increment just before (twice as fast).
    static constexpr std::uint64_t kLaneWrap = std::uint64_t(1) << 16;
    std::vector<std::uint16_t> m_tokenCounts, m_tokenCountsLane2;
    std::map<std::uint32_t, std::uint64_t> m_tokenCountCarries;
    LengthCounts m_fullLengths;     // per sample, before truncation
    LengthCounts m_sequenceLengths; // per written sequence, real tokens
    std::uint64_t m_samples = 0, m_emptySamples = 0, m_truncated = 0, m_overflowWindows = 0;
    std::uint64_t m_sequences = 0, m_tokensWritten = 0, m_fullTokens = 0, m_bytes = 0, m_characters = 0;
};

} // namespace studio::stats
