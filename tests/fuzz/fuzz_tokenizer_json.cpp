// Fuzz target: loading tokenizer.json (any input must load or throw
// TokenizerError) and, when it loads, encoding and decoding a few texts with
// ids inside the vocabulary and offsets inside the text.
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace studio::tokenizers;

namespace {

[[noreturn]] void bug(const char *what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    std::shared_ptr<const Tokenizer> tok;
    try {
        tok = Tokenizer::fromJson(std::string_view(reinterpret_cast<const char *>(data), size));
    } catch (const TokenizerError &e) {
        if (std::getenv("STUDIO_FUZZ_VERBOSE"))
            std::fprintf(stderr, "not loaded: %s\n", e.what());
        return 0;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "unexpected exception: %s\n", e.what());
        std::abort();
    }
    static constexpr std::string_view texts[] = {
        "Hello world, caf\xc3\xa9 [CLS] <s> 123!", "  leading  spaces\tand\nnewlines ", "",
        "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80 \xff\xfe invalid", "<|endoftext|>aaaaaaaaaaaaaaaaaaaaaaaa"};
    for (const std::string_view text : texts) {
        for (const bool special : {false, true}) {
            const auto ids = tok->encode(text, special);
            for (const auto id : ids)
                if (id >= tok->vocabSize())
                    bug("id outside the vocabulary");
            const auto spans = tok->encodeWithOffsets(text, special);
            if (spans.size() != ids.size())
                bug("encodeWithOffsets gives a different number of ids than encode");
            for (size_t i = 0; i < spans.size(); ++i) {
                if (spans[i].id != ids[i])
                    bug("encodeWithOffsets gives different ids than encode");
                if (spans[i].begin > spans[i].end || spans[i].end > text.size()) {
                    std::fprintf(stderr, "token %zu (id %u): [%u, %u) in %zu bytes\n", i, spans[i].id, spans[i].begin, spans[i].end, text.size());
                    bug("token span outside the text");
                }
            }
            (void)tok->decode(ids, !special);
            for (const auto id : ids) {
                (void)tok->idToToken(id);
                (void)tok->tokenText(id);
            }
        }
    }
    return 0;
}
