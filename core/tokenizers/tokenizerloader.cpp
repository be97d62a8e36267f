// Builds a Tokenizer from Hugging Face's tokenizer.json (or a GPT-2 vocab.json
// + merges.txt pair). Unsupported components are errors that name them.
#include "tokenizers/binarytables.h"
#include "tokenizers/bpemodel.h"
#include "tokenizers/gpt2pretokenizer.h"
#include "tokenizers/modeltablescan.h"
#include "tokenizers/splitpretokenizers.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/tokenizerparts.h"
#include "tokenizers/unigrammodel.h"
#include "tokenizers/wordpiecemodel.h"
#include "util/jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace studio::tokenizers {

namespace {

std::string str(const QJsonValue &v)
{
    return v.toString().toStdString();
}

std::string typeOf(const QJsonObject &o)
{
    return str(o.value(QStringLiteral("type")));
}

// Ids index dense tables, so a file naming id 4,000,000,000 would ask for
// gigabytes; the largest vocabularies in use have about 262,000 ids.
constexpr std::int64_t kMaxTokenIds = std::int64_t(1) << 22;

std::uint32_t tokenId(const QJsonValue &v, const std::string &what)
{
    const double d = v.toDouble(-1);
    if (!v.isDouble() || !(d >= 0) || d != std::floor(d))
        throw TokenizerError(what + " has no valid id");
    if (d >= static_cast<double>(kMaxTokenIds)) // compared as a double: the value may not fit any integer
        throw TokenizerError(what + " has id " + QString::number(d, 'g', 12).toStdString() + ", above the supported "
                             + std::to_string(kMaxTokenIds - 1));
    return static_cast<std::uint32_t>(d);
}

std::unique_ptr<Normalizer> parseNormalizer(const QJsonObject &o)
{
    const std::string type = typeOf(o);
    if (type == "NFC")
        return makeUnicodeNormalizer(UnicodeForm::NFC);
    if (type == "NFD")
        return makeUnicodeNormalizer(UnicodeForm::NFD);
    if (type == "NFKC")
        return makeUnicodeNormalizer(UnicodeForm::NFKC);
    if (type == "NFKD")
        return makeUnicodeNormalizer(UnicodeForm::NFKD);
    if (type == "Lowercase")
        return makeLowercase();
    if (type == "StripAccents")
        return makeStripAccents();
    if (type == "Strip")
        return makeStrip(o.value(QStringLiteral("strip_left")).toBool(true), o.value(QStringLiteral("strip_right")).toBool(true));
    if (type == "Prepend")
        return makePrepend(str(o.value(QStringLiteral("prepend"))));
    if (type == "Replace") {
        const QJsonObject pattern = o.value(QStringLiteral("pattern")).toObject();
        const bool literal = pattern.contains(QStringLiteral("String"));
        return makeReplace(str(literal ? pattern.value(QStringLiteral("String")) : pattern.value(QStringLiteral("Regex"))),
                           literal, str(o.value(QStringLiteral("content"))));
    }
    if (type == "BertNormalizer") {
        const bool lowercase = o.value(QStringLiteral("lowercase")).toBool(true);
        const QJsonValue strip = o.value(QStringLiteral("strip_accents"));
        return makeBertNormalizer(o.value(QStringLiteral("clean_text")).toBool(true),
                                  o.value(QStringLiteral("handle_chinese_chars")).toBool(true),
                                  strip.isBool() ? strip.toBool() : lowercase, lowercase);
    }
    if (type == "Sequence") {
        std::vector<std::unique_ptr<Normalizer>> steps;
        for (const QJsonValue &v : o.value(QStringLiteral("normalizers")).toArray())
            steps.push_back(parseNormalizer(v.toObject()));
        return makeSequence(std::move(steps));
    }
    throw TokenizerError("unsupported normalizer '" + type + "'");
}

SplitBehavior parseBehavior(const std::string &b)
{
    if (b == "Removed")
        return SplitBehavior::Removed;
    if (b == "Isolated")
        return SplitBehavior::Isolated;
    if (b == "MergedWithPrevious")
        return SplitBehavior::MergedWithPrevious;
    if (b == "MergedWithNext")
        return SplitBehavior::MergedWithNext;
    if (b == "Contiguous")
        return SplitBehavior::Contiguous;
    throw TokenizerError("unsupported Split behavior '" + b + "'");
}

std::unique_ptr<PreTokenizer> parsePreTokenizer(const QJsonObject &o, Tokenizer::Parts &parts, bool topLevel)
{
    const std::string type = typeOf(o);
    if (type == "ByteLevel") {
        if (o.value(QStringLiteral("add_prefix_space")).toBool(false)) {
            if (!topLevel)
                throw TokenizerError("ByteLevel add_prefix_space inside a Sequence is not supported");
            parts.addPrefixSpace = true;
        }
        if (o.value(QStringLiteral("use_regex")).toBool(true))
            return std::make_unique<Gpt2PreTokenizer>();
        return nullptr; // the byte mapping itself happens in the model
    }
    if (type == "Split") {
        const QJsonObject pattern = o.value(QStringLiteral("pattern")).toObject();
        const bool literal = pattern.contains(QStringLiteral("String"));
        const std::string regex = str(literal ? pattern.value(QStringLiteral("String")) : pattern.value(QStringLiteral("Regex")));
        const SplitBehavior behavior = parseBehavior(str(o.value(QStringLiteral("behavior"))));
        const bool invert = o.value(QStringLiteral("invert")).toBool(false);
        // The known patterns match every character, so Isolated and
        // Removed+invert are the same split: use the hand-written scanners.
        const bool covering = behavior == SplitBehavior::Isolated || (behavior == SplitBehavior::Removed && invert);
        if (!literal && covering && (behavior == SplitBehavior::Isolated ? !invert : true)) {
            if (regex == Gpt2PreTokenizer::pattern())
                return std::make_unique<Gpt2PreTokenizer>();
            if (regex == Cl100kPreTokenizer::pattern(3))
                return std::make_unique<Cl100kPreTokenizer>(3);
            if (regex == Cl100kPreTokenizer::pattern(1))
                return std::make_unique<Cl100kPreTokenizer>(1);
        }
        return std::make_unique<RegexSplitPreTokenizer>(regex, literal, behavior, invert);
    }
    if (type == "Sequence") {
        std::vector<std::unique_ptr<PreTokenizer>> steps;
        for (const QJsonValue &v : o.value(QStringLiteral("pretokenizers")).toArray()) {
            auto step = parsePreTokenizer(v.toObject(), parts, false);
            if (step)
                steps.push_back(std::move(step));
        }
        if (steps.size() == 1)
            return std::move(steps.front());
        return std::make_unique<SequencePreTokenizer>(std::move(steps));
    }
    if (type == "Whitespace")
        return std::make_unique<WhitespacePreTokenizer>(false);
    if (type == "WhitespaceSplit")
        return std::make_unique<WhitespacePreTokenizer>(true);
    if (type == "BertPreTokenizer")
        return std::make_unique<BertPreTokenizer>();
    if (type == "Digits")
        return std::make_unique<DigitsPreTokenizer>(o.value(QStringLiteral("individual_digits")).toBool(false));
    if (type == "Punctuation")
        return std::make_unique<RegexSplitPreTokenizer>(R"([\p{P}!-/:-@\[-`{-~])", false,
                                                        parseBehavior(o.contains(QStringLiteral("behavior"))
                                                                          ? str(o.value(QStringLiteral("behavior")))
                                                                          : std::string("Isolated")),
                                                        false);
    if (type == "Metaspace") {
        if (!topLevel)
            throw TokenizerError("Metaspace inside a Sequence is not supported");
        parts.metaspace = true;
        parts.metaspaceReplacement = str(o.value(QStringLiteral("replacement")));
        if (parts.metaspaceReplacement.empty())
            parts.metaspaceReplacement = "\xE2\x96\x81";
        const std::string scheme = str(o.value(QStringLiteral("prepend_scheme")));
        parts.metaspacePrepend = scheme.empty() ? o.value(QStringLiteral("add_prefix_space")).toBool(true) : scheme != "never";
        parts.metaspacePrependFirstOnly = scheme == "first";
        parts.metaspaceSplit = o.value(QStringLiteral("split")).toBool(true);
        parts.decoder = DecoderKind::Metaspace;
        return nullptr;
    }
    throw TokenizerError("unsupported pre-tokenizer '" + type + "'");
}

// Null for a decoder type this engine does not implement (CTC).
std::unique_ptr<Decoder> parseDecoder(const QJsonObject &o)
{
    const std::string type = typeOf(o);
    if (type == "ByteLevel")
        return makeByteLevelDecoder();
    if (type == "Metaspace") {
        std::string replacement = str(o.value(QStringLiteral("replacement")));
        const std::string scheme = str(o.value(QStringLiteral("prepend_scheme")));
        const bool strip = scheme.empty() ? o.value(QStringLiteral("add_prefix_space")).toBool(true) : scheme != "never";
        return makeMetaspaceDecoder(replacement.empty() ? std::string("\xE2\x96\x81") : replacement, strip);
    }
    if (type == "ByteFallback")
        return makeByteFallbackDecoder();
    if (type == "Fuse")
        return makeFuseDecoder();
    if (type == "Strip")
        return makeStripDecoder(str(o.value(QStringLiteral("content"))),
                                static_cast<std::size_t>(o.value(QStringLiteral("start")).toInteger()),
                                static_cast<std::size_t>(o.value(QStringLiteral("stop")).toInteger()));
    if (type == "Replace") {
        const QJsonObject pattern = o.value(QStringLiteral("pattern")).toObject();
        const bool literal = pattern.contains(QStringLiteral("String"));
        return makeReplaceDecoder(str(literal ? pattern.value(QStringLiteral("String")) : pattern.value(QStringLiteral("Regex"))),
                                  !literal, str(o.value(QStringLiteral("content"))));
    }
    if (type == "WordPiece")
        return makeWordPieceDecoder(o.contains(QStringLiteral("prefix")) ? str(o.value(QStringLiteral("prefix"))) : std::string("##"),
                                    o.value(QStringLiteral("cleanup")).toBool(true));
    if (type == "BPEDecoder")
        return makeBpeDecoder(o.contains(QStringLiteral("suffix")) ? str(o.value(QStringLiteral("suffix"))) : std::string("</w>"));
    if (type == "Sequence") {
        std::vector<std::unique_ptr<Decoder>> steps;
        for (const QJsonValue &v : o.value(QStringLiteral("decoders")).toArray()) {
            auto step = parseDecoder(v.toObject());
            if (!step)
                return nullptr;
            steps.push_back(std::move(step));
        }
        return makeDecoderSequence(std::move(steps));
    }
    return nullptr;
}

bool usesByteLevel(const QJsonValue &v)
{
    const QJsonObject o = v.toObject();
    if (typeOf(o) == "ByteLevel")
        return true;
    for (const char *key : {"pretokenizers", "decoders", "processors"}) {
        for (const QJsonValue &child : o.value(QString::fromLatin1(key)).toArray()) {
            if (usesByteLevel(child))
                return true;
        }
    }
    return false;
}

std::vector<std::pair<std::string, std::uint32_t>> parseVocab(const QJsonObject &vocab)
{
    std::vector<std::pair<std::string, std::uint32_t>> out;
    out.reserve(static_cast<std::size_t>(vocab.size()));
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        out.emplace_back(it.key().toStdString(), tokenId(it.value(), "vocabulary entry '" + it.key().toStdString() + "'"));
    }
    return out;
}

