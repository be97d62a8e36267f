#pragma once

#include "tokenizers/model.h"
#include "tokenizers/stringidmap.h"

namespace studio::tokenizers {

// WordPiece (BERT): greedy longest-match-first over each piece, continuation
// pieces carry a prefix ("##"); a piece that cannot be covered, or is longer
// than max_input_chars_per_word characters, becomes the unknown token.
// encode() is thread-safe; each thread keeps a bounded cache of pieces.
class WordPieceModel final : public Model
{
public:
    WordPieceModel(const std::vector<std::pair<std::string, std::uint32_t>> &vocab, std::string unkToken,
                   std::string prefix, std::size_t maxInputCharsPerWord);
    void encode(std::string_view piece, std::vector<std::uint32_t> &ids) const override;
    std::size_t vocabSize() const override { return m_idToToken.size(); }
    const std::string &tokenString(std::uint32_t id) const override;
    std::string tokenText(std::uint32_t id) const override;
    std::int64_t idOf(std::string_view token) const override;

private:
    void encodeUncached(std::string_view piece, std::vector<std::uint32_t> &ids) const;

    StringIdMap m_vocab;
    std::vector<std::string> m_idToToken;
    std::string m_prefix;
    std::size_t m_maxChars;
    std::int64_t m_unkId = -1;
    std::uint64_t m_cacheOwner;
};

} // namespace studio::tokenizers
