#pragma once

#include "tokenizers/decoder.h"
#include "tokenizers/model.h"
#include "tokenizers/normalizers.h"
#include "tokenizers/pretokenizer.h"
#include "tokenizers/tokenizer.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace studio::tokenizers {

struct AddedToken {
    std::string content;
    std::uint32_t id = 0;
    bool special = false, singleWord = false, lstrip = false, rstrip = false, normalized = false;
};

enum class DecoderKind { ByteLevel, Metaspace, WordPiece, Plain };

// Everything a loaded tokenizer is made of (built by the loader).
struct Tokenizer::Parts {
    std::unique_ptr<Normalizer> normalizer;
    std::unique_ptr<PreTokenizer> preTokenizer;
    std::unique_ptr<Model> model;
    bool addPrefixSpace = false;    // ByteLevel add_prefix_space
    bool metaspace = false;         // Metaspace pre-tokenizer
    std::string metaspaceReplacement = "\xE2\x96\x81";
    bool metaspacePrependFirstOnly = false, metaspacePrepend = true, metaspaceSplit = true;
    std::vector<AddedToken> added;
    std::array<std::vector<std::size_t>, 256> addedByFirstByte; // indices into added, longest first
    std::array<bool, 256> addedFirstByte{};                     // some added token starts with the byte
    int onlyAddedFirstByte = -1; // the one first byte of all added tokens (memchr finds candidates), or -1
    std::vector<std::uint32_t> prefixIds, suffixIds;             // post-processor template (single)
    std::optional<std::uint32_t> bos, eos;
    DecoderKind decoder = DecoderKind::ByteLevel; // for one token's display text
    // The tokenizer.json decoder for decode(); none with joinWithSpaces:
    // tokens joined by spaces (no decoder in the file), none otherwise: a
    // decoder type this engine lacks (decode() approximates with tokenText).
    std::unique_ptr<Decoder> decoderChain;
    bool joinWithSpaces = false;
    std::string wordPiecePrefix = "##";
    std::size_t vocabSize = 0;
    // The tokenizer.json without its vocab and merges, when they were read
    // apart (scanModelTables): with the model's tables, the compiled form.
    std::string scannedRest;

    void indexAddedTokens();
};

} // namespace studio::tokenizers
