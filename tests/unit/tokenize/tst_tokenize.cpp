#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "jobs/jobwork.h"
#include "jobs/storagepaths.h"
#include "progress/channels.h"
#include "progress/progresshub.h"
#include "testsupport.h"
#include "tokenizers/tokenizer.h"
#include "../tokenizers/gzipfile.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <set>

using namespace studio;
using namespace studio::catalog;
using namespace studio::jobs;

namespace {

QJsonObject expected()
{
    return QJsonDocument::fromJson(test::readFile(test::dataPath(QStringLiteral("tokenize/expected.json")))).object();
}

struct Harness {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog = Catalog::open(dir.path());
    progress::ProgressHub hub;
    JobManager jobs{*catalog, hub};
    DatasetService service{*catalog, hub, jobs};
    Harness() { registerJobKinds(jobs); }

    qint64 importTexts(const QJsonArray &texts)
    {
        QList<QJsonObject> rows;
        for (const auto &t : texts)
            rows << QJsonObject{{QStringLiteral("text"), t}, {QStringLiteral("n"), 1}};
        return importRows(rows);
    }
    qint64 importRows(const QList<QJsonObject> &rows)
    {
        QByteArray lines;
        for (const auto &r : rows)
            lines += QJsonDocument(r).toJson(QJsonDocument::Compact) + '\n';
        const QString file = dir.filePath(QStringLiteral("texts%1.jsonl").arg(catalog->datasets().size()));
        test::writeFile(file, lines);
        const auto started = service.importLocal(file);
        jobs.waitForIdle(30000);
        return started.datasetId;
    }
    TokenizationRecord tokenize(qint64 dataset, const TokenizeOptions &o)
    {
        const auto s = service.startTokenization(dataset, o);
        jobs.waitForIdle(60000);
        return *catalog->tokenization(s.tokenizationId);
    }
};

// tokens.bin + tokens.idx back into sequences.
std::vector<std::vector<std::uint32_t>> readSequences(const QString &folder, int &version)
{
    const QByteArray bin = test::readFile(QDir(folder).filePath(QStringLiteral("tokens.bin")));
    const QByteArray idx = test::readFile(QDir(folder).filePath(QStringLiteral("tokens.idx")));
    std::vector<std::vector<std::uint32_t>> out;
    if (bin.size() < 1024)
        return out;
    const auto *header = reinterpret_cast<const std::int32_t *>(bin.constData());
    if (header[0] != 20240520)
        return out;
    version = header[1];
    const std::size_t width = version == 1 ? 2 : 4;
    const std::size_t count = static_cast<std::size_t>(header[2]);
    if (static_cast<std::size_t>(bin.size()) != 1024 + count * width)
        return out;
    const auto *offsets = reinterpret_cast<const std::uint64_t *>(idx.constData());
    const std::size_t entries = static_cast<std::size_t>(idx.size()) / 8;
    if (entries == 0 || offsets[entries - 1] != count)
        return out;
    for (std::size_t s = 0; s + 1 < entries; ++s) {
        std::vector<std::uint32_t> seq;
        for (std::uint64_t i = offsets[s]; i < offsets[s + 1]; ++i) {
            const char *p = bin.constData() + 1024 + i * width;
            seq.push_back(width == 2 ? *reinterpret_cast<const std::uint16_t *>(p) : *reinterpret_cast<const std::uint32_t *>(p));
        }
        out.push_back(seq);
    }
    return out;
}

std::vector<std::uint32_t> toIds(const QJsonValue &v)
{
    std::vector<std::uint32_t> ids;
    for (const auto &x : v.toArray())
        ids.push_back(static_cast<std::uint32_t>(x.toInteger()));
    return ids;
}

} // namespace