std::vector<std::pair<std::string, std::string>> parseMerges(const QJsonArray &list)
{
    std::vector<std::pair<std::string, std::string>> merges;
    merges.reserve(static_cast<std::size_t>(list.size()));
    for (const QJsonValue &v : list) {
        if (v.isArray()) {
            const QJsonArray pair = v.toArray();
            if (pair.size() != 2)
                throw TokenizerError("a merge is not a pair of tokens");
            merges.emplace_back(str(pair.at(0)), str(pair.at(1)));
        } else {
            const std::string s = str(v);
            auto pair = splitMerge(s);
            if (!pair)
                throw TokenizerError("merge \"" + s + "\" is not two tokens separated by a space");
            merges.push_back(std::move(*pair));
        }
    }
    return merges;
}

// `tables`, when given, holds the model's vocab and merges read by
// scanModelTables (the JSON then has them empty).
std::unique_ptr<Model> parseModel(const QJsonObject &root, Tokenizer::Parts &parts, ModelTables *tables)
{
    const QJsonObject m = root.value(QStringLiteral("model")).toObject();
    const auto vocabulary = [&] {
        return tables ? std::move(tables->vocab) : parseVocab(m.value(QStringLiteral("vocab")).toObject());
    };
    std::string type = typeOf(m);
    if (type.empty()) { // older files: infer from the fields
        if (m.contains(QStringLiteral("merges")))
            type = "BPE";
        else if (m.value(QStringLiteral("vocab")).isArray())
            type = "Unigram";
        else if (m.contains(QStringLiteral("continuing_subword_prefix")) || m.contains(QStringLiteral("max_input_chars_per_word")))
            type = "WordPiece";
    }
    if (tables && !tables->compiledModel.empty() && type != "BPE")
        throw TokenizerError("the compiled tokenizer is not a BPE model");
    if (type == "BPE") {
        BpeModel::Options options;
        options.byteLevel = usesByteLevel(root.value(QStringLiteral("pre_tokenizer")))
                            || usesByteLevel(root.value(QStringLiteral("decoder")));
        options.ignoreMerges = m.value(QStringLiteral("ignore_merges")).toBool(false);
        options.byteFallback = m.value(QStringLiteral("byte_fallback")).toBool(false);
        options.fuseUnk = m.value(QStringLiteral("fuse_unk")).toBool(false);
        options.unkToken = str(m.value(QStringLiteral("unk_token")));
        options.continuingSubwordPrefix = str(m.value(QStringLiteral("continuing_subword_prefix")));
        options.endOfWordSuffix = str(m.value(QStringLiteral("end_of_word_suffix")));
        if (!m.value(QStringLiteral("dropout")).isNull() && m.value(QStringLiteral("dropout")).toDouble() > 0)
            throw TokenizerError("BPE dropout is random and not supported for dataset tokenization");
        if (!options.byteLevel && parts.decoder == DecoderKind::ByteLevel)
            parts.decoder = DecoderKind::Metaspace;
        if (tables && !tables->compiledModel.empty()) {
            auto model = BpeModel::restore(tables->compiledModel, std::move(options));
            if (!model)
                throw TokenizerError("the compiled tokenizer's tables are damaged");
            return model;
        }
        const auto merges = tables ? std::move(tables->merges) : parseMerges(m.value(QStringLiteral("merges")).toArray());
        return std::make_unique<BpeModel>(vocabulary(), merges, options);
    }
    if (type == "WordPiece") {
        parts.decoder = DecoderKind::WordPiece;
        parts.wordPiecePrefix = m.contains(QStringLiteral("continuing_subword_prefix"))
                                    ? str(m.value(QStringLiteral("continuing_subword_prefix")))
                                    : std::string("##");
        return std::make_unique<WordPieceModel>(vocabulary(),
                                                m.contains(QStringLiteral("unk_token")) ? str(m.value(QStringLiteral("unk_token")))
                                                                                        : std::string("[UNK]"),
                                                parts.wordPiecePrefix,
                                                static_cast<std::size_t>(m.value(QStringLiteral("max_input_chars_per_word")).toInt(100)));
    }
    if (type == "Unigram") {
        std::vector<std::pair<std::string, double>> vocab;
        const QJsonArray list = m.value(QStringLiteral("vocab")).toArray();
        vocab.reserve(static_cast<std::size_t>(list.size()));
        for (const QJsonValue &v : list) {
            const QJsonArray entry = v.toArray();
            if (entry.size() != 2 || !entry.at(0).isString() || !entry.at(1).isDouble())
                throw TokenizerError("Unigram vocabulary entry " + std::to_string(vocab.size())
                                     + " is not a [piece, score] pair");
            vocab.emplace_back(str(entry.at(0)), entry.at(1).toDouble());
        }
        std::optional<std::uint32_t> unkId;
        const QJsonValue unk = m.value(QStringLiteral("unk_id"));
        if (unk.isDouble())
            unkId = tokenId(unk, "the Unigram unk_id");
        if (parts.decoder == DecoderKind::ByteLevel && !usesByteLevel(root.value(QStringLiteral("decoder"))))
            parts.decoder = DecoderKind::Metaspace;
        return std::make_unique<UnigramModel>(vocab, unkId, m.value(QStringLiteral("byte_fallback")).toBool(false));
    }
    throw TokenizerError("unsupported model type '" + (type.empty() ? std::string("unknown") : type) + "'");
}

