#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace studio::tokenizers {

// The two big tables of a tokenizer.json's model, read straight from the
// text: "vocab" as an object of token -> id and "merges" as "a b" strings or
// [a, b] pairs. Most of a BPE file is these tables, and reading them without
// building a JSON tree (UTF-16 strings and all) halves the tokenizer's load.
struct ModelTables {
    std::vector<std::pair<std::string, std::uint32_t>> vocab; // in file order
    std::vector<std::pair<std::string, std::string>> merges;  // by rank
    bool hasMerges = false;
    // The file with those two values emptied ({} and []): the rest of the
    // file, small, for the ordinary JSON reader.
    std::string rest;
    // Instead of vocab and merges: a BPE model's built tables
    // (BpeModel::save), from the compiled tokenizer cache.
    std::string_view compiledModel;
};

// Nothing when the file is not plainly such a file (malformed JSON, a
// string with a lone surrogate or invalid UTF-8, an id that is not a plain
// non-negative integer below maxId, a repeated key or id, a vocabulary that
// is a list): the caller then reads the whole file the ordinary way, which
// also gives the precise error.
std::optional<ModelTables> scanModelTables(std::string_view json, std::int64_t maxId);

// A merge written "a b": the tokens either side of the first space after the
// first byte (a token may itself be a space, as the reference allows).
std::optional<std::pair<std::string, std::string>> splitMerge(std::string_view merge);

} // namespace studio::tokenizers
