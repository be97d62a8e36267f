#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

class QJsonObject;

namespace studio::tokenizers {

class Model;
struct ModelTables;
class Normalizer;
class PreTokenizer;

// A Hugging Face tokenizer loaded from tokenizer.json: added tokens, normalizer,
// pre-tokenizer, model and post-processor, producing the ids the reference
// implementation produces. Immutable once loaded; every method is const and
// safe to call from many threads at once.
//
// Invalid UTF-8 input is not rejected: each invalid sequence is replaced by
// U+FFFD first, as the reference does when handed a lossily decoded string.
class Tokenizer final
{
public:
    // Loaders throw TokenizerError with the reason.
    static std::shared_ptr<const Tokenizer> fromJson(std::string_view json);
    // A GPT-2 style vocab.json + merges.txt pair (byte-level BPE).
    static std::shared_ptr<const Tokenizer> fromVocabAndMerges(std::string_view vocabJson, std::string_view mergesTxt);
    // What compiled() gave: the same tokenizer without parsing its tables
    // again (GPT-2: a few ms instead of ~25).
    static std::shared_ptr<const Tokenizer> fromCompiled(std::string_view compiled);
    // This tokenizer as bytes fromCompiled() reads back on this machine (the
    // compiled tokenizer cache); empty when it cannot be (not a BPE model, or
    // not loaded by fromJson from a plain tokenizer.json).
    std::string compiled() const;

    ~Tokenizer();

    // Appends the ids of `text` to `ids`. addSpecialTokens applies the
    // post-processor's template (e.g. <s> … for Llama, [CLS] … [SEP] for BERT).
    void encode(std::string_view text, bool addSpecialTokens, std::vector<std::uint32_t> &ids) const;
    std::vector<std::uint32_t> encode(std::string_view text, bool addSpecialTokens = false) const;

    struct Token {
        std::uint32_t id;
        std::uint32_t begin, end; // byte span in the input text (empty for template tokens)
    };
    // Ids with their byte spans in `text`, for showing tokens over the text.
    std::vector<Token> encodeWithOffsets(std::string_view text, bool addSpecialTokens = false) const;

    // Encodes many texts on `threads` threads (0: all cores), results in order.
    std::vector<std::vector<std::uint32_t>> encodeBatch(std::span<const std::string_view> texts, bool addSpecialTokens,
                                                        unsigned threads = 0) const;
    // The same work without keeping the results: `sink(i, ids)` sees the ids
    // of texts[i] on the thread that encoded them (any order, so it must be
    // thread-safe), in a buffer that thread reuses for its next text.
    using EncodedSink = std::function<void(std::size_t index, std::span<const std::uint32_t> ids)>;
    void encodeEach(std::span<const std::string_view> texts, bool addSpecialTokens, unsigned threads,
                    const EncodedSink &sink) const;

    // Ids span [0, vocabSize()): the model's vocabulary and the added tokens.
    std::size_t vocabSize() const;
    // The token as written in the vocabulary ("Ġthe", "##ing", "<|endoftext|>").
    std::string idToToken(std::uint32_t id) const;
    // The text one token stands for, for display (may be a partial UTF-8 sequence).
    std::string tokenText(std::uint32_t id) const;
    std::optional<std::uint32_t> tokenToId(std::string_view token) const;
    bool isSpecial(std::uint32_t id) const;
    std::string decode(std::span<const std::uint32_t> ids, bool skipSpecialTokens = true) const;
    // How many tokens the template adds to one sequence, and their ids.
    std::size_t addedSpecialTokenCount() const;
    const std::vector<std::uint32_t> &templatePrefix() const;
    const std::vector<std::uint32_t> &templateSuffix() const;
    // Beginning / end of sequence ids when the tokenizer defines them.
    std::optional<std::uint32_t> bosId() const;
    std::optional<std::uint32_t> eosId() const;

    struct Parts;

private:
    explicit Tokenizer(std::unique_ptr<Parts> parts);
    // The tokenizer of a parsed tokenizer.json, its model tables read apart
    // (by scanModelTables, or compiled) when `tables` is given.
    static std::shared_ptr<const Tokenizer> fromRoot(const QJsonObject &root, ModelTables *tables);
    struct Segment;
    void split(std::string_view text, std::vector<Segment> &segments) const;
    void encodeSegment(std::string_view text, std::vector<std::uint32_t> &ids, std::vector<Token> *tokens,
                       std::uint32_t base) const;

    std::unique_ptr<Parts> m_p;
};

// Hugging Face's overflowing windows for one sequence: with content length
// `maxLength` (the template's special tokens not counted) and `stride`
// tokens of overlap, windows start every maxLength - stride tokens until one
// reaches the end. Requires stride < maxLength. One window when it fits.
std::vector<std::pair<std::size_t, std::size_t>> overflowWindows(std::size_t length, std::size_t maxLength,
                                                                 std::size_t stride);

} // namespace studio::tokenizers
