#pragma once

#include "tokenizers/model.h"
#include "tokenizers/stringidmap.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

class PieceCache;

// A BPE model: vocabulary, merge ranks, and the merge loop, as Hugging Face's
// tokenizers runs it (lowest rank first, leftmost first among equal ranks).
// Byte-level models start from one symbol per byte; others (SentencePiece
// style) from one symbol per character, with byte fallback (<0xAB>) or the
// unknown token for characters missing from the vocabulary.
// Immutable after construction; encode() is thread-safe (each thread keeps a
// bounded cache of recently seen pieces).
class BpeModel final : public Model
{
public:
    struct Options {
        bool byteLevel = true;     // vocab strings use the GPT-2 byte-to-unicode alphabet
        bool ignoreMerges = false; // a piece found whole in the vocabulary is one token
        bool byteFallback = false;
        bool fuseUnk = false;
        std::string unkToken;      // empty: none
        std::string continuingSubwordPrefix, endOfWordSuffix;
    };

    // vocab: token string -> id; merges: pairs of token strings, by rank.
    BpeModel(const std::vector<std::pair<std::string, std::uint32_t>> &vocab,
             const std::vector<std::pair<std::string, std::string>> &merges, Options options);
    ~BpeModel() override;

    // Its built tables as bytes (the compiled tokenizer cache), and a model
    // made from them again with the same options; restore() returns null if
    // the bytes are not such tables (cut short, inconsistent).
    std::string save() const;
    static std::unique_ptr<BpeModel> restore(std::string_view bytes, Options options);

    // Appends the ids of one pre-tokenized piece (raw UTF-8 bytes).
    void encode(std::string_view piece, std::vector<std::uint32_t> &ids) const override;
    void encodePieces(const std::vector<std::string_view> &pieces, std::vector<std::uint32_t> &ids) const override;

    std::size_t vocabSize() const override { return m_idToToken.size(); }
    // The vocabulary string of an id (as in tokenizer.json), empty if unknown.
    const std::string &tokenString(std::uint32_t id) const override;
    // The raw bytes an id stands for (byte-level decoded, byte fallback resolved).
    std::string tokenText(std::uint32_t id) const override;
    // Id of a vocabulary string, or -1.
    std::int64_t idOf(std::string_view token) const override;
    const Options &options() const { return m_options; }
    // True when splitting a text before each run of `marker` (e.g. the
    // Metaspace "▁") cannot change its ids: the marker is a token and no
    // token has the marker after another character, so no merge ever crosses
    // such a boundary. Lets SentencePiece-style models without a
    // pre-tokenizer encode word by word (with the piece cache).
    bool splitsBefore(std::string_view marker) const;

private:
    explicit BpeModel(Options options);
    struct Symbol {
        std::uint32_t id;
        std::int32_t prev, next;
        std::uint32_t len; // bytes of the piece it covers (0: merged away)
    };
    void initialSymbols(std::string_view piece, std::vector<Symbol> &symbols) const;
    void mergeAll(std::vector<Symbol> &symbols) const;
    // rank << 32 | merged id, or ~0 when the pair does not merge.
    std::uint64_t lookupPair(std::uint32_t a, std::uint32_t b) const;
    void prefetchPair(std::uint32_t a, std::uint32_t b) const;
    // The two halves of construction; independent, so a large vocabulary
    // builds them on two threads.
    void buildByteTables(const std::vector<std::pair<std::string, std::uint32_t>> &vocab, std::uint32_t maxId);
    void buildMerges(const std::vector<std::pair<std::string, std::uint32_t>> &vocab,
                     const std::vector<std::pair<std::string, std::string>> &merges);
    void encodeUncached(std::string_view piece, std::vector<std::uint32_t> &ids) const;
    void encodeWith(PieceCache &cache, std::string_view piece, std::vector<std::uint32_t> &ids) const;

    Options m_options;
    std::vector<std::string> m_idToToken;
    StringIdMap m_bytesToId;                 // raw bytes -> id
    std::int32_t m_asciiIds[128];            // one-character ASCII tokens (non-byte-level), -1: none
    std::uint32_t m_byteIds[256];
    bool m_hasByteIds[256];
    std::int64_t m_unkId = -1;
    // Open-addressing table of merges keyed by (a << 32 | b); key and value
    // side by side, so a lookup touches one cache line.
    struct PairSlot {
        std::uint64_t key, value;
    };
    std::vector<PairSlot> m_pairs;
    std::uint64_t m_pairMask = 0;
    // Each rank's pair and result: tells a stale queue entry without a lookup.
    struct Merge {
        std::uint32_t left, right, merged;
    };
    std::vector<Merge> m_merges;
    std::uint64_t m_cacheOwner; // distinguishes models in the thread-local caches
};

// GPT-2's reversible map from bytes to printable characters (as UTF-8).
const std::string &byteLevelChar(unsigned char byte);
// Decodes a byte-level vocabulary string back to raw bytes; false if it uses
// characters outside the alphabet.
bool byteLevelDecode(std::string_view token, std::string &bytes);

} // namespace studio::tokenizers
