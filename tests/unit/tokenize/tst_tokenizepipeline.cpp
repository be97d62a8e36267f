// The tokenize job's parallel engine on its own: batches come out in dataset
// order and equal a one-thread run (ids, sequences, statistics), read-ahead
// stays bounded, and a failing reader, a failing writer and a cancel each stop
// every worker and say so.
#include "formats/formaterror.h"
#include "jobs/jobwork.h"
#include "jobs/sequenceshaper.h"
#include "jobs/tokenizepipeline.h"
#include "testsupport.h"
#include "tokenizers/tokenizer.h"
#include "../tokenizers/gzipfile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTest>

#include <atomic>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace studio;
using namespace studio::jobs;

namespace {

std::shared_ptr<const tokenizers::Tokenizer> gpt2()
{
    const QByteArray json = readGzip(test::dataPath(QStringLiteral("tokenizers/gpt2/tokenizer.json.gz")));
    return tokenizers::Tokenizer::fromJson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
}

// Texts of many lengths (some long enough for several windows), and a few empty ones.
std::vector<std::string> texts(int n)
{
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        std::string t;
        for (int w = 0; w < (i * 7) % 90; ++w)
            t += "word" + std::to_string((i + w) % 37) + (w % 11 == 0 ? ". " : " ");
        out.push_back(t);
    }
    return out;
}

SequenceShaper::Shape windowsWithSpecials()
{
    SequenceShaper::Shape s;
    s.windows = true;
    s.contentMax = 30;
    s.stride = 5;
    s.maxLength = 32;
    s.padding = SequenceShaper::Padding::Longest;
    s.padId = 50256;
    s.prefix = {50256};
    s.suffix = {198};
    return s;
}

// No special tokens, no padding: the ids are encoded in place (cut, or in windows).
SequenceShaper::Shape plain(bool windows)
{
    SequenceShaper::Shape s;
    s.windows = windows;
    s.contentMax = 40;
    s.stride = windows ? 7 : 0;
    s.maxLength = 40;
    return s;
}

struct Written {
    std::vector<std::uint32_t> tokens;
    std::vector<std::uint16_t> narrowed;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> sequences;
    std::int64_t lastRow = 0;
    bool inOrder = true;
};

} // namespace

class TestTokenizePipeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void batchesComeOutInOrderAndEqualOneThread_data()
    {
        QTest::addColumn<int>("shape");
        QTest::newRow("windows, special tokens, padding") << 0;
        QTest::newRow("cut, in place") << 1;
        QTest::newRow("windows, in place") << 2;
        QTest::newRow("cut, in place, narrowed to 16 bits") << 3;
        QTest::newRow("windows, special tokens, padding, narrowed") << 4;
    }

    void batchesComeOutInOrderAndEqualOneThread()
    {
        QFETCH(int, shape);
        const auto shapeOf = [shape] {
            auto s = shape == 0 || shape == 4 ? windowsWithSpecials() : plain(shape == 2);
            s.narrow = shape >= 3;
            return s;
        };
        const auto tok = gpt2();
        const auto all = texts(3 * int(TokenizePipeline::kBatchRows) + 517);
        const auto total = static_cast<std::int64_t>(all.size());
        // The one-thread answer, straight from the shaper.
        ShapedBatch work, serial;
        stats::TokenStatistics serialStats(tok->vocabSize());
        SequenceShaper shaper(shapeOf());
        for (const auto &t : all)
            shaper.add(t, tok->encode(t), work, serialStats);
        shaper.drain(work, serial, serialStats);
        QCOMPARE(work.tokens.size() + work.sequences.size(), std::size_t(0)); // handed on, emptied
        { // drained after every sample instead: the same batch
            ShapedBatch pieces;
            stats::TokenStatistics ignored(tok->vocabSize());
            for (const auto &t : all) {
                shaper.add(t, tok->encode(t), work, ignored);
                shaper.drain(work, pieces, ignored);
            }
            QVERIFY(pieces.tokens == serial.tokens);
            QVERIFY(pieces.narrowed == serial.narrowed);
            QVERIFY(pieces.sequences == serial.sequences);
        }
        if (shapeOf().narrow) { // the same ids as 16 bits, nothing left as 32
            auto wide = shapeOf();
            wide.narrow = false;
            ShapedBatch wideWork, wideOut;
            stats::TokenStatistics ignored(tok->vocabSize());
            SequenceShaper wideShaper(wide);
            for (const auto &t : all)
                wideShaper.add(t, tok->encode(t), wideWork, ignored);
            wideShaper.drain(wideWork, wideOut, ignored);
            QVERIFY(serial.tokens.empty());
            QCOMPARE(serial.narrowed.size(), wideOut.tokens.size());
            for (std::size_t i = 0; i < wideOut.tokens.size(); ++i)
                QCOMPARE(std::uint32_t(serial.narrowed[i]), wideOut.tokens[i]);
        }

        std::int64_t worstReadAhead = 0; // reads are serialised by the pipeline
        std::atomic<std::int64_t> writtenRows{0};
        Written w;
        TokenizePipeline pipeline(*tok, shapeOf(), 3);
        const auto stats = pipeline.run(
            total,
            [&](std::int64_t first, std::int64_t last, TextBatch &out) {
                for (auto i = first; i < last; ++i)
                    out.append(all[static_cast<std::size_t>(i)]);
                worstReadAhead = std::max(worstReadAhead, last - writtenRows.load());
            },
            [&](const ShapedBatch &b) {
                w.inOrder = w.inOrder && b.first == w.lastRow;
                w.lastRow = b.last;
                writtenRows = b.last;
                w.tokens.insert(w.tokens.end(), b.tokens.begin(), b.tokens.end());
                w.narrowed.insert(w.narrowed.end(), b.narrowed.begin(), b.narrowed.end());
                w.sequences.insert(w.sequences.end(), b.sequences.begin(), b.sequences.end());
            },
            [] { return false; });
        QVERIFY(stats);
        QVERIFY(w.inOrder);
        QCOMPARE(w.lastRow, total);
        QVERIFY(w.tokens == serial.tokens);
        QVERIFY(w.narrowed == serial.narrowed);
        QVERIFY(w.sequences == serial.sequences);
        if (shape != 1 && shape != 3)
            QVERIFY(serial.sequences.size() > all.size()); // windows happened
        else
            QVERIFY(stats->toJson([](std::uint32_t) { return std::string(); })[QStringLiteral("truncated_samples")].toInt() > 0);
        const auto text = [&](std::uint32_t id) { return tok->tokenText(id); };
        QCOMPARE(QJsonDocument(stats->toJson(text)).toJson(), QJsonDocument(serialStats.toJson(text)).toJson());
        // Eight batches per thread ahead of the writer, at most (plus the one being read).
        QVERIFY2(worstReadAhead <= (8 * 3 + 1) * TokenizePipeline::kBatchRows, qPrintable(QString::number(worstReadAhead)));
    }

    void aReadFailureStopsEveryWorkerWithItsMessage()
    {
        const auto tok = gpt2();
        const auto all = texts(200);
        TokenizePipeline pipeline(*tok, windowsWithSpecials(), 2);
        std::int64_t written = 0;
        try {
            pipeline.run(
                10 * TokenizePipeline::kBatchRows,
                [&](std::int64_t first, std::int64_t last, TextBatch &out) {
                    if (first >= 3 * TokenizePipeline::kBatchRows)
                        throw formats::FormatError(QStringLiteral("row group 4: page header is corrupt"));
                    for (auto i = first; i < last; ++i)
                        out.append(all[static_cast<std::size_t>(i % 200)]);
                },
                [&](const ShapedBatch &b) { written = b.last; }, [] { return false; });
            QFAIL("no failure reported");
        } catch (const JobFailure &e) {
            QCOMPARE(e.message(), QStringLiteral("row group 4: page header is corrupt"));
        }
        QVERIFY(written <= 3 * TokenizePipeline::kBatchRows);
    }

    void aWriteFailureComesBackAfterTheWorkersStop()
    {
        const auto tok = gpt2();
        const auto all = texts(200);
        TokenizePipeline pipeline(*tok, windowsWithSpecials(), 2);
        std::atomic<int> reads{0};
        QVERIFY_THROWS_EXCEPTION(formats::FormatError, pipeline.run(
            20 * TokenizePipeline::kBatchRows,
            [&](std::int64_t first, std::int64_t last, TextBatch &out) {
                ++reads;
                for (auto i = first; i < last; ++i)
                    out.append(all[static_cast<std::size_t>(i % 200)]);
            },
            [&](const ShapedBatch &b) {
                if (b.first == TokenizePipeline::kBatchRows)
                    throw formats::FormatError(QStringLiteral("No space left on device"));
            },
            [] { return false; }));
        const int readsAtReturn = reads;
        QTest::qWait(50);
        QCOMPARE(reads.load(), readsAtReturn); // nothing runs on after run() returned
        QVERIFY(readsAtReturn < 20);
    }

    void aCancelReturnsNothingPromptly()
    {
        const auto tok = gpt2();
        const auto all = texts(200);
        TokenizePipeline pipeline(*tok, windowsWithSpecials(), 2);
        std::atomic<bool> cancel{false};
        int batches = 0;
        const auto stats = pipeline.run(
            1000 * TokenizePipeline::kBatchRows,
            [&](std::int64_t first, std::int64_t last, TextBatch &out) {
                for (auto i = first; i < last; ++i)
                    out.append(all[static_cast<std::size_t>(i % 200)]);
            },
            [&](const ShapedBatch &) {
                if (++batches == 2)
                    cancel = true;
            },
            [&] { return cancel.load(); });
        QVERIFY(!stats);
        QCOMPARE(batches, 2);
    }

    void charactersAreCountedAsUtf8()
    {
        // ASCII, 2-, 3- and 4-byte characters, across the eight-byte steps.
        const std::string pieces[] = {"a", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", " "};
        std::string s;
        std::uint64_t expected = 0;
        for (int i = 0; i < 200; ++i) {
            QCOMPARE(countCharacters(s), expected);
            s += pieces[(i * 7 + i / 3) % 5];
            ++expected;
        }
        QCOMPARE(countCharacters(s), expected);
        QCOMPARE(countCharacters({}), std::uint64_t(0));
        // Long enough that the per-byte lanes are summed many times over.
        std::string euros;
        for (int i = 0; i < 7000; ++i)
            euros += i % 3 ? "\xe2\x82\xac" : "b";
        QCOMPARE(countCharacters(euros), std::uint64_t(7000));
        QCOMPARE(countCharacters(std::string_view(euros).substr(1)), std::uint64_t(6999));
        // Every length and start around the sixteen-byte steps (the masked
        // last load included) against counting byte by byte.
        const auto slow = [](std::string_view text) {
            std::uint64_t n = 0;
            for (const char c : text)
                n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            return n;
        };
        for (std::size_t from = 0; from < 20; ++from) {
            for (std::size_t length = 0; length < 70; ++length) {
                const std::string_view part = std::string_view(euros).substr(from, length);
                QCOMPARE(countCharacters(part), slow(part));
            }
        }
    }

    // Token counts are kept in 16-bit lanes that carry on wrapping: counts
    // far past 65,536 (and merged from two workers) come out exact.
    void tokenCountsStayExactPastTheirLanesWrapping()
    {
        std::vector<std::uint32_t> ids;
        for (int i = 0; i < 200001; ++i)
            ids.push_back(3);
        for (int i = 0; i < 65536; ++i) {
            ids.push_back(7);
            ids.push_back(3); // lanes taken in turn: 7s and 3s land in both
        }
        ids.push_back(1);
        std::vector<std::uint16_t> narrowed(ids.size());
        stats::TokenStatistics a(10), b(10);
        a.addTokens(ids.data(), ids.size(), narrowed.data());
        QVERIFY(std::equal(ids.begin(), ids.end(), narrowed.begin()));
        b.addTokens(ids.data(), ids.size());
        b.addTokens(ids.data(), 65535); // 3 only
        const auto top = [](const stats::TokenStatistics &s) {
            QMap<int, qint64> out;
            for (const auto &t : s.toJson([](std::uint32_t) { return std::string(); })[QStringLiteral("top_tokens")].toArray())
                out.insert(t[QStringLiteral("id")].toInt(), t[QStringLiteral("count")].toInteger());
            return out;
        };
        QCOMPARE(top(a), (QMap<int, qint64>{{3, 265537}, {7, 65536}, {1, 1}}));
        a.merge(b);
        QCOMPARE(top(a), (QMap<int, qint64>{{3, 2 * 265537 + 65535}, {7, 2 * 65536}, {1, 2}}));
        QCOMPARE(a.tokensWritten(), std::uint64_t(2 * ids.size() + 65535));

        // Ids past the size the counts were made for (a tokenizer whose
        // added tokens lie beyond its vocabulary) grow them, in either lane.
        stats::TokenStatistics c(4);
        const std::vector<std::uint32_t> beyond{1, 9, 9, 2, 70000};
        c.addTokens(beyond.data(), beyond.size());
        QCOMPARE(top(c), (QMap<int, qint64>{{1, 1}, {9, 2}, {2, 1}, {70000, 1}}));
    }

    // Narrowed ids and the counts' size (the vocabulary the statistics
    // report) come from one vectorised pass: every length around its steps
    // of eight, the largest id anywhere, ids across the 16-bit range
    // (the signed lanes' edges 32767/32768 included).
    void narrowingFindsTheLargestIdAnywhere()
    {
        const std::uint32_t spread[] = {0, 1, 32767, 32768, 32769, 65534, 500, 12345};
        for (const std::uint32_t largest : {std::uint32_t(65535), std::uint32_t(32768), std::uint32_t(32767), std::uint32_t(40000)}) {
            for (std::size_t count = 1; count <= 19; ++count) {
                for (std::size_t at = 0; at < count; ++at) {
                    std::vector<std::uint32_t> ids(count);
                    for (std::size_t i = 0; i < count; ++i)
                        ids[i] = std::min(spread[i % 8], largest);
                    ids[at] = largest;
                    std::vector<std::uint16_t> narrowed(count, 0xABCD);
                    stats::TokenStatistics s(10);
                    s.addTokens(ids.data(), ids.size(), narrowed.data());
                    QVERIFY(std::equal(ids.begin(), ids.end(), narrowed.begin()));
                    const auto json = s.toJson([](std::uint32_t) { return std::string(); });
                    QCOMPARE(json[QStringLiteral("vocab_size")].toInteger(), qint64(largest) + 1);
                }
            }
        }
    }

    void workersYieldToInteractiveThreads()
    {
#ifdef __linux__
        const auto tok = gpt2();
        const auto niceOfThisThread = [] {
            return ::getpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)));
        };
        const int caller = niceOfThisThread();
        std::atomic<int> worker{caller};
        TokenizePipeline pipeline(*tok, windowsWithSpecials(), 2);
        pipeline.run(
            10, [&](std::int64_t, std::int64_t, TextBatch &out) { worker = niceOfThisThread(); out.append("a"); },
            [](const ShapedBatch &) {}, [] { return false; });
        QVERIFY2(worker.load() > caller || caller == 19, qPrintable(QStringLiteral("%1 %2").arg(worker.load()).arg(caller)));
        QCOMPARE(niceOfThisThread(), caller); // the caller's own priority is untouched
#else
        QSKIP("per-thread nice values are a Linux feature");
#endif
    }

    void anEmptyDatasetIsNoWork()
    {
        const auto tok = gpt2();
        TokenizePipeline pipeline(*tok, windowsWithSpecials(), 2);
        bool wrote = false;
        const auto stats = pipeline.run(
            0, [](std::int64_t, std::int64_t, TextBatch &) {}, [&](const ShapedBatch &) { wrote = true; },
            [] { return false; });
        QVERIFY(stats);
        QCOMPARE(stats->samples(), std::uint64_t(0));
        QVERIFY(!wrote);
    }
};

QTEST_GUILESS_MAIN(TestTokenizePipeline)
#include "tst_tokenizepipeline.moc"