std::uint32_t specialId(const QJsonObject &specialTokens, const QString &name, const Tokenizer::Parts &parts,
                        std::vector<std::uint32_t> &ids)
{
    const QJsonObject entry = specialTokens.value(name).toObject();
    const QJsonArray list = entry.value(QStringLiteral("ids")).toArray();
    if (list.isEmpty()) {
        for (const AddedToken &t : parts.added) {
            if (t.content == name.toStdString()) {
                ids.push_back(t.id);
                return t.id;
            }
        }
        throw TokenizerError("the post-processor names an unknown special token '" + name.toStdString() + "'");
    }
    for (const QJsonValue &v : list)
        ids.push_back(tokenId(v, "special token '" + name.toStdString() + "'"));
    return ids.back();
}

void parsePostProcessor(const QJsonObject &o, Tokenizer::Parts &parts)
{
    const std::string type = typeOf(o);
    if (type.empty() || type == "ByteLevel")
        return;
    if (type == "Sequence") {
        for (const QJsonValue &v : o.value(QStringLiteral("processors")).toArray())
            parsePostProcessor(v.toObject(), parts);
        return;
    }
    if (type == "TemplateProcessing") {
        const QJsonObject specials = o.value(QStringLiteral("special_tokens")).toObject();
        bool afterSequence = false;
        for (const QJsonValue &v : o.value(QStringLiteral("single")).toArray()) {
            const QJsonObject item = v.toObject();
            if (item.contains(QStringLiteral("Sequence"))) {
                afterSequence = true;
                continue;
            }
            const QString name = item.value(QStringLiteral("SpecialToken")).toObject().value(QStringLiteral("id")).toString();
            specialId(specials, name, parts, afterSequence ? parts.suffixIds : parts.prefixIds);
        }
        return;
    }
    if (type == "BertProcessing" || type == "RobertaProcessing") {
        const QJsonArray cls = o.value(QStringLiteral("cls")).toArray();
        const QJsonArray sep = o.value(QStringLiteral("sep")).toArray();
        if (cls.size() != 2 || sep.size() != 2)
            throw TokenizerError(type + " needs cls and sep");
        parts.prefixIds.push_back(tokenId(cls.at(1), type + " cls"));
        parts.suffixIds.push_back(tokenId(sep.at(1), type + " sep"));
        return;
    }
    throw TokenizerError("unsupported post-processor '" + type + "'");
}

