#include "gzipfile.h"
#include "testsupport.h"
#include "tokenizers/modeltablescan.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/tokenizerresolver.h"
#include "util/jsontext.h"

#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace studio::tokenizers;

namespace {

std::shared_ptr<const Tokenizer> load(const char *name)
{
    const QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/%1/tokenizer.json.gz").arg(QLatin1String(name))));
    return Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
}

QString loadError(const QString &name)
{
    try {
        TokenizerResolver().resolve(name);
    } catch (const TokenizerError &e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestTokenizers : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundledGpt2ResolvesOffline()
    {
        qputenv("HF_HUB_CACHE", QTemporaryDir().path().toUtf8()); // an empty cache
        const auto r = TokenizerResolver().resolve(QStringLiteral("gpt2"));
        QVERIFY(r.tokenizer);
        QCOMPARE(r.source, QStringLiteral(":/tokenizers/gpt2/tokenizer.json"));
        // The first load of a process takes the digest beside the parse: it is still the file's.
        QFile bundled(r.source);
        QVERIFY(bundled.open(QIODevice::ReadOnly));
        QCOMPARE(r.sha256, QString::fromLatin1(QCryptographicHash::hash(bundled.readAll(), QCryptographicHash::Sha256).toHex()));
        QCOMPARE(r.tokenizer->encode("Hello world"), (std::vector<std::uint32_t>{15496, 995}));
        QCOMPARE(r.tokenizer->vocabSize(), size_t(50257));
        QCOMPARE(r.tokenizer->eosId().value(), 50256u);
    }

    void aFileLoadedBeforeIsNotParsedAgainUnlessItChanged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("tokenizer.json"));
        const QByteArray bert = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/bert-base-cased/tokenizer.json.gz")));
        studio::test::writeFile(path, bert);
        const auto first = TokenizerResolver().resolve(path);
        const auto again = TokenizerResolver().resolve(path);
        QCOMPARE(again.tokenizer.get(), first.tokenizer.get()); // the same bytes: the loaded one
        QCOMPARE(again.sha256, first.sha256);
        // New bytes at the same path: loaded anew.
        studio::test::writeFile(path, readGzip(studio::test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz"))));
        const auto changed = TokenizerResolver().resolve(path);
        QVERIFY(changed.tokenizer.get() != first.tokenizer.get());
        QVERIFY(changed.sha256 != first.sha256);
        QCOMPARE(changed.tokenizer->encode("Hello world"), (std::vector<std::uint32_t>{15496, 995}));
        // A broken file is refused every time (failures are not remembered as tokenizers).
        studio::test::writeFile(path, "{ not json");
        QVERIFY(!loadError(path).isEmpty());
        QVERIFY(!loadError(path).isEmpty());
    }

    void unknownNamesAndBrokenFilesGiveTheProductMessage()
    {
        QTemporaryDir dir;
        qputenv("HF_HUB_CACHE", dir.path().toUtf8());
        QString e = loadError(QStringLiteral("invalid-tokenizer-12345"));
        QVERIFY2(e.startsWith(QStringLiteral("Failed to load tokenizer 'invalid-tokenizer-12345': ")), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("Hugging Face cache")), qPrintable(e));
        const QString broken = dir.filePath(QStringLiteral("broken.json"));
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0}, \"merges\": [\"a b\"]}}");
        e = loadError(broken);
        QVERIFY2(e.startsWith(QStringLiteral("Failed to load tokenizer '") + broken), qPrintable(e));
        QVERIFY2(e.contains(QStringLiteral("missing from the vocabulary")), qPrintable(e));
        studio::test::writeFile(broken, "{\"model\": ");
        QVERIFY2(loadError(broken).contains(QStringLiteral("malformed JSON")), qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "[1,2,3]");
        QVERIFY2(loadError(broken).contains(QStringLiteral("not a tokenizer.json")), qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"Mystery\"}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("unsupported model type 'Mystery'")), qPrintable(loadError(broken)));
        QVERIFY(loadError(QStringLiteral("../../etc/passwd-ish")).contains(QStringLiteral("Failed to load tokenizer")));
        // An id that would size the tables to gigabytes (found by the fuzzer).
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 38200000000}, \"merges\": []}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("vocabulary entry 'a' has id 38200000000, above the supported")),
                 qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "{\"added_tokens\": [{\"id\": -1, \"content\": \"x\"}], \"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("added token 'x' has no valid id")), qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"Unigram\", \"unk_id\": 5, \"vocab\": [[\"a\", -1.0]]}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("unk_id 5 is not in the vocabulary")), qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"Unigram\", \"vocab\": [[\"a\", -1.0], [\"b\"]]}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("entry 1 is not a [piece, score] pair")), qPrintable(loadError(broken)));
        studio::test::writeFile(broken, "{\"model\": {\"type\": \"Unigram\", \"vocab\": []}}");
        QVERIFY2(loadError(broken).contains(QStringLiteral("Unigram vocabulary is empty")), qPrintable(loadError(broken)));
    }

    void unigramViterbiFusesUnknownsAndFallsBackToBytes()
    {
        // Best path by summed scores: "ab" (-1) beats "a" + "b" (-1.5 - 1.5);
        // "x" and "y" are not pieces: one fused <unk>, or their bytes.
        const char *json = R"({"model": {"type": "Unigram", "unk_id": 0, "byte_fallback": %1, "vocab": [
            ["<unk>", 0.0], ["a", -1.5], ["b", -1.5], ["ab", -1.0], ["c", -2.0], ["<0x78>", -5.0]]}})";
        const auto plain = Tokenizer::fromJson(QString::fromLatin1(json).arg(QStringLiteral("false")).toStdString());
        QCOMPARE(plain->encode("abcab"), (std::vector<std::uint32_t>{3, 4, 3}));
        QCOMPARE(plain->encode("axyb"), (std::vector<std::uint32_t>{1, 0, 2}));
        const auto bytes = Tokenizer::fromJson(QString::fromLatin1(json).arg(QStringLiteral("true")).toStdString());
        QCOMPARE(bytes->encode("axb"), (std::vector<std::uint32_t>{1, 5, 2})); // x has its byte piece
        QCOMPARE(bytes->encode("ayb"), (std::vector<std::uint32_t>{1, 0, 2})); // y has none: <unk>
    }

    void byteLevelBytesMissingFromTheVocabulary()
    {
        // A byte-level vocabulary without every byte (found by the fuzzer):
        // the reference drops such bytes, or gives the unknown token, fused
        // when asked. Ids below are what Hugging Face tokenizers returns.
        const char *json = R"({"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
            "model": {"type": "BPE", "unk_token": %1, "fuse_unk": %2,
                      "vocab": {"a": 0, "b": 1, "ab": 2, "\u0120": 3}, "merges": ["a b"]}})";
        const auto none = Tokenizer::fromJson(QString::fromLatin1(json).arg(QStringLiteral("null"), QStringLiteral("false")).toStdString());
        QCOMPARE(none->encode("abc"), (std::vector<std::uint32_t>{2}));
        QCOMPARE(none->encode("c"), (std::vector<std::uint32_t>{}));
        QCOMPARE(none->encode("ab zzab"), (std::vector<std::uint32_t>{2, 3, 2}));
        const auto unk = Tokenizer::fromJson(QString::fromLatin1(json).arg(QStringLiteral("\"a\""), QStringLiteral("true")).toStdString());
        QCOMPARE(unk->encode("xab"), (std::vector<std::uint32_t>{0, 2}));
        QCOMPARE(unk->encode("c"), (std::vector<std::uint32_t>{0}));
        QCOMPARE(unk->encode("ab zzab"), (std::vector<std::uint32_t>{2, 3, 0, 2}));
        QCOMPARE(unk->encode("cc ab"), (std::vector<std::uint32_t>{0, 3, 2}));
    }

    void longPiecesMergeInRankOrderEvenWhenMergesAreOutOfOrder()
    {
        // Pieces over 4,096 symbols take the bucketed merge queue. Here a
        // merge ("a b", rank 2) makes a pair of a lower rank ("ab c", rank 0),
        // so the queue goes back to a rank it has begun; the ids must still
        // be those of the plain rule: lowest rank first, leftmost on ties.
        const char *json = R"({"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "ab": 3, "bc": 4, "abc": 5, "ca": 6, "cab": 7},
            "merges": ["ab c", "b c", "a b", "a bc", "c a", "c ab"]}})";
        const auto tok = Tokenizer::fromJson(json);
        const std::vector<std::pair<std::string, std::string>> merges{{"ab", "c"}, {"b", "c"}, {"a", "b"}, {"a", "bc"}, {"c", "a"}, {"c", "ab"}};
        const auto plainRule = [&](const std::string &text) {
            std::vector<std::string> symbols;
            for (char c : text)
                symbols.emplace_back(1, c);
            for (;;) {
                std::size_t best = merges.size(), at = 0;
                for (std::size_t i = 0; i + 1 < symbols.size(); ++i) {
                    for (std::size_t r = 0; r < best; ++r) {
                        if (merges[r].first == symbols[i] && merges[r].second == symbols[i + 1]) {
                            best = r;
                            at = i;
                            break;
                        }
                    }
                }
                if (best == merges.size())
                    break;
                symbols[at] += symbols[at + 1];
                symbols.erase(symbols.begin() + static_cast<std::ptrdiff_t>(at) + 1);
            }
            std::vector<std::uint32_t> ids;
            for (const auto &s : symbols)
                ids.push_back(static_cast<std::uint32_t>(tok->tokenToId(s).value()));
            return ids;
        };
        std::uint32_t state = 1;
        for (const std::size_t length : {5, 40, 1000, 4100, 6000}) {
            std::string text;
            for (std::size_t i = 0; i < length; ++i) {
                state = state * 1664525u + 1013904223u;
                text.push_back("abc"[(state >> 16) % 3]);
            }
            QCOMPARE(tok->encode(text), plainRule(text));
        }
    }

    void modelTablesReadDirectlyEqualTheJsonReaders()
    {
        // Every committed tokenizer: the vocab and merges read from the text
        // equal what the JSON reader gives, and the rest is the same file
        // with those two emptied. (parseJson: Qt's reader drops a string's
        // leading U+FEFF, Llama 2's token 31759, unless it is escaped.)
        for (const char *name : {"gpt2", "cl100k", "llama3", "qwen3", "llama2", "bert-base-cased"}) {
            const QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/%1/tokenizer.json.gz").arg(QLatin1String(name))));
            const std::string_view text(json.constData(), static_cast<std::size_t>(json.size()));
            const auto tables = scanModelTables(text, 1 << 22);
            QVERIFY2(tables, name);
            const QJsonObject root = studio::parseJson(text).object();
            const QJsonObject model = root.value(QStringLiteral("model")).toObject();
            std::vector<std::pair<std::string, std::uint32_t>> vocab;
            const QJsonObject v = model.value(QStringLiteral("vocab")).toObject();
            for (auto it = v.begin(); it != v.end(); ++it)
                vocab.emplace_back(it.key().toStdString(), static_cast<std::uint32_t>(it.value().toInteger()));
            auto fast = tables->vocab;
            std::sort(vocab.begin(), vocab.end());
            std::sort(fast.begin(), fast.end());
            QVERIFY2(fast == vocab, name);
            const QJsonArray merges = model.value(QStringLiteral("merges")).toArray();
            QCOMPARE(tables->merges.size(), static_cast<std::size_t>(merges.size()));
            QCOMPARE(tables->hasMerges, model.contains(QStringLiteral("merges")));
            for (qsizetype i = 0; i < merges.size(); i += 97) {
                const std::string expected = merges.at(i).isArray()
                                                 ? merges.at(i)[0].toString().toStdString() + " " + merges.at(i)[1].toString().toStdString()
                                                 : merges.at(i).toString().toStdString();
                const auto &[a, b] = tables->merges[static_cast<std::size_t>(i)];
                QCOMPARE(a + " " + b, expected);
            }
            QJsonObject emptied = root;
            QJsonObject m = model;
            if (m.contains(QStringLiteral("vocab")))
                m.insert(QStringLiteral("vocab"), QJsonObject());
            if (m.contains(QStringLiteral("merges")))
                m.insert(QStringLiteral("merges"), QJsonArray());
            emptied.insert(QStringLiteral("model"), m);
            QCOMPARE(QJsonDocument::fromJson(QByteArray::fromStdString(tables->rest)).object(), emptied);
        }
    }

    void modelTablesLeaveAnythingUnusualToTheJsonReader()
    {
        const auto scan = [](const char *json) { return scanModelTables(json, 1000); };
        const auto decoded = scan("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\\u0120a\": 0, \"\\ud83d\\ude00\": 1, \"q\\\"\\\\\\/\\n\": 2, \"é\": 3},\n                                 \"merges\": [\"\\u0120 a\", [\"x y\", \"z\"]]}, \"added_tokens\": []}");
        QVERIFY(decoded);
        QCOMPARE(decoded->vocab[0].first, std::string("\xC4\xA0" "a"));
        QCOMPARE(decoded->vocab[1].first, std::string("\xF0\x9F\x98\x80"));
        QCOMPARE(decoded->vocab[2].first, std::string("q\"\\/\n"));
        QCOMPARE(decoded->vocab[3].first, std::string("\xC3\xA9"));
        QCOMPARE(decoded->merges[0], (std::pair<std::string, std::string>("\xC4\xA0", "a")));
        QCOMPARE(decoded->merges[1], (std::pair<std::string, std::string>("x y", "z")));
        QVERIFY(scan("{\"model\": {\"vocab\": {}, \"merges\": []}}"));
        for (const char *unusual : {
                 "{\"model\": {\"vocab\": {\"\\ud83d\": 0}}}",            // a lone surrogate
                 "{\"model\": {\"vocab\": {\"\\ude00x\": 0}}}",
                 "{\"model\": {\"vocab\": {\"a\": 0, \"a\": 1}}}",          // a repeated token
                 "{\"model\": {\"vocab\": {\"a\": 0, \"b\": 0}}}",          // a repeated id
                 "{\"model\": {\"vocab\": {\"a\": 1.0}}}",                // not a plain integer
                 "{\"model\": {\"vocab\": {\"a\": -1}}}",
                 "{\"model\": {\"vocab\": {\"a\": 01}}}",
                 "{\"model\": {\"vocab\": {\"a\": 1000}}}",               // at the limit
                 "{\"model\": {\"vocab\": [[\"a\", -1.0]]}}",             // Unigram's list
                 "{\"model\": {\"vocab\": {\"a\": 0,}}}",                 // trailing comma
                 "{\"model\": {\"merges\": [\"ab\"]}}",                   // no space
                 "{\"model\": {\"merges\": [[\"a\"]]}}",
                 "{\"model\": {\"merges\": [1]}}",
                 "{\"model\": {\"vocab\": {}}, \"model\": {\"vocab\": {}}}", // two models
                 "{\"model\": {\"vocab\": {\"a\": 0}",            // cut short
                 "{\"normalizer\": null}",                            // no model
                 "{\"model\": {\"vocab\": {\"\xC3\": 0}}}",             // invalid UTF-8
                 "{\"model\": {\"vocab\": {\"\xED\xA0\x80\": 0}}}",     // an encoded surrogate
                 "{\"model\": {\"vocab\": {\"a\tb\": 0}}}"}) {          // a raw control character
            QVERIFY2(!scan(unusual), unusual);
        }
    }

    void aTokenizerLoadsAlikeWithOrWithoutTheDirectRead()
    {
        // "0.0" for the first id: the direct read leaves that file to the
        // JSON reader, which takes it as 0. Both must give the same tokenizer.
        QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz")));
        const auto direct = Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        const qsizetype at = json.indexOf("\"!\":0,");
        QVERIFY(at > 0);
        json.replace(at, 6, "\"!\":0.0,");
        QVERIFY(!scanModelTables(std::string_view(json.constData(), static_cast<std::size_t>(json.size())), 1 << 22));
        const auto viaJson = Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        QCOMPARE(viaJson->vocabSize(), direct->vocabSize());
        for (const char *text : {"Hello world! It's 2026.", " \u00e9t\u00e9 \u4e2d\u6587 \xF0\x9F\x98\x80", "<|endoftext|> a  b"})
            QCOMPARE(viaJson->encode(text), direct->encode(text));
        for (std::uint32_t id : {0u, 220u, 256u, 50000u, 50256u})
            QCOMPARE(viaJson->tokenText(id), direct->tokenText(id));
    }

    void byteFallbackTokensAreReadAsTheReferenceReadsThem()
    {
        // Encoding looks bytes up as exactly <0xHH> (upper case); decoding
        // parses the two characters as a Rust u8 in base 16 (either case, or
        // '+' and a digit). Expected values are Hugging Face tokenizers' output;
        // "<0x-5>" was found by the fuzzer (it indexed byte -5).
        const char *json = R"({"decoder": {"type": "ByteFallback"}, "model": {"type": "BPE", "byte_fallback": true,
            "vocab": {"<0x4a>": 0, "<0x+A>": 1, "<0x4A>": 2, "<0x-5>": 3, "x": 4}, "merges": []}})";
        const auto tok = Tokenizer::fromJson(json);
        QCOMPARE(tok->encode("J\n"), (std::vector<std::uint32_t>{2}));
        const auto decoded = [&](std::vector<std::uint32_t> ids) { return tok->decode(ids, false); };
        QCOMPARE(decoded({0}), std::string("J"));
        QCOMPARE(decoded({1}), std::string("\n"));
        QCOMPARE(decoded({3}), std::string("<0x-5>"));
        QCOMPARE(decoded({4, 0, 4}), std::string("xJx"));
    }

    void sentencePieceWordSplitOnlyWhenExact()
    {
        // A token with ▁ after another character ("a▁b") merges across the
        // word boundary: the piece must stay whole to give the reference's ids.
        const char *json = R"({"normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
            "model": {"type": "BPE", "byte_fallback": true, "vocab": {"▁": 0, "a": 1, "b": 2, "a▁": 3, "a▁b": 4},
                      "merges": ["a ▁", "a▁ b"]}})";
        QCOMPARE(Tokenizer::fromJson(json)->encode("a b"), (std::vector<std::uint32_t>{4}));
        const char *safe = R"({"normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
            "model": {"type": "BPE", "byte_fallback": true, "vocab": {"▁": 0, "a": 1, "b": 2, "▁b": 3, "▁▁": 4},
                      "merges": ["▁ b", "▁ ▁"]}})";
        QCOMPARE(Tokenizer::fromJson(safe)->encode("a  b b"), (std::vector<std::uint32_t>{1, 0, 3, 3}));
    }

    void hubModelIdsAreReadFromTheHuggingFaceCache()
    {
        QTemporaryDir cache;
        qputenv("HF_HUB_CACHE", cache.path().toUtf8());
        const QString commit = QStringLiteral("0123456789abcdef0123456789abcdef01234567");
        const QDir repo(cache.filePath(QStringLiteral("models--acme--tiny")));
        QVERIFY(repo.mkpath(QStringLiteral("refs")));
        QVERIFY(repo.mkpath(QStringLiteral("snapshots/") + commit));
        studio::test::writeFile(repo.filePath(QStringLiteral("refs/main")), commit.toLatin1());
        studio::test::writeFile(repo.filePath(QStringLiteral("snapshots/") + commit + QStringLiteral("/tokenizer.json")),
                                readGzip(studio::test::dataPath(QStringLiteral("tokenizers/bert-base-cased/tokenizer.json.gz"))));
        const auto r = TokenizerResolver().resolve(QStringLiteral("acme/tiny"));
        QVERIFY(r.source.endsWith(QStringLiteral("/tokenizer.json")));
        QCOMPARE(r.tokenizer->encode("Hello", true).front(), 101u); // [CLS]
        // A fetch hook fills the cache for ids it does not hold yet.
        TokenizerResolver withFetch;
        QStringList asked;
        withFetch.setFetch([&](const QString &id, const QString &file) {
            asked << id + QLatin1Char('/') + file;
            return repo.filePath(QStringLiteral("snapshots/") + commit + QStringLiteral("/tokenizer.json"));
        });
        QVERIFY(withFetch.resolve(QStringLiteral("acme/other")).tokenizer);
        QCOMPARE(asked, QStringList{QStringLiteral("acme/other/tokenizer.json")});
    }

    void vocabAndMergesPairEqualsTokenizerJson()
    {
        QTemporaryDir dir;
        // Rebuild vocab.json + merges.txt from the gpt2 tokenizer.json.
        const QByteArray json = readGzip(studio::test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz")));
        const QJsonObject model = QJsonDocument::fromJson(json).object().value(QStringLiteral("model")).toObject();
        studio::test::writeFile(dir.filePath(QStringLiteral("vocab.json")),
                                QJsonDocument(model.value(QStringLiteral("vocab")).toObject()).toJson(QJsonDocument::Compact));
        QByteArray merges = "#version: 0.2\n";
        for (const auto &m : model.value(QStringLiteral("merges")).toArray())
            merges += m.toString().toUtf8() + '\n';
        studio::test::writeFile(dir.filePath(QStringLiteral("merges.txt")), merges);
        const auto pair = TokenizerResolver().resolve(dir.path()).tokenizer;
        const auto full = load("gpt2");
        for (const char *text : {"Hello world! It's 2024.", "  spaces\n\nand <|endoftext|> too", "caf\xC3\xA9 \xF0\x9F\x98\x80"})
            QCOMPARE(pair->encode(text), full->encode(text));
    }

    void invalidUtf8IsReplacedLikeTheReference()
    {
        const auto tok = load("gpt2");
        QCOMPARE(tok->encode("caf\xE9 ok"), tok->encode("caf\xEF\xBF\xBD ok"));
        QCOMPARE(tok->encode("\xFF\xFE"), tok->encode("\xEF\xBF\xBD\xEF\xBF\xBD"));
    }

    void offsetsCoverTheText()
    {
        const auto tok = load("gpt2");
        const std::string text = "Hello, world! caf\xC3\xA9 <|endoftext|> done";
        const auto tokens = tok->encodeWithOffsets(text);
        QCOMPARE(tokens.size(), tok->encode(text).size());
        std::uint32_t at = 0;
        std::string rebuilt;
        for (const auto &t : tokens) {
            QCOMPARE(t.begin, at);
            QVERIFY(t.end >= t.begin);
            at = t.end;
            rebuilt += text.substr(t.begin, t.end - t.begin);
        }
        QCOMPARE(rebuilt, text);
        QCOMPARE(tok->decode(tok->encode(text), false), text);
        QCOMPARE(tok->tokenText(tokens[0].id), std::string("Hello"));
    }

    void specialTokenTemplates()
    {
        const auto bert = load("bert-base-cased");
        const auto ids = bert->encode("Hello world", true);
        QCOMPARE(ids.front(), 101u);
        QCOMPARE(ids.back(), 102u);
        QCOMPARE(bert->addedSpecialTokenCount(), size_t(2));
        const auto llama = load("llama2"); // TemplateProcessing: <s> $A
        QCOMPARE(llama->encode("Hi", true).front(), 1u);
        QCOMPARE(llama->bosId().value(), 1u);
        QCOMPARE(load("llama3")->encode("Hi", true), load("llama3")->encode("Hi", false)); // ByteLevel post-processor adds nothing
        QCOMPARE(load("gpt2")->addedSpecialTokenCount(), size_t(0));
    }

    void overflowWindowsMatchHuggingFace()
    {
        // 10 tokens, max_length 4, stride 1: starts every 3 tokens until one reaches the end.
        using W = std::vector<std::pair<std::size_t, std::size_t>>;
        QCOMPARE(overflowWindows(10, 4, 1), (W{{0, 4}, {3, 7}, {6, 10}}));
        QCOMPARE(overflowWindows(10, 4, 0), (W{{0, 4}, {4, 8}, {8, 10}}));
        QCOMPARE(overflowWindows(3, 4, 1), (W{{0, 3}}));
        QCOMPARE(overflowWindows(8, 4, 2), (W{{0, 4}, {2, 6}, {4, 8}}));
    }

    void batchEqualsOneByOneAndIsThreadSafe()
    {
        const auto tok = load("cl100k");
        std::vector<std::string> docs;
        for (int i = 0; i < 3000; ++i)
            docs.push_back("Document " + std::to_string(i) + " says hello\u00a0again, 'tis " + std::string(static_cast<std::size_t>(i % 50), 'z'));
        std::vector<std::string_view> views(docs.begin(), docs.end());
        const auto batch = tok->encodeBatch(views, false, 4);
        for (std::size_t i = 0; i < docs.size(); ++i)
            QCOMPARE(batch[i], tok->encode(docs[i]));
    }
};

QTEST_GUILESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
