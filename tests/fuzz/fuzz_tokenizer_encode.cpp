// Fuzz target: encoding arbitrary bytes (invalid UTF-8 included) with real
// tokenizers: the bundled GPT-2 byte-level BPE and the WordPiece,
// SentencePiece-style and Split-regex seeds of fuzz_tokenizer_json. The first
// byte picks the tokenizer, special tokens and an overflow window shape.
// Checks: ids inside the vocabulary, offsets inside the text and in order,
// encode == encodeWithOffsets == encodeBatch, windows cover every token.
#include "tokenizers/tokenizer.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

using namespace studio::tokenizers;

namespace {

[[noreturn]] void bug(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

std::shared_ptr<const Tokenizer> load(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    const std::string json{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (json.empty()) {
        std::fprintf(stderr, "missing tokenizer %s\n", path.c_str());
        std::abort();
    }
    return Tokenizer::fromJson(json);
}

const std::vector<std::shared_ptr<const Tokenizer>> &tokenizers()
{
    static const std::vector<std::shared_ptr<const Tokenizer>> all = [] {
        const std::string src = STUDIO_SOURCE_DIR;
        const std::string seeds = src + "/tests/fuzz/corpus/fuzz_tokenizer_json/";
        return std::vector<std::shared_ptr<const Tokenizer>>{
            load(src + "/resources/tokenizers/gpt2/tokenizer.json"), load(seeds + "bert-base-cased.json"),
            load(seeds + "llama2.json"), load(seeds + "qwen3.json"), load(seeds + "cl100k.json")};
    }();
    return all;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const auto &all = tokenizers();
    const uint8_t control = data[0];
    const Tokenizer &tok = *all[control % all.size()];
    const bool special = control & 0x80;
    const std::string_view text(reinterpret_cast<const char *>(data + 1), size - 1);

    const auto ids = tok.encode(text, special);
    for (const auto id : ids)
        if (id >= tok.vocabSize())
            bug("id outside the vocabulary");
    const auto spans = tok.encodeWithOffsets(text, special);
    if (spans.size() != ids.size())
        bug("encodeWithOffsets gives a different number of ids than encode");
    uint32_t lastBegin = 0;
    for (size_t i = 0; i < spans.size(); ++i) {
        if (spans[i].id != ids[i])
            bug("encodeWithOffsets gives different ids than encode");
        if (spans[i].begin > spans[i].end || spans[i].end > text.size()) {
            std::fprintf(stderr, "token %zu (id %u): [%u, %u) in %zu bytes\n", i, spans[i].id, spans[i].begin, spans[i].end, text.size());
            bug("token span outside the text");
        }
        if (spans[i].begin != spans[i].end) {
            if (spans[i].begin < lastBegin)
                bug("token spans out of order");
            lastBegin = spans[i].begin;
        }
    }
    const std::string_view batch[] = {text, text.substr(text.size() / 2)};
    const auto encoded = tok.encodeBatch(batch, special, 2);
    if (encoded.size() != 2 || encoded[0] != ids || encoded[1] != tok.encode(batch[1], special))
        bug("encodeBatch differs from encode");
    (void)tok.decode(ids, true);
    (void)tok.decode(ids, false);

    const size_t maxLength = 1 + (control >> 3) % 16;
    const size_t stride = (control >> 1) % maxLength;
    const auto windows = overflowWindows(ids.size(), maxLength, stride);
    size_t covered = 0;
    for (const auto &[begin, end] : windows) {
        if (begin > covered || end < begin || end - begin > maxLength || end > ids.size())
            bug("overflow windows leave a gap or exceed max_length");
        covered = std::max(covered, end);
    }
    if (covered != ids.size() && !(ids.empty() && windows.size() <= 1))
        bug("overflow windows do not reach the end");
    return 0;
}
