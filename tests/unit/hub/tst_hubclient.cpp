// The Hub client against the mock Hub, in process: metadata, listings with
// pagination, downloads through the cache (resume, retries, Retry-After,
// cancellation, verification), dataset layout and slice plans, tokenizers.
#include "hub/hubclient.h"
#include "hub/hubdatasets.h"
#include "hub/huberror.h"
#include "hubtestfixture.h"

#include <QFileInfo>
#include <QTest>

using namespace studio::hub;
using namespace studio::test;

namespace {

HubConfig configFor(const HubTestbed &t)
{
    HubConfig c;
    c.endpoint = t.hub.endpoint();
    c.hfHome = t.scratch.filePath(QStringLiteral("hf"));
    c.cacheDir = t.cacheDir();
    c.maxAttempts = 3;
    c.backoffMs = 50;
    c.maxBackoffMs = 200;
    c.metadataTimeoutMs = 5000;
    c.downloadTimeoutMs = 5000;
    return c;
}

QString sha256Of(const QString &repoPath)
{
    return QString::fromLatin1(QCryptographicHash::hash(readFile(QDir(tinyStoriesFolder()).filePath(repoPath)), QCryptographicHash::Sha256).toHex());
}

bool writeFileMk(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    return writeFile(path, bytes);
}

HubError::Kind errorKind(const std::function<void()> &f, QString *message = nullptr)
{
    try {
        f();
    } catch (const HubError &e) {
        if (message)
            *message = e.message();
        return e.kind();
    }
    return HubError::Kind::Other;
}

} // namespace

class TestHubClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void infoTreeAndMetadata()
    {
        HubTestbed t;
        QVERIFY(t.start());
        t.hub.setTreePageSize(2);
        HubClient client(configFor(t));
        const RepoInfo info = client.repoInfo(RepoType::Dataset, kTinyStories);
        QCOMPARE(info.sha, t.hub.commitOf(kTinyStories));
        QCOMPARE(info.siblings.size(), 6);
        const QList<RepoFile> tree = client.listTree(RepoType::Dataset, kTinyStories, QStringLiteral("main"));
        QCOMPARE(tree.size(), 6); // 3 pages of 2 (directories skipped), followed through Link rel="next"
        int pages = 0;
        for (const auto &l : t.hub.requests())
            pages += l.path.contains(QStringLiteral("/tree/")) ? 1 : 0;
        QVERIFY(pages >= 3);
        const QString shard = trainShards().first();
        const FileMetadata meta = client.fileMetadata(RepoType::Dataset, kTinyStories, QStringLiteral("main"), shard);
        QCOMPARE(meta.commit, t.hub.commitOf(kTinyStories));
        QCOMPARE(meta.etag, sha256Of(shard));
        QVERIFY(meta.isLfs());
        QCOMPARE(meta.size, fileSize(shard));
        QVERIFY(meta.location.startsWith(t.hub.cdnUrl()));
        const auto head = t.hub.requests().last();
        QCOMPARE(head.method, QByteArray("HEAD"));
        const FileMetadata readme = client.fileMetadata(RepoType::Dataset, kTinyStories, QStringLiteral("main"), QStringLiteral("README.md"));
        QVERIFY(!readme.isLfs());
        QCOMPARE(readme.size, fileSize(QStringLiteral("README.md")));
        const auto listing = client.parquetListing(kTinyStories);
        QCOMPARE(listing.value(QStringLiteral("default")).value(QStringLiteral("train")).size(), 4);
    }

    void errorsAreTyped()
    {
        HubTestbed t;
        QVERIFY(t.start());
        HubClient client(configFor(t));
        QString msg;
        QCOMPARE(errorKind([&] { client.repoInfo(RepoType::Dataset, QStringLiteral("acme/nope")); }, &msg), HubError::Kind::RepoNotFound);
        QVERIFY(msg.startsWith(QStringLiteral("Dataset 'acme/nope' not found")));
        QCOMPARE(errorKind([&] { client.repoInfo(RepoType::Dataset, kTinyStories, QStringLiteral("nope")); }), HubError::Kind::RevisionNotFound);
        QCOMPARE(errorKind([&] { client.fileMetadata(RepoType::Dataset, kTinyStories, QStringLiteral("main"), QStringLiteral("missing.txt")); }, &msg),
                 HubError::Kind::EntryNotFound);
        QCOMPARE(msg, QStringLiteral("File 'missing.txt' not found in dataset 'roneneldan/TinyStories' at revision 'main'"));
        // EntryNotFound with a commit leaves a .no_exist marker, as huggingface_hub does.
        QVERIFY(client.cache(RepoType::Dataset, kTinyStories).isKnownMissing(t.hub.commitOf(kTinyStories), QStringLiteral("missing.txt")));
        QCOMPARE(errorKind([&] { client.repoInfo(RepoType::Dataset, QStringLiteral("acme/gated-stories")); }), HubError::Kind::Gated);
        QCOMPARE(errorKind([&] { client.repoInfo(RepoType::Model, QStringLiteral("nobody/nothing")); }, &msg), HubError::Kind::RepoNotFound);
        QVERIFY(msg.startsWith(QStringLiteral("Model 'nobody/nothing' not found")));
        const qsizetype before = t.hub.requests().size();
        HubConfig offline = configFor(t);
        offline.offline = true;
        HubClient off(offline);
        QCOMPARE(errorKind([&] { off.download(RepoType::Model, QStringLiteral("gpt2"), QStringLiteral("main"), QStringLiteral("tokenizer.json")); }, &msg),
                 HubError::Kind::Offline);
        QVERIFY(msg.contains(QStringLiteral("HF_HUB_OFFLINE is set")));
        QCOMPARE(t.hub.requests().size(), before); // offline made none
        // Nothing listens: a network error with the endpoint in the message.
        HubConfig dead = configFor(t);
        dead.endpoint = QStringLiteral("http://127.0.0.1:9");
        dead.maxAttempts = 2;
        HubClient nowhere(dead);
        QCOMPARE(errorKind([&] { nowhere.repoInfo(RepoType::Dataset, kTinyStories); }, &msg), HubError::Kind::Network);
        QVERIFY2(msg.startsWith(QStringLiteral("Cannot reach the Hugging Face Hub at http://127.0.0.1:9")), qPrintable(msg));
    }

    void retriesHonourRetryAfterAndServerErrors()
    {
        HubTestbed t;
        QVERIFY(t.start());
        MockHub::Fault busy;
        busy.kind = MockHub::Fault::TooManyRequests;
        busy.pathContains = QStringLiteral("/api/datasets/roneneldan/TinyStories");
        busy.retryAfterSeconds = 1;
        t.hub.addFault(busy);
        MockHub::Fault down;
        down.kind = MockHub::Fault::ServerError;
        down.pathContains = QStringLiteral("/api/datasets/roneneldan/TinyStories");
        t.hub.addFault(down);
        HubClient client(configFor(t));
        QCOMPARE(client.repoInfo(RepoType::Dataset, kTinyStories).sha, t.hub.commitOf(kTinyStories));
        const auto log = t.hub.requests();
        QCOMPARE(log.size(), 3);
        QCOMPARE(log.at(0).status, 429);
        QCOMPARE(log.at(1).status, 503);
        QCOMPARE(log.at(2).status, 200);
        // Always 429: a clear message after the attempts.
        busy.times = -1;
        t.hub.addFault(busy);
        QString msg;
        QCOMPARE(errorKind([&] { client.repoInfo(RepoType::Dataset, kTinyStories); }, &msg), HubError::Kind::Network);
        QVERIFY2(msg.contains(QStringLiteral("rate-limiting requests (429 Too Many Requests) after 3 attempts")), qPrintable(msg));
    }

    void downloadsResumeAcrossCancelAndSlowFirstByte()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const QString shard = trainShards().at(2);
        const qint64 size = fileSize(shard);
        MockHub::Fault stall;
        stall.kind = MockHub::Fault::Stall;
        stall.pathContains = sha256Of(shard);
        stall.server = QStringLiteral("cdn");
        stall.afterBytes = 50000;
        t.hub.addFault(stall);
        MockHub::Fault slow;
        slow.kind = MockHub::Fault::SlowFirstByte;
        slow.delayMs = 300;
        slow.pathContains = sha256Of(shard);
        slow.server = QStringLiteral("cdn");
        t.hub.addFault(slow);
        {
            // Cancel while the body stalls: the partial stays.
            HubClient client(configFor(t));
            bool cancel = false;
            client.setCancelCheck([&] { return cancel; });
            qint64 seen = 0;
            QString msg;
            QCOMPARE(errorKind([&] {
                         client.download(RepoType::Dataset, kTinyStories, QStringLiteral("main"), shard, [&](qint64 done, qint64) {
                             seen = done;
                             cancel = done >= 50000;
                         });
                     }, &msg),
                     HubError::Kind::Cancelled);
            QCOMPARE(seen, qint64(50000));
        }
        const QString part = t.blobPath(shard) + QStringLiteral(".incomplete");
        QCOMPARE(QFile(part).size(), qint64(50000));
        t.hub.clearRequests();
        HubClient client(configFor(t));
        qint64 last = 0;
        bool monotonic = true;
        const CachedFile f = client.download(RepoType::Dataset, kTinyStories, QStringLiteral("main"), shard, [&](qint64 done, qint64 total) {
            monotonic = monotonic && done >= last && total == size;
            last = done;
        });
        QVERIFY(monotonic);
        QCOMPARE(last, size);
        QVERIFY(!f.fromCache);
        QCOMPARE(f.bytesTransferred, size - 50000);
        QCOMPARE(readFile(f.path), readFile(QDir(tinyStoriesFolder()).filePath(shard)));
        QVERIFY(!QFileInfo::exists(part));
        bool ranged = false;
        for (const auto &l : t.hub.requests())
            ranged = ranged || (l.server == QLatin1String("cdn") && l.range == "bytes=50000-");
        QVERIFY(ranged);
        // Cached now: no transfer, even with the Hub unreachable.
        HubConfig dead = configFor(t);
        dead.endpoint = QStringLiteral("http://127.0.0.1:9");
        dead.maxAttempts = 1;
        HubClient nowhere(dead);
        QVERIFY(nowhere.download(RepoType::Dataset, kTinyStories, QStringLiteral("main"), shard).fromCache);
    }

    void stalePartialIsReplaced()
    {
        HubTestbed t;
        QVERIFY(t.start());
        const QString shard = trainShards().at(1);
        // A partial longer than the file (left by something else): dropped, downloaded again.
        QVERIFY(writeFileMk(t.blobPath(shard) + QStringLiteral(".incomplete"), QByteArray(int(fileSize(shard) + 10), 'x')));
        HubClient client(configFor(t));
        const CachedFile f = client.download(RepoType::Dataset, kTinyStories, QStringLiteral("main"), shard);
        QCOMPARE(readFile(f.path), readFile(QDir(tinyStoriesFolder()).filePath(shard)));
        // A partial of the right length prefix but wrong bytes: the sha256 check catches it, it restarts once.
        const QString other = trainShards().at(3);
        QVERIFY(writeFileMk(t.blobPath(other) + QStringLiteral(".incomplete"), QByteArray(1000, 'y')));
        const CachedFile g = client.download(RepoType::Dataset, kTinyStories, QStringLiteral("main"), other);
        QCOMPARE(readFile(g.path), readFile(QDir(tinyStoriesFolder()).filePath(other)));
    }

    void layoutAndPlan()
    {
        HubTestbed t;
        QVERIFY(t.start());
        HubClient client(configFor(t));
        HubDatasets datasets(client, t.scratch.filePath(QStringLiteral("index")));
        const DatasetLayout layout = datasets.layout(kTinyStories);
        QCOMPARE(layout.source, QStringLiteral("readme"));
        QCOMPARE(layout.configNames(), QStringList{QStringLiteral("default")});
        QCOMPARE(layout.configs.first().splits.size(), 2);
        QCOMPARE(layout.configs.first().splits.at(0).shards.size(), 4);
        const SlicePlan plan = datasets.plan(kTinyStories, {}, QStringLiteral("train[1250:1350]"));
        QCOMPARE(plan.rows, qint64(100));
        QCOMPARE(plan.segments.size(), 2);
        QCOMPARE(plan.segments.at(0).firstRow, qint64(1250));
        QCOMPARE(plan.segments.at(0).numRows, qint64(50));
        QCOMPARE(plan.segments.at(1).firstRow, qint64(0));
        QCOMPARE(plan.bytesToDownload(), fileSize(trainShards().at(0)) + fileSize(trainShards().at(1)));
        for (const QString &s : trainShards())
            QCOMPARE(layout.configs.first().split(QStringLiteral("train"))->shards.at(trainShards().indexOf(s)).path, s);
        // Without a README block: from the file names (data/{split}-NNNNN-of-NNNNN).
        QTemporaryDir plain;
        for (const QString &s : trainShards().mid(0, 2))
            QVERIFY(writeFileMk(plain.filePath(s), readFile(QDir(tinyStoriesFolder()).filePath(s))));
        t.hub.addRepo(QStringLiteral("dataset"), QStringLiteral("acme/plain"), plain.path());
        const SlicePlan p2 = datasets.plan(QStringLiteral("acme/plain"), {}, QStringLiteral("train[-10:]"));
        QCOMPARE(p2.layout.source, QStringLiteral("files"));
        QCOMPARE(p2.rows, qint64(10));
        QCOMPARE(p2.segments.first().firstRow, shardRows(trainShards().at(1)) - 10);
    }

    void jsonLinesRepo()
    {
        HubTestbed t;
        QTemporaryDir repo;
        QByteArray lines;
        for (int i = 0; i < 250; ++i)
            lines += "{\"text\": \"story " + QByteArray::number(i) + "\"}\n";
        QVERIFY(writeFileMk(repo.filePath(QStringLiteral("train.jsonl")), lines));
        QVERIFY(writeFileMk(repo.filePath(QStringLiteral("test.jsonl")), lines.left(lines.indexOf("{\"text\": \"story 10\""))));
        t.hub.addRepo(QStringLiteral("dataset"), QStringLiteral("acme/jsonl"), repo.path());
        QVERIFY(t.start());
        const auto r = t.cli({QStringLiteral("download"), QStringLiteral("acme/jsonl"), QStringLiteral("--split"), QStringLiteral("train[:10%]+test"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QJsonDocument::fromJson(r.lastLine()).object().value(QStringLiteral("num_samples")).toInteger(), qint64(25 + 10));
    }
};

QTEST_GUILESS_MAIN(TestHubClient)
#include "tst_hubclient.moc"
