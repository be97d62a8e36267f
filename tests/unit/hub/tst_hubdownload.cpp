// `dataset-studio download` against the mock Hub: the TinyStories slice, only
// the shards it needs, resume after a dropped connection, offline from the
// cache, and every bad input ending in a clear message and an `error` dataset.
#include "hubtestfixture.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QTest>

using namespace studio::test;

namespace {

QJsonObject lastJson(const CliResult &r)
{
    return QJsonDocument::fromJson(r.lastLine()).object();
}

QString sha256Path(const QString &repoPath)
{
    return QString::fromLatin1(QCryptographicHash::hash(readFile(QDir(tinyStoriesFolder()).filePath(repoPath)), QCryptographicHash::Sha256).toHex());
}

QList<MockHub::Logged> bodyRequestsFor(const MockHub &hub, const QString &repoPath)
{
    QList<MockHub::Logged> out;
    const QString sha = sha256Path(repoPath);
    for (const MockHub::Logged &l : hub.requests())
        if (l.server == QLatin1String("cdn") && l.method == "GET" && l.path.endsWith(sha))
            out << l;
    return out;
}

// A one-story JSON Lines input in `work`, and the command that encodes it.
QString onceUponATime(const QTemporaryDir &work)
{
    const QString input = work.filePath(QStringLiteral("in.jsonl"));
    return writeFile(input, "{\"text\": \"Once upon a time\"}\n") ? input : QString();
}

QStringList encodeArgs(const QString &tokenizer, const QString &input)
{
    return {QStringLiteral("tokenizer"), QStringLiteral("encode"), QStringLiteral("--tokenizer"), tokenizer, QStringLiteral("--input"), input};
}

} // namespace