void findBosEos(Tokenizer::Parts &parts)
{
    if (!parts.prefixIds.empty())
        parts.bos = parts.prefixIds.front();
    if (!parts.suffixIds.empty())
        parts.eos = parts.suffixIds.back();
    static const char *const eosNames[] = {"<|endoftext|>", "</s>", "<|end_of_text|>", "<|im_end|>", "[SEP]", "<eos>"};
    static const char *const bosNames[] = {"<s>", "<|begin_of_text|>", "<bos>", "[CLS]"};
    for (const AddedToken &t : parts.added) {
        for (const char *n : eosNames) {
            if (!parts.eos && t.content == n)
                parts.eos = t.id;
        }
        for (const char *n : bosNames) {
            if (!parts.bos && t.content == n)
                parts.bos = t.id;
        }
    }
}

} // namespace

std::shared_ptr<const Tokenizer> Tokenizer::fromJson(std::string_view json)
{
    // The big tables read directly, the rest by the JSON reader; if anything
    // is unusual, all of it by the JSON reader (which also words the errors).
    std::optional<ModelTables> tables = scanModelTables(json, kMaxTokenIds);
    QJsonParseError error{};
    QJsonDocument doc = parseJson(tables ? std::string_view(tables->rest) : json, &error);
    if (tables && error.error != QJsonParseError::NoError) {
        tables.reset();
        doc = parseJson(json, &error); // for an offset into the file itself
    }
    if (error.error != QJsonParseError::NoError)
        throw TokenizerError("malformed JSON at offset " + std::to_string(error.offset) + ": "
                             + error.errorString().toStdString());
    return fromRoot(doc.object(), tables ? &*tables : nullptr);
}

