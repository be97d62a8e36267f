#pragma once

#include "tokenizers/model.h"
#include "tokenizers/stringidmap.h"

#include <optional>

namespace studio::tokenizers {

// A SentencePiece unigram model (T5, ALBERT, XLNet) as Hugging Face's
// tokenizers runs it: the Viterbi best path over the pieces that match the
// text (scores are log probabilities, summed in double precision, the first
// best path kept on ties); a character no piece covers costs min score - 10
// and becomes the unknown token, consecutive unknown characters fusing into
// one. With byte_fallback an unknown run is spelled as <0xAB> byte pieces
// instead when all its bytes have one. Without unk_id such a character is
// left out (the reference refuses the text).
// Immutable after construction; encode() is thread-safe (each thread keeps
// a bounded cache of recently seen pieces).
class UnigramModel final : public Model
{
public:
    UnigramModel(const std::vector<std::pair<std::string, double>> &vocab, std::optional<std::uint32_t> unkId,
                 bool byteFallback);

    void encode(std::string_view piece, std::vector<std::uint32_t> &ids) const override;
    std::size_t vocabSize() const override { return m_pieces.size(); }
    const std::string &tokenString(std::uint32_t id) const override;
    std::string tokenText(std::uint32_t id) const override;
    std::int64_t idOf(std::string_view token) const override;

private:
    void encodeUncached(std::string_view piece, std::vector<std::uint32_t> &ids) const;
    // Trie over the pieces' bytes: child of (node, byte), or -1.
    std::int32_t child(std::int32_t node, unsigned char byte) const;
    void addToTrie(std::string_view piece, std::uint32_t id);
    void appendUnknown(std::string_view text, std::vector<std::uint32_t> &ids) const;

    std::vector<std::string> m_pieces;
    std::vector<double> m_scores;
    StringIdMap m_ids; // piece -> id (the last one of a repeated piece, as the reference)
    std::optional<std::uint32_t> m_unkId;
    bool m_byteFallback;
    double m_unkScore = 0;
    std::int64_t m_byteIds[256];
    // Trie: per node the id of the piece ending there (-1: none); edges in an
    // open-addressing table keyed by node << 8 | byte.
    std::vector<std::int64_t> m_nodeIds;
    std::vector<std::uint64_t> m_edgeKeys;
    std::vector<std::int32_t> m_edgeChildren;
    std::uint64_t m_edgeMask = 0;
    std::uint64_t m_cacheOwner;
};

} // namespace studio::tokenizers