class TestHubDownload : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void tinyStoriesOnePercentDownloadsOnlyTheFirstShardThenWorksOffline()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const auto r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:1%]"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject d = lastJson(r);
        // datasets: n = sum of the shards' rows; int(round(1 * n / 100.0)).
        qint64 n = 0;
        for (const QString &s : trainShards())
            n += shardRows(s);
        QCOMPARE(n, qint64(5171));
        QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(d.value(QStringLiteral("num_samples")).toInteger(), qint64(52));
        QCOMPARE(d.value(QStringLiteral("size_bytes")).toInteger(), fileSize(trainShards().first()));

        // Only shard 0 came whole; the others gave only their tails (Range), for their footers.
        const QList<MockHub::Logged> first = bodyRequestsFor(t.hub, trainShards().first());
        qint64 whole = 0;
        for (const auto &l : first)
            if (l.range.isEmpty())
                whole += l.bodyBytes;
        QCOMPARE(whole, fileSize(trainShards().first()));
        for (const QString &s : trainShards().mid(1)) {
            const auto reqs = bodyRequestsFor(t.hub, s);
            QVERIFY2(!reqs.isEmpty(), qPrintable(s)); // the footer was read
            for (const auto &l : reqs) {
                QVERIFY2(l.range.startsWith("bytes="), l.range.constData());
                QVERIFY(l.bodyBytes < fileSize(s) / 2);
            }
            QVERIFY(!QFileInfo::exists(t.blobPath(s)));
        }
        QVERIFY(bodyRequestsFor(t.hub, QStringLiteral("data/validation-00000-of-00001-869c898b519ad725.parquet")).isEmpty());
        // Nothing sent the token (there is none) and the CDN never saw an Authorization header.
        for (const auto &l : t.hub.requests()) {
            QVERIFY(l.authorization.isEmpty());
            QVERIFY(l.userAgent.startsWith("dataset-studio/"));
        }

        // The rows are readable: show lists the schema; the samples start at row 0 of shard 0.
        const QString id = d.value(QStringLiteral("id")).toVariant().toString();
        const auto show = t.cli({QStringLiteral("show"), id, QStringLiteral("--json")});
        QCOMPARE(show.exitCode, 0);
        QVERIFY(show.out.contains("\"text\""));
        QVERIFY(show.out.contains("roneneldan/TinyStories"));

        // Cache layout as huggingface_hub's: snapshot symlink, ref.
        const QString repo = t.cacheDir() + QStringLiteral("/datasets--roneneldan--TinyStories");
        const QString commit = t.hub.commitOf(kTinyStories);
        QCOMPARE(readFile(repo + QStringLiteral("/refs/main")), commit.toLatin1());
        const QFileInfo link(repo + QStringLiteral("/snapshots/") + commit + QLatin1Char('/') + trainShards().first());
        QVERIFY(link.isSymLink());
        QCOMPARE(link.symLinkTarget(), QFileInfo(t.blobPath(trainShards().first())).absoluteFilePath());

        // Second time, offline: from the cache alone, no request at all.
        t.hub.clearRequests();
        const auto offline = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:1%]"), QStringLiteral("--json")},
                                   {QStringLiteral("HF_HUB_OFFLINE=1")});
        QVERIFY2(offline.exitCode == 0, offline.err.constData());
        QCOMPARE(lastJson(offline).value(QStringLiteral("num_samples")).toInteger(), qint64(52));
        QCOMPARE(t.hub.requests().size(), 0);
        // ... and a slice needing an uncached shard says so.
        const auto missing = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[-1%:]"), QStringLiteral("--json")},
                                   {QStringLiteral("HF_HUB_OFFLINE=1")});
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains("HF_HUB_OFFLINE is set"), missing.err.constData());
        QCOMPARE(lastJson(missing).value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    }

    void slicesAcrossShardsAndSplits()
    {
        HubTestbed t;
        QVERIFY(t.start());
        // rows 1,200..1,500 of train span shards 0 and 1; validation[:1%] = round(10.99) = 11.
        const auto r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"),
                              QStringLiteral("train[1200:1500]+validation[:1%]"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(lastJson(r).value(QStringLiteral("num_samples")).toInteger(), qint64(300 + 11));
        QVERIFY(QFileInfo::exists(t.blobPath(trainShards().at(0))));
        QVERIFY(QFileInfo::exists(t.blobPath(trainShards().at(1))));
        QVERIFY(!QFileInfo::exists(t.blobPath(trainShards().at(2))));
        // pct1_dropremainder: 1 * trunc(1099 / 100) = 10
        const auto p = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"),
                              QStringLiteral("validation[:1%](pct1_dropremainder)"), QStringLiteral("--json")});
        QCOMPARE(lastJson(p).value(QStringLiteral("num_samples")).toInteger(), qint64(10));
        // The rows themselves: tokenize reads them (rows 1,200.. begin with their row number).
        const QString id = lastJson(r).value(QStringLiteral("id")).toVariant().toString();
        const auto tok = t.cli({QStringLiteral("tokenize"), id, QStringLiteral("--json")});
        QVERIFY2(tok.exitCode == 0, tok.err.constData());
        QCOMPARE(lastJson(tok).value(QStringLiteral("num_samples")).toInteger(), qint64(311));
    }

    void droppedConnectionResumesWithRange()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const QString shard = trainShards().first();
        MockHub::Fault drop;
        drop.kind = MockHub::Fault::DropMidBody;
        drop.pathContains = sha256Path(shard);
        drop.server = QStringLiteral("cdn");
        drop.withoutRangeOnly = true;
        drop.afterBytes = 40000;
        t.hub.addFault(drop);
        const auto r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:10]"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(lastJson(r).value(QStringLiteral("num_samples")).toInteger(), qint64(10));
        qint64 body = 0;
        bool resumed = false;
        for (const auto &l : bodyRequestsFor(t.hub, shard)) {
            if (l.range == "bytes=40000-") {
                resumed = true;
                body += l.bodyBytes;
            } else if (l.range.isEmpty()) {
                QVERIFY(l.faulted);
                body += l.bodyBytes;
            }
        }
        QVERIFY(resumed);
        QCOMPARE(body, fileSize(shard)); // no byte fetched twice
        QCOMPARE(QFile(t.blobPath(shard)).size(), fileSize(shard));
        QVERIFY(!QFileInfo::exists(t.blobPath(shard) + QStringLiteral(".incomplete")));
    }

    void stalledServerFailsThenRetryResumes()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const QString shard = trainShards().first();
        MockHub::Fault stall;
        stall.kind = MockHub::Fault::Stall;
        stall.pathContains = sha256Path(shard);
        stall.server = QStringLiteral("cdn");
        stall.withoutRangeOnly = true;
        stall.afterBytes = 30000;
        stall.times = -1;
        t.hub.addFault(stall);
        MockHub::Fault stallResume = stall;
        stallResume.withoutRangeOnly = false;
        stallResume.rangePrefix = "bytes=30000-";
        stallResume.afterBytes = 0;
        t.hub.addFault(stallResume);
        const auto r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:10]"), QStringLiteral("--json")},
                             {QStringLiteral("HF_HUB_DOWNLOAD_TIMEOUT=1")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("failed after 5 attempts") && r.err.contains("a retry resumes"), r.err.constData());
        const QJsonObject d = lastJson(r);
        QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        // The partial file is kept (it can resume).
        QCOMPARE(QFile(t.blobPath(shard) + QStringLiteral(".incomplete")).size(), qint64(30000));

        t.hub.clearFaults();
        t.hub.clearRequests();
        const QString id = d.value(QStringLiteral("id")).toVariant().toString();
        const auto retry = t.cli({QStringLiteral("retry"), id, QStringLiteral("--json")});
        QVERIFY2(retry.exitCode == 0, retry.err.constData());
        QCOMPARE(lastJson(retry).value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        const auto reqs = bodyRequestsFor(t.hub, shard);
        QVERIFY(std::any_of(reqs.begin(), reqs.end(), [](const auto &l) { return l.range == "bytes=30000-"; }));
        QVERIFY(std::none_of(reqs.begin(), reqs.end(), [](const auto &l) { return l.range.isEmpty(); }));
    }

    void badInputs_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QStringList>("env");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("created"); // false: refused before any dataset exists
        const QString ts = kTinyStories;
        QTest::newRow("unknown repo") << QStringList{QStringLiteral("acme/nope")} << QStringList() << "Dataset 'acme/nope' not found" << true;
        QTest::newRow("unknown revision") << QStringList{ts, QStringLiteral("--revision"), QStringLiteral("v9")} << QStringList()
                                          << "Revision 'v9' not found in dataset 'roneneldan/TinyStories'" << true;
        QTest::newRow("gated without token") << QStringList{QStringLiteral("acme/gated-stories")} << QStringList()
                                             << "Access denied: this dataset is gated. Request access at" << true;
        QTest::newRow("gated, token not granted") << QStringList{QStringLiteral("acme/gated-stories"), QStringLiteral("--token"), QStringLiteral("hf_pending")}
                                                  << QStringList() << "Access denied: this dataset is gated and your token (from --token) has not been granted access" << true;
        QTest::newRow("wrong token") << QStringList{ts} << QStringList{QStringLiteral("HF_TOKEN=hf_wrong")}
                                     << "rejected the access token (from HF_TOKEN): Invalid credentials in Authorization header" << true;
        QTest::newRow("malformed split") << QStringList{ts, QStringLiteral("--split"), QStringLiteral("train[::]")} << QStringList()
                                         << "Unrecognized instruction format: train[::]" << false;
        QTest::newRow("bad repo id") << QStringList{QStringLiteral("a/b/c")} << QStringList() << "'a/b/c' is not a valid repository id" << false;
        QTest::newRow("unknown split") << QStringList{ts, QStringLiteral("--split"), QStringLiteral("test[:1%]")} << QStringList()
                                       << "Unknown split \"test\". Should be one of ['train', 'validation']." << true;
        QTest::newRow("no rows") << QStringList{ts, QStringLiteral("--split"), QStringLiteral("validation[5:5]")} << QStringList()
                                 << "Instruction \"validation[5:5]\" corresponds to no data!" << true;
        QTest::newRow("unknown config") << QStringList{ts, QStringLiteral("--config"), QStringLiteral("en")} << QStringList()
                                        << "Config 'en' not found in dataset 'roneneldan/TinyStories'; available: default" << true;
        QTest::newRow("offline, nothing cached") << QStringList{ts} << QStringList{QStringLiteral("HF_HUB_OFFLINE=1")}
                                                 << "HF_HUB_OFFLINE is set and Dataset 'roneneldan/TinyStories' (revision 'main') is not in the Hugging Face cache" << true;
    }
    void badInputs()
    {
        QFETCH(QStringList, args);
        QFETCH(QStringList, env);
        QFETCH(QString, message);
        QFETCH(bool, created);
        HubTestbed t;
        QVERIFY(t.start());
        const auto r = t.cli(QStringList{QStringLiteral("download")} + args + QStringList{QStringLiteral("--json")}, env);
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        const auto list = t.cli({QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonArray datasets = lastJson(list).value(QStringLiteral("datasets")).toArray();
        QCOMPARE(datasets.size(), created ? 1 : 0);
        if (created) {
            const QJsonObject d = datasets.first().toObject();
            QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
            QVERIFY(d.value(QStringLiteral("error_message")).toString().contains(message));
        }
    }

    void gatedWithGrantedTokenWorks()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const auto r = t.cli({QStringLiteral("download"), QStringLiteral("acme/gated-stories"), QStringLiteral("--split"), QStringLiteral("validation[:5]"),
                              QStringLiteral("--token"), QStringLiteral("hf_granted"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(lastJson(r).value(QStringLiteral("num_samples")).toInteger(), qint64(5));
        // The token went to the Hub, never to the CDN.
        bool hubSaw = false;
        for (const auto &l : t.hub.requests()) {
            if (l.server == QLatin1String("cdn"))
                QVERIFY(l.authorization.isEmpty());
            else
                hubSaw = hubSaw || l.authorization == "Bearer hf_granted";
        }
        QVERIFY(hubSaw);
        // The token is not in the catalog.
        const auto show = t.cli({QStringLiteral("show"), lastJson(r).value(QStringLiteral("id")).toVariant().toString(), QStringLiteral("--json")});
        QVERIFY(!show.out.contains("hf_granted"));
    }

    void corruptAndTruncatedFiles()
    {
        HubTestbed t;
        // A repo whose only shard is truncated (its footer is gone).
        QTemporaryDir broken;
        const QByteArray bytes = readFile(QDir(tinyStoriesFolder()).filePath(QStringLiteral("data/validation-00000-of-00001-869c898b519ad725.parquet")));
        QVERIFY(QDir(broken.path()).mkpath(QStringLiteral("data")));
        QVERIFY(writeFile(broken.filePath(QStringLiteral("data/train-00000-of-00001.parquet")), bytes.left(bytes.size() - 300)));
        t.hub.addRepo(QStringLiteral("dataset"), QStringLiteral("acme/broken"), broken.path());
        QVERIFY(t.start());
        auto r = t.cli({QStringLiteral("download"), QStringLiteral("acme/broken"), QStringLiteral("--json")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("data/train-00000-of-00001.parquet of dataset 'acme/broken' is not a valid parquet file"), r.err.constData());
        QCOMPARE(lastJson(r).value(QStringLiteral("status")).toString(), QStringLiteral("error"));

        // Bytes corrupted in transit every time: sha256 mismatch, the partial is discarded.
        const QString shard = trainShards().first();
        MockHub::Fault corrupt;
        corrupt.kind = MockHub::Fault::Corrupt;
        corrupt.pathContains = sha256Path(shard);
        corrupt.server = QStringLiteral("cdn");
        corrupt.withoutRangeOnly = true;
        corrupt.times = -1;
        t.hub.addFault(corrupt);
        r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:10]"), QStringLiteral("--json")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("was damaged in transit (its sha256 is"), r.err.constData());
        QVERIFY(!QFileInfo::exists(t.blobPath(shard)));
        QVERIFY(!QFileInfo::exists(t.blobPath(shard) + QStringLiteral(".incomplete")));
        // Corrupted once: the download starts over and succeeds.
        t.hub.clearFaults();
        corrupt.times = 1;
        t.hub.addFault(corrupt);
        r = t.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train[:10]"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    // A server that closes the connection together with its answer to a HEAD
    // (the 401 of an unknown repository, say): the answer still counts. Qt
    // loses such a 401, so the client asks again for one byte by GET.
    void answersToHeadThatCloseTheConnectionAtOnceCount()
    {
        HubTestbed t;
        QVERIFY(t.start());
        QTemporaryDir work;
        const QString input = onceUponATime(work);
        QVERIFY(!input.isEmpty());
        MockHub::Fault close;
        close.kind = MockHub::Fault::CloseWithAnswer;
        close.method = "HEAD";
        close.times = -1;
        t.hub.addFault(close);
        auto r = t.tool(encodeArgs(QStringLiteral("no-such-model"), input));
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("Failed to load tokenizer 'no-such-model': Model 'no-such-model' not found on http://127.0.0.1:"), r.err.constData());
        r = t.tool(encodeArgs(QStringLiteral("acme/tiny-gpt2"), input));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("{\"ids\":[7454,2402,257,640]}"));
        const QString cached = t.cacheDir() + QStringLiteral("/models--acme--tiny-gpt2/snapshots/") + t.hub.commitOf(QStringLiteral("acme/tiny-gpt2"))
            + QStringLiteral("/tokenizer.json");
        QVERIFY(QFileInfo(cached).isSymLink());
    }

    void tokenizerByHubModelId()
    {
        HubTestbed t;
        QVERIFY(t.start());
        QTemporaryDir work;
        const QString input = onceUponATime(work);
        QVERIFY(!input.isEmpty());
        const QStringList encode = encodeArgs(QStringLiteral("acme/tiny-gpt2"), input);
        // Not cached: fetched through the Hub client into the cache, then used.
        auto r = t.tool(encode);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("{\"ids\":[7454,2402,257,640]}"));
        const QString cached = t.cacheDir() + QStringLiteral("/models--acme--tiny-gpt2/snapshots/") + t.hub.commitOf(QStringLiteral("acme/tiny-gpt2"))
            + QStringLiteral("/tokenizer.json");
        QVERIFY(QFileInfo(cached).isSymLink());
        bool fetched = false;
        for (const auto &l : t.hub.requests())
            fetched = fetched || l.path == QLatin1String("/acme/tiny-gpt2/resolve/main/tokenizer.json");
        QVERIFY(fetched);
        // Cached: works offline without a request.
        t.hub.clearRequests();
        r = t.tool(encode, {QStringLiteral("HF_HUB_OFFLINE=1")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(t.hub.requests().size(), 0);
        // gpt2 stays bundled: no request either, even online.
        r = t.tool({QStringLiteral("tokenizer"), QStringLiteral("encode"), QStringLiteral("--tokenizer"), QStringLiteral("gpt2"), QStringLiteral("--input"), input});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(t.hub.requests().size(), 0);
        // Unknown model: the Hub's answer in the resolver's message.
        r = t.tool({QStringLiteral("tokenizer"), QStringLiteral("encode"), QStringLiteral("--tokenizer"), QStringLiteral("invalid-tokenizer-12345"),
                   QStringLiteral("--input"), input});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("Failed to load tokenizer 'invalid-tokenizer-12345': Model 'invalid-tokenizer-12345' not found on http://127.0.0.1:"),
                 r.err.constData());
        // Offline and not cached: says so.
        r = t.tool({QStringLiteral("tokenizer"), QStringLiteral("encode"), QStringLiteral("--tokenizer"), QStringLiteral("acme/other"),
                   QStringLiteral("--input"), input}, {QStringLiteral("HF_HUB_OFFLINE=1")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains("HF_HUB_OFFLINE is set and the model is not in the Hugging Face cache"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHubDownload)
#include "tst_hubdownload.moc"