std::shared_ptr<const Tokenizer> Tokenizer::fromCompiled(std::string_view compiled)
{
    ModelTables tables;
    if (!binary::getBytes(compiled, tables.rest) || compiled.empty())
        throw TokenizerError("the compiled tokenizer is cut short");
    tables.compiledModel = compiled;
    QJsonParseError error{};
    const QJsonDocument doc = parseJson(tables.rest, &error);
    if (error.error != QJsonParseError::NoError)
        throw TokenizerError("the compiled tokenizer's JSON is damaged");
    return fromRoot(doc.object(), &tables);
}

std::string Tokenizer::compiled() const
{
    const auto *bpe = dynamic_cast<const BpeModel *>(m_p->model.get());
    if (!bpe || m_p->scannedRest.empty())
        return {};
    std::string out;
    binary::putArray(out, m_p->scannedRest.data(), m_p->scannedRest.size());
    out += bpe->save();
    return out;
}

std::shared_ptr<const Tokenizer> Tokenizer::fromRoot(const QJsonObject &root, ModelTables *tables)
{
    if (!root.value(QStringLiteral("model")).isObject())
        throw TokenizerError("not a tokenizer.json file (no \"model\" object)");
    auto parts = std::make_unique<Parts>();
    for (const QJsonValue &v : root.value(QStringLiteral("added_tokens")).toArray()) {
        const QJsonObject o = v.toObject();
        AddedToken t;
        t.content = str(o.value(QStringLiteral("content")));
        t.id = tokenId(o.value(QStringLiteral("id")), "added token '" + t.content + "'");
        t.special = o.value(QStringLiteral("special")).toBool();
        t.singleWord = o.value(QStringLiteral("single_word")).toBool();
        t.lstrip = o.value(QStringLiteral("lstrip")).toBool();
        t.rstrip = o.value(QStringLiteral("rstrip")).toBool();
        t.normalized = o.value(QStringLiteral("normalized")).toBool();
        parts->added.push_back(std::move(t));
    }
    if (root.value(QStringLiteral("normalizer")).isObject())
        parts->normalizer = parseNormalizer(root.value(QStringLiteral("normalizer")).toObject());
    if (root.value(QStringLiteral("pre_tokenizer")).isObject())
        parts->preTokenizer = parsePreTokenizer(root.value(QStringLiteral("pre_tokenizer")).toObject(), *parts, true);
    const QJsonObject decoder = root.value(QStringLiteral("decoder")).toObject();
    if (typeOf(decoder) == "WordPiece")
        parts->decoder = DecoderKind::WordPiece;
    if (root.value(QStringLiteral("decoder")).isObject())
        parts->decoderChain = parseDecoder(decoder);
    else
        parts->joinWithSpaces = true;
    parts->model = parseModel(root, *parts, tables);
    if (tables)
        parts->scannedRest = std::move(tables->rest);
    // SentencePiece-style BPE with no splitting pre-tokenizer (Llama 2,
    // Mistral: Prepend + Replace normalizers): encode word by word when
    // that provably gives the same ids.
    if (!parts->preTokenizer && (!parts->metaspace || !parts->metaspaceSplit)) {
        const auto *bpe = dynamic_cast<const BpeModel *>(parts->model.get());
        if (bpe && bpe->splitsBefore(parts->metaspaceReplacement))
            parts->preTokenizer = std::make_unique<MarkerSplitPreTokenizer>(parts->metaspaceReplacement);
    }
    if (root.value(QStringLiteral("post_processor")).isObject())
        parsePostProcessor(root.value(QStringLiteral("post_processor")).toObject(), *parts);
    findBosEos(*parts);
    return std::shared_ptr<const Tokenizer>(new Tokenizer(std::move(parts)));
}

