#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

// A tokenization model (BPE, WordPiece): turns one pre-tokenized piece into
// ids. Immutable and thread-safe.
class Model
{
public:
    virtual ~Model() = default;
    virtual void encode(std::string_view piece, std::vector<std::uint32_t> &ids) const = 0;
    // All pieces of a text, in order (one call instead of one per piece).
    virtual void encodePieces(const std::vector<std::string_view> &pieces, std::vector<std::uint32_t> &ids) const
    {
        for (const std::string_view piece : pieces)
            encode(piece, ids);
    }
    virtual std::size_t vocabSize() const = 0;
    // The vocabulary string of an id (as written in tokenizer.json).
    virtual const std::string &tokenString(std::uint32_t id) const = 0;
    // The text an id stands for, for display (byte-level decoded, prefixes removed).
    virtual std::string tokenText(std::uint32_t id) const = 0;
    virtual std::int64_t idOf(std::string_view token) const = 0;
};

} // namespace studio::tokenizers