class TestTokenize : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statisticsMatchAnIndependentComputation()
    {
        Harness h;
        const QJsonObject e = expected();
        const qint64 ds = h.importTexts(e.value(QStringLiteral("texts")).toArray());
        TokenizeOptions o; // gpt2, 512, truncate, special tokens (none for gpt2)
        const auto t = h.tokenize(ds, o);
        QCOMPARE(t.status, status::Ready);
        const QJsonArray ids = e.value(QStringLiteral("tokenizers")).toObject().value(QStringLiteral("gpt2")).toObject().value(QStringLiteral("ids")).toArray();
        // Independent figures from the reference ids.
        std::vector<double> lengths;
        std::map<std::uint32_t, int> counts;
        for (const auto &list : ids) {
            lengths.push_back(list.toArray().size());
            for (const auto &id : list.toArray())
                ++counts[static_cast<std::uint32_t>(id.toInteger())];
        }
        std::sort(lengths.begin(), lengths.end());
        double sum = 0;
        for (double l : lengths)
            sum += l;
        const QJsonObject s = t.statistics;
        const QJsonObject len = s.value(QStringLiteral("length")).toObject();
        QCOMPARE(s.value(QStringLiteral("num_samples")).toInt(), 5);
        QCOMPARE(s.value(QStringLiteral("empty_samples")).toInt(), 1);
        QCOMPARE(s.value(QStringLiteral("num_tokens")).toDouble(), sum);
        QCOMPARE(len.value(QStringLiteral("min")).toDouble(), lengths.front());
        QCOMPARE(len.value(QStringLiteral("max")).toDouble(), lengths.back());
        QCOMPARE(len.value(QStringLiteral("median")).toDouble(), lengths[2]);
        QCOMPARE(len.value(QStringLiteral("mean")).toDouble(), sum / 5);
        QCOMPARE(len.value(QStringLiteral("p95")).toDouble(), lengths.back());
        QCOMPARE(s.value(QStringLiteral("unique_tokens")).toInt(), int(counts.size()));
        QVERIFY(s.value(QStringLiteral("unique_tokens")).toInt() < s.value(QStringLiteral("vocab_size")).toInt());
        QCOMPARE(s.value(QStringLiteral("vocab_size")).toInt(), 50257);
        const auto top = std::max_element(counts.begin(), counts.end(), [](auto a, auto b) {
            return a.second != b.second ? a.second < b.second : a.first > b.first;
        });
        QCOMPARE(s.value(QStringLiteral("top_tokens")).toArray().first().toObject().value(QStringLiteral("id")).toInt(), int(top->first));
        QCOMPARE(s.value(QStringLiteral("top_tokens")).toArray().first().toObject().value(QStringLiteral("count")).toInt(), top->second);
        QCOMPARE(s.value(QStringLiteral("truncated_samples")).toInt(), 0);
        QCOMPARE(s.value(QStringLiteral("histogram")).toArray().size(), 20);
        int binned = 0;
        for (const auto &b : s.value(QStringLiteral("histogram")).toArray())
            binned += b.toObject().value(QStringLiteral("count")).toInt();
        QCOMPARE(binned, 5);

        // Truncation at 8: lengths cap at 8 (never padding), before-truncation stays.
        TokenizeOptions small;
        small.maxLength = 8;
        small.padding = QStringLiteral("max_length");
        const auto cut = h.tokenize(ds, small);
        QCOMPARE(cut.status, status::Ready);
        const QJsonObject cs = cut.statistics;
        QCOMPARE(cs.value(QStringLiteral("length")).toObject().value(QStringLiteral("max")).toDouble(), 8.0);
        QCOMPARE(cs.value(QStringLiteral("length")).toObject().value(QStringLiteral("min")).toDouble(), 0.0); // the empty text: padding not counted
        QCOMPARE(cs.value(QStringLiteral("length_before_truncation")).toObject().value(QStringLiteral("max")).toDouble(), lengths.back());
        int longer = 0;
        for (double l : lengths)
            longer += l > 8 ? 1 : 0;
        QCOMPARE(cs.value(QStringLiteral("truncated_samples")).toInt(), longer);
        // Padded files: every sequence is 8 long, the mask marks real tokens.
        int version = 0;
        const auto seqs = readSequences(cut.outputPath, version);
        QCOMPARE(seqs.size(), size_t(5));
        for (const auto &seq : seqs)
            QCOMPARE(seq.size(), size_t(8));
        QCOMPARE(QFileInfo(QDir(cut.outputPath).filePath(QStringLiteral("attention_mask.bin"))).size(), qint64(40));
    }

    void tokenFilesRoundTripAndMetadata()
    {
        Harness h;
        const QJsonObject e = expected();
        const qint64 ds = h.importTexts(e.value(QStringLiteral("texts")).toArray());
        const auto t = h.tokenize(ds, TokenizeOptions{});
        int version = 0;
        const auto seqs = readSequences(t.outputPath, version);
        QCOMPARE(version, 1); // gpt2 fits uint16
        const QJsonArray ids = e.value(QStringLiteral("tokenizers")).toObject().value(QStringLiteral("gpt2")).toObject().value(QStringLiteral("ids")).toArray();
        QCOMPARE(seqs.size(), size_t(ids.size()));
        for (qsizetype i = 0; i < ids.size(); ++i)
            QCOMPARE(seqs[static_cast<std::size_t>(i)], toIds(ids.at(i)));
        const QJsonObject meta = QJsonDocument::fromJson(test::readFile(QDir(t.outputPath).filePath(QStringLiteral("meta.json")))).object();
        QCOMPARE(meta.value(QStringLiteral("dtype")).toString(), QStringLiteral("uint16"));
        QCOMPARE(meta.value(QStringLiteral("tokenizer")).toString(), QStringLiteral("gpt2"));
        QCOMPARE(meta.value(QStringLiteral("tokenizer_sha256")).toString().size(), 64);
        QCOMPARE(meta.value(QStringLiteral("special_tokens")).toObject().value(QStringLiteral("eos_id")).toInt(), 50256);
        QVERIFY(!QFileInfo::exists(t.outputPath + QStringLiteral(".partial-1")));
    }

    // A chat-style column (lists of {role, content}) is tokenized as its
    // contents joined by newlines, a missing value as an empty text, in the
    // same sample order as the plain strings around them.
    void chatListsAndNullsBecomeTexts()
    {
        Harness h;
        const auto chat = [](const QString &a, const QString &b) {
            return QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")}, {QStringLiteral("content"), a}},
                              QJsonObject{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), b}}};
        };
        QList<QJsonObject> rows;
        QStringList flattened;
        for (int i = 0; i < 5000; ++i) { // more than two batches
            QJsonObject r{{QStringLiteral("id"), i}};
            if (i % 7 == 3) {
                r.insert(QStringLiteral("messages"), QJsonValue());
                flattened << QString();
            } else {
                const QString a = QStringLiteral("Question %1?").arg(i), b = QStringLiteral("Answer number %1.").arg(i * 3);
                r.insert(QStringLiteral("messages"), chat(a, b));
                flattened << a + QLatin1Char('\n') + b;
            }
            rows << r;
        }
        const qint64 ds = h.importRows(rows);
        TokenizeOptions o;
        o.column = QStringLiteral("messages");
        o.addSpecialTokens = false;
        const auto t = h.tokenize(ds, o);
        QCOMPARE(t.status, QString(catalog::status::Ready));
        int version = 0;
        const auto seqs = readSequences(t.outputPath, version);
        QCOMPARE(seqs.size(), std::size_t(5000));
        const QByteArray json = readGzip(test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz")));
        const auto gpt2 = tokenizers::Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        for (int i = 0; i < 5000; ++i)
            QCOMPARE(seqs[std::size_t(i)], gpt2->encode(flattened[i].toStdString()));
        QVERIFY(seqs[3].empty());
    }

    // A vocabulary over 65,536 ids (cl100k) gets 32-bit token files: every id
    // as the tokenizer gives it, ids past 16 bits included.
    void aLargeVocabularyWritesThirtyTwoBitTokens()
    {
        Harness h;
        QJsonArray texts = expected().value(QStringLiteral("texts")).toArray();
        texts.append(QStringLiteral("Ein Übermaß an Straßenverkehrsordnungen — 東京都の人口は約1400万人です。 ünïcödé"));
        const qint64 ds = h.importTexts(texts);
        const QString path = h.dir.filePath(QStringLiteral("cl100k.json"));
        const QByteArray json = readGzip(test::dataPath(QStringLiteral("tokenizers/cl100k/tokenizer.json.gz")));
        test::writeFile(path, json);
        TokenizeOptions o;
        o.tokenizer = path;
        o.addSpecialTokens = false;
        const auto t = h.tokenize(ds, o);
        QVERIFY2(t.status == status::Ready, qPrintable(t.errorMessage));
        int version = 0;
        const auto seqs = readSequences(t.outputPath, version);
        QCOMPARE(version, 2);
        const auto cl100k = tokenizers::Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
        QCOMPARE(seqs.size(), std::size_t(texts.size()));
        bool beyond16Bits = false;
        for (qsizetype i = 0; i < texts.size(); ++i) {
            auto want = cl100k->encode(texts.at(i).toString().toStdString());
            want.resize(std::min<std::size_t>(want.size(), 512));
            QCOMPARE(seqs[std::size_t(i)], want);
            for (std::uint32_t id : want)
                beyond16Bits = beyond16Bits || id > 65535;
        }
        QVERIFY(beyond16Bits);
        const QJsonObject meta = QJsonDocument::fromJson(test::readFile(QDir(t.outputPath).filePath(QStringLiteral("meta.json")))).object();
        QCOMPARE(meta.value(QStringLiteral("dtype")).toString(), QStringLiteral("uint32"));
    }

    void strideWindowsEqualHuggingFace_data()
    {
        QTest::addColumn<QString>("tokenizer");
        QTest::addColumn<int>("maxLength");
        QTest::addColumn<int>("stride");
        for (const char *t : {"gpt2", "bert-base-cased"}) {
            QTest::addRow("%s 8/2", t) << QString::fromLatin1(t) << 8 << 2;
            QTest::addRow("%s 16/4", t) << QString::fromLatin1(t) << 16 << 4;
            QTest::addRow("%s 12/0", t) << QString::fromLatin1(t) << 12 << 0;
        }
    }

    void strideWindowsEqualHuggingFace()
    {
        QFETCH(QString, tokenizer);
        QFETCH(int, maxLength);
        QFETCH(int, stride);
        Harness h;
        const QJsonObject e = expected();
        const qint64 ds = h.importTexts(e.value(QStringLiteral("texts")).toArray());
        QString tokenizerPath = tokenizer;
        if (tokenizer != QLatin1String("gpt2")) {
            tokenizerPath = h.dir.filePath(QStringLiteral("tokenizer.json"));
            test::writeFile(tokenizerPath, readGzip(test::dataPath(QStringLiteral("tokenizers/%1/tokenizer.json.gz").arg(tokenizer))));
        }
        TokenizeOptions o;
        o.tokenizer = tokenizerPath;
        o.maxLength = maxLength;
        o.stride = stride;
        o.overflow = QStringLiteral("windows");
        const auto t = h.tokenize(ds, o);
        QVERIFY2(t.status == status::Ready, qPrintable(t.errorMessage));
        int version = 0;
        const auto seqs = readSequences(t.outputPath, version);
        std::vector<std::vector<std::uint32_t>> want;
        for (const auto &perText : e.value(QStringLiteral("tokenizers")).toObject().value(tokenizer).toObject()
                                       .value(QStringLiteral("windows")).toObject().value(QStringLiteral("%1/%2").arg(maxLength).arg(stride)).toArray())
            for (const auto &window : perText.toArray())
                want.push_back(toIds(window));
        QCOMPARE(seqs, want);
        QCOMPARE(t.statistics.value(QStringLiteral("overflow_windows")).toInt(), int(want.size()) - 5);
    }

    void optionsAreCheckedBeforeAnythingStarts()
    {
        Harness h;
        const qint64 ds = h.importTexts(QJsonArray{QStringLiteral("hello")});
        const auto refused = [&](TokenizeOptions o, const QString &fragment) {
            try {
                h.service.startTokenization(ds, o);
                QFAIL("expected a refusal");
            } catch (const JobFailure &e) {
                QVERIFY2(e.message().contains(fragment), qPrintable(e.message()));
            }
        };
        TokenizeOptions o;
        o.maxLength = 0;
        refused(o, QStringLiteral("max_length must be at least 1"));
        o = {};
        o.stride = 512;
        refused(o, QStringLiteral("stride (512) must be smaller than max_length (512)"));
        o = {};
        o.column = QStringLiteral("nope");
        refused(o, QStringLiteral("no column 'nope'"));
        o = {};
        o.column = QStringLiteral("n");
        refused(o, QStringLiteral("not text"));
        QCOMPARE(h.catalog->tokenizations(ds).size(), 0);
    }

    void aBrokenTokenizerFailsOnlyItsTokenization()
    {
        Harness h;
        const qint64 ds = h.importTexts(QJsonArray{QStringLiteral("hello world"), QStringLiteral("again")});
        const auto good = h.tokenize(ds, TokenizeOptions{});
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        TokenizeOptions bad;
        bad.tokenizer = QStringLiteral("invalid-tokenizer-12345");
        const auto failed = h.tokenize(ds, bad);
        QCOMPARE(failed.status, status::Error);
        QVERIFY2(failed.errorMessage.startsWith(QStringLiteral("Failed to load tokenizer 'invalid-tokenizer-12345': ")),
                 qPrintable(failed.errorMessage));
        QCOMPARE(h.catalog->dataset(ds)->status, status::Ready);
        QCOMPARE(h.catalog->tokenization(good.id)->status, status::Ready);
        QVERIFY(QFileInfo::exists(QDir(good.outputPath).filePath(QStringLiteral("tokens.bin"))));
        QVERIFY(!QFileInfo::exists(tokenizationFolder(h.dir.path(), ds, failed.id)));
        h.hub.flushPending();
        bool sawError = false;
        for (const auto &args : spy) {
            const auto ev = args.at(0).value<progress::ProgressEvent>();
            if (ev.event == progress::events::Error) {
                sawError = true;
                QCOMPARE(ev.data.value(QStringLiteral("job")).toString(), QStringLiteral("tokenize"));
                QCOMPARE(ev.data.value(QStringLiteral("tokenization_id")).toString(), QString::number(failed.id));
            }
        }
        QVERIFY(sawError);
    }

    void twoTokenizationsLiveSideBySideAndReRunsReplaceOnlyTheirOwn()
    {
        Harness h;
        const qint64 ds = h.importTexts(expected().value(QStringLiteral("texts")).toArray());
        const auto a = h.tokenize(ds, TokenizeOptions{});
        TokenizeOptions shorter;
        shorter.maxLength = 16;
        const auto b = h.tokenize(ds, shorter);
        QCOMPARE(a.status, status::Ready);
        QCOMPARE(b.status, status::Ready);
        QVERIFY(a.outputPath != b.outputPath);
        QCOMPARE(h.catalog->tokenizations(ds).size(), 2);
        // The same options again: the new run replaces `a` once it succeeded; `b` stays.
        const auto again = h.tokenize(ds, TokenizeOptions{});
        QCOMPARE(again.status, status::Ready);
        QVERIFY(!h.catalog->tokenization(a.id));
        QVERIFY(!QFileInfo::exists(a.outputPath));
        QCOMPARE(h.catalog->tokenization(b.id)->status, status::Ready);
        QCOMPARE(h.catalog->tokenizations(ds).size(), 2);
    }

    void progressMilestonesAndCancel()
    {
        Harness h;
        QJsonArray many;
        for (int i = 0; i < 30000; ++i)
            many.append(QStringLiteral("Sample number %1 tells a short story about a cat and a dog.").arg(i));
        const qint64 ds = h.importTexts(many);
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        const auto s = h.service.startTokenization(ds, TokenizeOptions{});
        h.jobs.waitForIdle(60000);
        h.hub.flushPending();
        QStringList messages;
        for (const auto &args : spy) {
            const auto ev = args.at(0).value<progress::ProgressEvent>();
            if (ev.channel == progress::datasetProgressChannel(QString::number(ds))
                && ev.data.value(QStringLiteral("job")).toString() == QLatin1String("tokenize"))
                messages << ev.data.value(QStringLiteral("message")).toString();
        }
        // Milestones arrive in order (fast ones may be coalesced away: the latest wins).
        const QStringList order{QStringLiteral("Starting tokenization..."), QStringLiteral("Loading tokenizer..."),
                                QStringLiteral("Loading dataset..."), QStringLiteral("Analyzing dataset schema..."),
                                QStringLiteral("Tokenizing "), QStringLiteral("Tokenization complete ("),
                                QStringLiteral("Calculating statistics..."), QStringLiteral("Saving results..."),
                                QStringLiteral("Tokenization complete")};
        qsizetype at = 0;
        for (const QString &m : messages) {
            qsizetype i = at;
            const auto matches = [&](const QString &milestone) {
                const bool prefix = milestone.endsWith(QLatin1Char(' ')) || milestone.endsWith(QLatin1Char('('));
                return m == milestone || (prefix && m.startsWith(milestone));
            };
            while (i < order.size() && !matches(order[i]))
                ++i;
            QVERIFY2(i < order.size(), qPrintable(QStringLiteral("out of order: ") + m));
            at = i;
        }
        QCOMPARE(messages.last(), QStringLiteral("Tokenization complete"));
        QCOMPARE(h.catalog->tokenization(s.tokenizationId)->status, status::Ready);

        // Cancel right away: no output, the dataset stays ready.
        TokenizeOptions other;
        other.maxLength = 64;
        const auto c = h.service.startTokenization(ds, other);
        h.jobs.cancel(c.jobId);
        h.jobs.waitForIdle(60000);
        QCOMPARE(h.catalog->tokenization(c.tokenizationId)->status, status::Cancelled);
        QVERIFY(!QFileInfo::exists(tokenizationFolder(h.dir.path(), ds, c.tokenizationId)));
        QCOMPARE(h.catalog->dataset(ds)->status, status::Ready);
    }
};

QTEST_GUILESS_MAIN(TestTokenize)
#include "tst_tokenize.moc"