std::shared_ptr<const Tokenizer> Tokenizer::fromVocabAndMerges(std::string_view vocabJson, std::string_view mergesTxt)
{
    QJsonParseError error{};
    const QJsonDocument vocab = parseJson(vocabJson, &error);
    if (error.error != QJsonParseError::NoError || !vocab.isObject())
        throw TokenizerError("vocab.json is not a JSON object of token ids");
    std::vector<std::pair<std::string, std::string>> merges;
    std::size_t at = 0;
    while (at < mergesTxt.size()) {
        std::size_t end = mergesTxt.find('\n', at);
        if (end == std::string_view::npos)
            end = mergesTxt.size();
        std::string_view line = mergesTxt.substr(at, end - at);
        at = end + 1;
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        if (line.empty() || line.substr(0, 8) == "#version")
            continue;
        auto pair = splitMerge(line);
        if (!pair)
            throw TokenizerError("merges.txt line \"" + std::string(line) + "\" is not two tokens");
        merges.push_back(std::move(*pair));
    }
    auto parts = std::make_unique<Parts>();
    parts->preTokenizer = std::make_unique<Gpt2PreTokenizer>();
    parts->decoderChain = makeByteLevelDecoder();
    BpeModel::Options options;
    parts->model = std::make_unique<BpeModel>(parseVocab(vocab.object()), merges, options);
    const std::int64_t eot = parts->model->idOf("<|endoftext|>");
    if (eot >= 0)
        parts->added.push_back({"<|endoftext|>", static_cast<std::uint32_t>(eot), true, false, false, false, true});
    findBosEos(*parts);
    return std::shared_ptr<const Tokenizer>(new Tokenizer(std::move(parts)));
}

} // namespace studio::tokenizers
