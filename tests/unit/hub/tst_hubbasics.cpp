// Split specs (datasets' grammar, rounding and messages), HubConfig from the
// environment, response-header parsing and the cache layout.
#include "hub/hubcache.h"
#include "hub/hubconfig.h"
#include "hub/huberror.h"
#include "hub/httpheaders.h"
#include "hub/splitspec.h"

#include <QDir>
#include <QTimeZone>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace studio::hub;

namespace {

QList<QPair<QString, qint64>> tinyStories()
{
    return {{QStringLiteral("train"), 2119719}, {QStringLiteral("validation"), 21990}};
}

QString errorOf(const QString &spec, const QList<QPair<QString, qint64>> &splits)
{
    try {
        SplitSpec::parse(spec).resolve(splits);
    } catch (const HubError &e) {
        return e.message();
    }
    return {};
}

bool writeText(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

} // namespace

class TestHubBasics : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitTable_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<qint64>("rows");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("count");
        // hub-protocol.md's table, and more; the figures are what datasets computes.
        QTest::newRow("train[:1%]") << "train[:1%]" << qint64(2119719) << qint64(0) << qint64(21197);
        QTest::newRow("validation[:1%]") << "validation[:1%]" << qint64(21990) << qint64(0) << qint64(220);
        QTest::newRow("pct1") << "validation[:1%](pct1_dropremainder)" << qint64(21990) << qint64(0) << qint64(219);
        QTest::newRow("train[-10%:]") << "train[-10%:]" << qint64(2119719) << qint64(1907747) << qint64(211972);
        QTest::newRow("test[:5%] half to even") << "test[:5%]" << qint64(50) << qint64(0) << qint64(2);
        QTest::newRow("test[:15%] 7.5 -> 8") << "test[:15%]" << qint64(50) << qint64(0) << qint64(8);
        QTest::newRow("test[:3%] 1.5 -> 2") << "test[:3%]" << qint64(50) << qint64(0) << qint64(2);
        QTest::newRow("absolute") << "train[10:200]" << qint64(1000) << qint64(10) << qint64(190);
        QTest::newRow("underscores") << "train[1_000:2_000]" << qint64(5000) << qint64(1000) << qint64(1000);
        QTest::newRow("negative absolute") << "train[-100:-50]" << qint64(1000) << qint64(900) << qint64(50);
        QTest::newRow("negative past start clamps") << "train[-5000:]" << qint64(1000) << qint64(0) << qint64(1000);
        QTest::newRow("cap at n") << "train[500:99999999999999999999]" << qint64(1000) << qint64(500) << qint64(500);
        QTest::newRow("whole") << "train" << qint64(7) << qint64(0) << qint64(7);
        QTest::newRow("empty bounds") << "train[:]" << qint64(7) << qint64(0) << qint64(7);
        QTest::newRow("one percent sign makes both percent") << "train[10:20%]" << qint64(1000) << qint64(100) << qint64(100);
        QTest::newRow("reversed is empty") << "train[20:10]+train[:1]" << qint64(1000) << qint64(20) << qint64(0);
        QTest::newRow("100% allowed") << "train[-100%:100%]" << qint64(33) << qint64(0) << qint64(33);
        QTest::newRow("pct1 negative") << "train[-1%:](pct1_dropremainder)" << qint64(250) << qint64(248) << qint64(2);
        QTest::newRow("explicit closest") << "train[:1%](closest)" << qint64(250) << qint64(0) << qint64(2);
        QTest::newRow("dotted split name") << "train.clean[:10]" << qint64(100) << qint64(0) << qint64(10);
        QTest::newRow("trailing newline, as Python's $") << "train[:3]\n" << qint64(100) << qint64(0) << qint64(3);
    }
    void splitTable()
    {
        QFETCH(QString, spec);
        QFETCH(qint64, rows);
        QFETCH(qint64, first);
        QFETCH(qint64, count);
        const SplitSpec s = SplitSpec::parse(spec);
        const SplitSpec::Range r = SplitSpec::resolvePart(s.parts().first(), rows);
        QCOMPARE(r.first, first);
        QCOMPARE(r.count(), count);
        QVERIFY(SplitSpec::validate(spec).isEmpty());
    }

    void sumsAcrossSplits()
    {
        const auto ranges = SplitSpec::parse(QStringLiteral("train[:10%]+validation[-5%:]")).resolve(tinyStories());
        QCOMPARE(ranges.size(), 2);
        QCOMPARE(ranges.at(0).split, QStringLiteral("train"));
        QCOMPARE(ranges.at(0).count(), qint64(211972));
        QCOMPARE(ranges.at(1).split, QStringLiteral("validation"));
        QCOMPARE(ranges.at(1).first, qint64(21990 - 1100));
        QCOMPARE(SplitSpec::parse(QStringLiteral("train+validation+train")).splits(), QStringList({QStringLiteral("train"), QStringLiteral("validation")}));
        const auto all = SplitSpec::parse(QStringLiteral("all")).resolve(tinyStories());
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(1).count(), qint64(21990));
    }

    void messages_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        const auto named = [](const char *got) {
            return QStringLiteral("Split name should match '^\\w+(\\.\\w+)*$' but got '%1'.").arg(QString::fromUtf8(got));
        };
        QTest::newRow("double colon") << "train[::]" << "Unrecognized instruction format: train[::]";
        QTest::newRow("unclosed") << "train[:10" << "Unrecognized instruction format: train[:10";
        QTest::newRow("decimal") << "train[:1.5%]" << "Unrecognized instruction format: train[:1.5%]";
        QTest::newRow("second part bad") << "train+validation[x]" << "Unrecognized instruction format: validation[x]";
        QTest::newRow("empty part") << "train+" << named("");
        QTest::newRow("empty") << "" << named("");
        QTest::newRow("space before name") << " train" << named(" train");
        QTest::newRow("spaces around +") << "train + test" << named("train ");
        QTest::newRow("bad name") << "tr-ain[:5]" << named("tr-ain");
        QTest::newRow("rounding name") << "train[:1%](nearest)" << "rounding must be either closest or pct1_dropremainder";
        QTest::newRow("empty rounding") << "train[:1%]()" << "rounding must be either closest or pct1_dropremainder";
        QTest::newRow("rounding without percent") << "train[:10](closest)" << "It is forbidden to specify rounding if not using percent slicing.";
        QTest::newRow("percent over 100") << "train[:101%]" << "Percent slice boundaries must be > -100 and < 100.";
        QTest::newRow("percent under -100") << "train[-101%:]" << "Percent slice boundaries must be > -100 and < 100.";
        QTest::newRow("mixed rounding") << "train[:1%]+test[:1%](pct1_dropremainder)"
                                        << "It is forbidden to sum ReadInstruction instances with different rounding values.";
        QTest::newRow("double underscore") << "train[1__0:]" << "invalid literal for int() with base 10: '1__0'";
        QTest::newRow("lone underscore") << "train[_:]" << "invalid literal for int() with base 10: '_'";
        QTest::newRow("trailing underscore") << "train[:10_]" << "invalid literal for int() with base 10: '10_'";
    }
    void messages()
    {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        QCOMPARE(SplitSpec::validate(spec), message);
        QCOMPARE(errorOf(spec, tinyStories()), message);
    }

    void resolveMessages()
    {
        QCOMPARE(errorOf(QStringLiteral("test[:1%]"), tinyStories()),
                 QStringLiteral("Unknown split \"test\". Should be one of ['train', 'validation']."));
        QCOMPARE(errorOf(QStringLiteral("test[:1%]"), {{QStringLiteral("test"), 50}}),
                 QStringLiteral("Instruction \"test[:1%]\" corresponds to no data!"));
        QCOMPARE(errorOf(QStringLiteral("train[5:5]"), tinyStories()), QStringLiteral("Instruction \"train[5:5]\" corresponds to no data!"));
        QCOMPARE(errorOf(QStringLiteral("test[:50%](pct1_dropremainder)"), {{QStringLiteral("test"), 99}}),
                 QStringLiteral("Using \"pct1_dropremainder\" rounding on a split with less than 100 elements is forbidden: "
                                "it always results in an empty dataset."));
        // One empty part is fine when another selects rows.
        QCOMPARE(errorOf(QStringLiteral("train[:0]+validation[:1]"), tinyStories()), QString());
    }

    void configFromEnvironment()
    {
        QTemporaryDir dir;
        QProcessEnvironment env;
        env.insert(QStringLiteral("HOME"), dir.path());
        HubConfig c = HubConfig::fromEnvironment(env);
        QCOMPARE(c.endpoint, QStringLiteral("https://huggingface.co"));
        QVERIFY(c.cacheDir.endsWith(QStringLiteral("/.cache/huggingface/hub")));
        QVERIFY(c.token.isEmpty());
        QVERIFY(!c.offline);

        env.insert(QStringLiteral("HF_ENDPOINT"), QStringLiteral("http://127.0.0.1:9/mirror//"));
        env.insert(QStringLiteral("XDG_CACHE_HOME"), dir.filePath(QStringLiteral("xdg")));
        c = HubConfig::fromEnvironment(env);
        QCOMPARE(c.endpoint, QStringLiteral("http://127.0.0.1:9/mirror"));
        QCOMPARE(c.hfHome, dir.filePath(QStringLiteral("xdg/huggingface")));
        QCOMPARE(c.cacheDir, dir.filePath(QStringLiteral("xdg/huggingface/hub")));

        // The token file under HF_HOME, whitespace stripped.
        env.insert(QStringLiteral("HF_HOME"), dir.filePath(QStringLiteral("home")));
        QVERIFY(writeText(dir.filePath(QStringLiteral("home/token")), "  hf_file\r\n"));
        c = HubConfig::fromEnvironment(env);
        QCOMPARE(c.cacheDir, dir.filePath(QStringLiteral("home/hub")));
        QCOMPARE(c.token, QStringLiteral("hf_file"));
        QCOMPARE(c.tokenSource, dir.filePath(QStringLiteral("home/token")));
        // HF_TOKEN_PATH overrides the file; HUGGING_FACE_HUB_TOKEN the file; HF_TOKEN everything.
        QVERIFY(writeText(dir.filePath(QStringLiteral("other")), "hf_other"));
        env.insert(QStringLiteral("HF_TOKEN_PATH"), dir.filePath(QStringLiteral("other")));
        QCOMPARE(HubConfig::fromEnvironment(env).token, QStringLiteral("hf_other"));
        env.insert(QStringLiteral("HUGGING_FACE_HUB_TOKEN"), QStringLiteral("hf_legacy\n"));
        QCOMPARE(HubConfig::fromEnvironment(env).token, QStringLiteral("hf_legacy"));
        env.insert(QStringLiteral("HF_TOKEN"), QStringLiteral(" hf_env "));
        c = HubConfig::fromEnvironment(env);
        QCOMPARE(c.token, QStringLiteral("hf_env"));
        QCOMPARE(c.tokenSource, QStringLiteral("HF_TOKEN"));

        env.insert(QStringLiteral("HF_HUB_CACHE"), dir.filePath(QStringLiteral("cache")));
        QCOMPARE(HubConfig::fromEnvironment(env).cacheDir, dir.filePath(QStringLiteral("cache")));
        for (const char *on : {"1", "ON", "yes", "True"}) {
            env.insert(QStringLiteral("HF_HUB_OFFLINE"), QString::fromLatin1(on));
            QVERIFY2(HubConfig::fromEnvironment(env).offline, on);
        }
        for (const char *off : {"0", "off", "no", "2"}) {
            env.insert(QStringLiteral("HF_HUB_OFFLINE"), QString::fromLatin1(off));
            QVERIFY2(!HubConfig::fromEnvironment(env).offline, off);
        }
        env.insert(QStringLiteral("HF_HUB_DOWNLOAD_TIMEOUT"), QStringLiteral("2.5"));
        QCOMPARE(HubConfig::fromEnvironment(env).downloadTimeoutMs, 2500);
    }

    void headerParsing()
    {
        QCOMPARE(http::nextLink("<https://hub/api/datasets/x/tree/main?cursor=abc>; rel=\"next\""),
                 QStringLiteral("https://hub/api/datasets/x/tree/main?cursor=abc"));
        QCOMPARE(http::nextLink("<http://a/prev>; rel=\"prev\", <http://a/next?a=1,2>; title=\"x, y\"; rel=next"),
                 QStringLiteral("http://a/next?a=1,2"));
        QCOMPARE(http::nextLink("<http://a/prev>; rel=\"prev\""), QString());
        QCOMPARE(http::nextLink("garbage"), QString());
        QCOMPARE(http::normalizeEtag("W/\"abc123\""), QStringLiteral("abc123"));
        QCOMPARE(http::normalizeEtag("\"deadbeef\""), QStringLiteral("deadbeef"));
        QCOMPARE(http::normalizeEtag("plain"), QStringLiteral("plain"));
        QCOMPARE(http::parseSize("12345"), std::optional<qint64>(12345));
        QVERIFY(!http::parseSize("-1"));
        QVERIFY(!http::parseSize("12a"));
        QVERIFY(!http::parseSize("99999999999999999999999"));
        const auto cr = http::parseContentRange("bytes 100-199/1000");
        QVERIFY(cr);
        QCOMPARE(cr->first, qint64(100));
        QCOMPARE(cr->last, qint64(199));
        QCOMPARE(cr->total, qint64(1000));
        QCOMPARE(http::parseContentRange("bytes 0-9/*")->total, qint64(-1));
        QVERIFY(!http::parseContentRange("bytes 10-9/100"));
        QVERIFY(!http::parseContentRange("bytes 0-99/50"));
        QVERIFY(!http::parseContentRange("items 0-1/2"));
        QVERIFY(!http::parseContentRange("bytes */1000"));
        const QDateTime now = QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);
        QCOMPARE(http::parseRetryAfterSeconds("7", now), std::optional<qint64>(7));
        QCOMPARE(http::parseRetryAfterSeconds("Tue, 01 Dec 2026 10:00:30 GMT", now), std::optional<qint64>(30));
        QCOMPARE(http::parseRetryAfterSeconds("Tue, 01 Dec 2026 09:00:00 GMT", now), std::optional<qint64>(0));
        QVERIFY(!http::parseRetryAfterSeconds("soon", now));
        QCOMPARE(http::errorFromBody("{\"error\":\"Repository not found\"}"), QStringLiteral("Repository not found"));
        QCOMPARE(http::errorFromBody("<html>"), QString());
    }

    void cacheLayoutWrittenLikePython()
    {
        QTemporaryDir dir;
        const HubCache cache(dir.path(), RepoType::Dataset, QStringLiteral("roneneldan/TinyStories"));
        QCOMPARE(HubCache::repoFolderName(RepoType::Dataset, QStringLiteral("roneneldan/TinyStories")), QStringLiteral("datasets--roneneldan--TinyStories"));
        QCOMPARE(HubCache::repoFolderName(RepoType::Model, QStringLiteral("gpt2")), QStringLiteral("models--gpt2"));
        const QString commit = QStringLiteral("f54c09fd23315a6f9c86f9dc80f725de7d8f9c64");
        const QString etag = QStringLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        QVERIFY(writeText(cache.blobPath(etag), "PAR1...PAR1"));
        cache.linkSnapshot(commit, QStringLiteral("data/train-00000-of-00004.parquet"), etag);
        cache.linkSnapshot(commit, QStringLiteral("README.md"), etag);
        cache.writeRef(QStringLiteral("main"), commit);
        cache.writeRef(QStringLiteral("refs/convert/parquet"), commit);
        const QFileInfo nested(cache.snapshotPath(commit, QStringLiteral("data/train-00000-of-00004.parquet")));
        QVERIFY(nested.isSymLink());
        QCOMPARE(QFile::symLinkTarget(nested.filePath()), QFileInfo(cache.blobPath(etag)).absoluteFilePath());
        char target[512] = {};
        QVERIFY(::readlink(QFile::encodeName(nested.filePath()).constData(), target, sizeof target - 1) > 0);
        QCOMPARE(QString::fromLatin1(target), QStringLiteral("../../../blobs/") + etag);
        QVERIFY(::readlink(QFile::encodeName(cache.snapshotPath(commit, QStringLiteral("README.md"))).constData(), target, sizeof target - 1) > 0);
        QCOMPARE(QString::fromLatin1(target).left(int(QStringLiteral("../../blobs/").size()) + 64), QStringLiteral("../../blobs/") + etag);
        QCOMPARE(QFile(cache.refPath(QStringLiteral("main"))).size(), qint64(40)); // no newline
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("datasets--roneneldan--TinyStories/refs/refs/convert/parquet"))));
        QCOMPARE(cache.commitForRevision(QStringLiteral("main")), std::optional<QString>(commit));
        QCOMPARE(cache.commitForRevision(commit), std::optional<QString>(commit));
        QVERIFY(!cache.commitForRevision(QStringLiteral("dev")));
        QCOMPARE(cache.cachedFile(QStringLiteral("main"), QStringLiteral("README.md")), cache.snapshotPath(commit, QStringLiteral("README.md")));
        QCOMPARE(cache.snapshotFiles(commit), QStringList({QStringLiteral("README.md"), QStringLiteral("data/train-00000-of-00004.parquet")}));
        cache.markNoExist(commit, QStringLiteral("missing.txt"));
        QVERIFY(cache.isKnownMissing(commit, QStringLiteral("missing.txt")));
        QVERIFY(QFileInfo(dir.filePath(QStringLiteral("datasets--roneneldan--TinyStories/.no_exist/") + commit + QStringLiteral("/missing.txt"))).isFile());
        QCOMPARE(cache.lockPath(etag), dir.filePath(QStringLiteral(".locks/datasets--roneneldan--TinyStories/") + etag + QStringLiteral(".lock")));
    }

    void readsACacheLaidOutByPython()
    {
        // What huggingface_hub leaves after hf_hub_download("gpt2", "config.json"):
        // made here by hand with the same relative symlink and a ref with no newline.
        QTemporaryDir dir;
        const QString repo = dir.filePath(QStringLiteral("models--gpt2"));
        const QString commit = QStringLiteral("607a30d783dfa663caf39e06633721c8d4cfcd7e");
        QVERIFY(writeText(repo + QStringLiteral("/blobs/10c66461e4c109db5a2196bff4bb59be30396ed8"), "{\"n_ctx\": 1024}"));
        QVERIFY(writeText(repo + QStringLiteral("/refs/main"), commit.toLatin1()));
        QDir().mkpath(repo + QStringLiteral("/snapshots/") + commit);
        QVERIFY(QFile::link(QStringLiteral("../../blobs/10c66461e4c109db5a2196bff4bb59be30396ed8"),
                            repo + QStringLiteral("/snapshots/") + commit + QStringLiteral("/config.json")));
        const HubCache cache(dir.path(), RepoType::Model, QStringLiteral("gpt2"));
        const QString path = cache.cachedFile(QStringLiteral("main"), QStringLiteral("config.json"));
        QVERIFY(!path.isEmpty());
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("{\"n_ctx\": 1024}"));
        QVERIFY(cache.cachedFile(QStringLiteral("main"), QStringLiteral("vocab.json")).isEmpty());
        QVERIFY(!HubCache::isSafeRelativePath(QStringLiteral("../etc/passwd")));
        QVERIFY(!HubCache::isSafeRelativePath(QStringLiteral("/abs")));
        QVERIFY(!HubCache::isSafeRelativePath(QStringLiteral("a//b")));
        QVERIFY(HubCache::isSafeRelativePath(QStringLiteral("data/train-00000-of-00001.parquet")));
    }
};

QTEST_GUILESS_MAIN(TestHubBasics)
#include "tst_hubbasics.moc"
