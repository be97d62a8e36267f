// Fault injection against the real dataset-studio executable: a full disk (a
// small tmpfs when this machine lets us mount one, and RLIMIT_FSIZE in the
// child either way), a read-only data directory, a corrupt catalog and corrupt
// dataset files. Each fault must give a clear error (normal exit, non-zero
// code, a message naming the problem), never a crash, and lose nothing:
// datasets that were ready stay ready and readable, and the failed job can be
// retried to success once the fault is gone.
#include "crashinvariants.h"
#include "hubtestfixture.h"
#include "testsupport.h"

#include "catalog/catalog.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "jobs/storagepaths.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <functional>
#include <random>
#include <sys/mount.h>
#include <sys/resource.h>

using namespace studio::test;

namespace {

CliResult runWith(const QStringList &args, const std::function<void()> &childSetup = {})
{
    QProcess p;
    if (childSetup)
        p.setChildProcessModifier(childSetup);
    p.start(binPath(QStringLiteral("dataset-studio")), args);
    CliResult r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    if (!p.waitForFinished(300000)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitCode();
    r.exitStatus = p.exitStatus();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

bool mountTmpfs(const QString &dir, const QByteArray &options)
{
    QDir().mkpath(dir);
    return ::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", 0, options.constData()) == 0;
}

bool remount(const QString &dir, unsigned long flags, const QByteArray &options)
{
    return ::mount("tmpfs", QFile::encodeName(dir).constData(), "tmpfs", MS_REMOUNT | flags, options.constData()) == 0;
}

QJsonObject lastJson(const CliResult &r)
{
    return QJsonDocument::fromJson(r.lastLine()).object();
}

} // namespace

class FaultsTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_small, m_big;
    QHash<QString, qint64> m_expected;
    QStringList m_mounts;
    int m_faults = 0;

    // The fault's run must end in a clear error, not a crash.
    void expectCleanFailure(const CliResult &r, const QRegularExpression &message, const char *what)
    {
        ++m_faults;
        QVERIFY2(r.exitStatus == QProcess::NormalExit, qPrintable(QStringLiteral("%1: crashed: %2").arg(QLatin1String(what), QString::fromUtf8(r.err))));
        QVERIFY2(r.exitCode != 0, what);
        const QString err = QString::fromUtf8(r.err + r.out);
        QVERIFY2(message.match(err).hasMatch(),
                 qPrintable(QStringLiteral("%1: unclear error (want /%2/): %3").arg(QLatin1String(what), message.pattern(), err)));
        qInfo("%s: %s", what, qPrintable(QString::fromUtf8(r.err).trimmed().section(QLatin1Char('\n'), -1)));
    }

    void expectHealthy(const QString &dataDir, const char *when)
    {
        const CliResult list = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, qPrintable(QStringLiteral("%1: list failed: %2").arg(QLatin1String(when), QString::fromUtf8(list.err))));
        const QStringList bad = checkDataDirInvariants(dataDir, m_expected);
        QVERIFY2(bad.isEmpty(), qPrintable(QLatin1String(when) + QStringLiteral(":\n  ") + bad.join(QStringLiteral("\n  "))));
    }

    qint64 importOk(const QString &dataDir, const QString &file)
    {
        const CliResult r = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("import"), file, QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning("import failed: %s", r.err.constData());
        const QJsonObject o = lastJson(r);
        return o.value(QStringLiteral("status")).toString() == QLatin1String("ready") ? o.value(QStringLiteral("id")).toVariant().toLongLong() : -1;
    }

    std::optional<studio::catalog::DatasetRecord> dataset(const QString &dataDir, qint64 id)
    {
        return studio::catalog::Catalog::open(dataDir)->dataset(id);
    }

    // The one dataset of the failed import: not ready, with its error, and
    // retried to success once the fault is gone.
    void expectFailedThenRetried(const QString &dataDir, qint64 failedId)
    {
        auto d = dataset(dataDir, failedId);
        QVERIFY(d);
        QVERIFY2(d->status == QLatin1String("error") || d->status == QLatin1String("interrupted"), qPrintable(d->status));
        QVERIFY(!d->errorMessage.isEmpty());
        const CliResult retry = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("retry"), QString::number(failedId), QStringLiteral("--json")});
        QVERIFY2(retry.exitCode == 0, retry.err.constData());
        d = dataset(dataDir, failedId);
        QCOMPARE(d->status, QStringLiteral("ready"));
        QCOMPARE(d->numSamples, m_expected.value(m_big));
    }

    qint64 newestDatasetId(const QString &dataDir)
    {
        qint64 id = -1;
        for (const auto &d : studio::catalog::Catalog::open(dataDir)->datasets())
            id = std::max(id, d.id);
        return id;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        QByteArray small, big;
        for (int i = 0; i < 100; ++i)
            small += "{\"text\":\"small sample " + QByteArray::number(i) + "\",\"n\":" + QByteArray::number(i) + "}\n";
        for (int i = 0; i < 150000; ++i)
            big += "{\"text\":\"a bigger sample number " + QByteArray::number(i)
                   + " with enough words to fill a small disk quickly\",\"n\":" + QByteArray::number(i) + "}\n";
        m_small = m_tmp.filePath(QStringLiteral("small.jsonl"));
        m_big = m_tmp.filePath(QStringLiteral("big.jsonl"));
        QVERIFY(writeFile(m_small, small));
        QVERIFY(writeFile(m_big, big));
        m_expected = {{m_small, 100}, {m_big, 150000}};
    }

    void cleanupTestCase()
    {
        for (const QString &m : std::as_const(m_mounts))
            ::umount2(QFile::encodeName(m).constData(), MNT_DETACH);
        qInfo("faults injected: %d; data lost: none", m_faults);
    }

    void diskFullOnTmpfs()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("tmpfs-full"));
        if (!mountTmpfs(dir, "size=6m"))
            QSKIP("cannot mount a tmpfs here (needs root); diskFullByFileSizeLimit covers the disk-full path");
        m_mounts << dir;
        const QString dataDir = dir + QStringLiteral("/data");
        const qint64 kept = importOk(dataDir, m_small);
        QVERIFY(kept > 0);
        const CliResult r = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("import"), m_big, QStringLiteral("--json")});
        expectCleanFailure(r, QRegularExpression(QStringLiteral("space|disk is full|disk full"), QRegularExpression::CaseInsensitiveOption),
                           "disk full (6 MB tmpfs)");
        expectHealthy(dataDir, "after the disk filled up");
        QCOMPARE(dataset(dataDir, kept)->status, QStringLiteral("ready"));
        QVERIFY(remount(dir, 0, "size=256m"));
        expectFailedThenRetried(dataDir, newestDatasetId(dataDir));
        expectHealthy(dataDir, "after the retry on a bigger disk");
    }

    void diskFullWhileDownloading()
    {
        // The Hugging Face cache on a 200 KB tmpfs: the first train shard
        // (111 KB) fits, the second does not.
        HubTestbed bed;
        QVERIFY(bed.start());
        if (!mountTmpfs(bed.cacheDir(), "size=200k"))
            QSKIP("cannot mount a tmpfs here (needs root)");
        struct Unmount { // before bed's scratch folder is removed
            QString dir;
            ~Unmount() { ::umount2(QFile::encodeName(dir).constData(), MNT_DETACH); }
        } unmount{bed.cacheDir()};
        const qint64 kept = importOk(bed.dataDir(), m_small);
        QVERIFY(kept > 0);
        const QStringList download{QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train"), QStringLiteral("--json")};
        const CliResult r = bed.cli(download);
        expectCleanFailure(r, QRegularExpression(QStringLiteral("no space left|disk is full|disk full"), QRegularExpression::CaseInsensitiveOption),
                           "disk full while downloading (200 KB cache tmpfs)");
        expectHealthy(bed.dataDir(), "after the cache filled up");
        QCOMPARE(dataset(bed.dataDir(), kept)->status, QStringLiteral("ready"));
        const qint64 failed = newestDatasetId(bed.dataDir());
        auto d = dataset(bed.dataDir(), failed);
        QVERIFY2(d->status == QLatin1String("error") && !d->errorMessage.isEmpty(), qPrintable(d->status + QLatin1Char(' ') + d->errorMessage));
        const QString firstShard = trainShards().first();
        QCOMPARE(QFileInfo(bed.blobPath(firstShard)).size(), fileSize(firstShard)); // what fitted is kept

        // Room again: the retry finishes and fetches only what was missing.
        QVERIFY(remount(bed.cacheDir(), 0, "size=8m"));
        bed.hub.clearRequests();
        const CliResult retry = bed.cli({QStringLiteral("retry"), QString::number(failed), QStringLiteral("--json")});
        QVERIFY2(retry.exitCode == 0, retry.err.constData());
        d = dataset(bed.dataDir(), failed);
        QCOMPARE(d->status, QStringLiteral("ready"));
        qint64 rows = 0;
        for (const QString &shard : trainShards())
            rows += shardRows(shard);
        QCOMPARE(d->numSamples, rows);
        const QString firstSha = QFileInfo(bed.blobPath(firstShard)).fileName();
        for (const MockHub::Logged &l : bed.hub.requests())
            QVERIFY2(!(l.server == QLatin1String("cdn") && l.method == "GET" && l.path.endsWith(firstSha)),
                     "the retry fetched the shard that was already complete again");
        expectHealthy(bed.dataDir(), "after the retry with room in the cache");
    }

    void diskFullByFileSizeLimit()
    {
        // ulimit -f in the child: writes past 3 MB fail with EFBIG (SIGXFSZ ignored).
        const QString dataDir = m_tmp.filePath(QStringLiteral("fsize"));
        const qint64 kept = importOk(dataDir, m_small);
        QVERIFY(kept > 0);
        const CliResult r = runWith({QStringLiteral("--data-dir"), dataDir, QStringLiteral("import"), m_big, QStringLiteral("--json")}, [] {
            ::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{3 << 20, 3 << 20};
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        expectCleanFailure(r, QRegularExpression(QStringLiteral("size limit|too large|space|disk"), QRegularExpression::CaseInsensitiveOption),
                           "file size limit (ulimit -f 3 MB)");
        expectHealthy(dataDir, "after the file size limit");
        QCOMPARE(dataset(dataDir, kept)->status, QStringLiteral("ready"));
        expectFailedThenRetried(dataDir, newestDatasetId(dataDir));
        expectHealthy(dataDir, "after the retry without the limit");
    }

    void diskFullWhileTokenizing()
    {
        // A tokenization that runs out of space must fail cleanly, present no
        // half-written token files, and leave the dataset and the earlier
        // tokenization with the same options exactly as they were (a re-run
        // replaces the old one only once it has succeeded).
        const QString dataDir = m_tmp.filePath(QStringLiteral("fsize-tokenize"));
        const qint64 id = importOk(dataDir, m_big);
        QVERIFY(id > 0);
        const QStringList tokenize{QStringLiteral("--data-dir"), dataDir, QStringLiteral("tokenize"), QString::number(id),
                                   QStringLiteral("--max-length"), QStringLiteral("128"), QStringLiteral("--json")};
        const CliResult first = runCli(tokenize);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        const QJsonObject firstTok = lastJson(first);
        const QString firstDir = firstTok.value(QStringLiteral("output_path")).toString();
        const QByteArray firstBin = readFile(QDir(firstDir).filePath(QStringLiteral("tokens.bin")));
        QVERIFY(firstBin.size() > (1 << 20));

        const CliResult r = runWith(tokenize, [] {
            ::signal(SIGXFSZ, SIG_IGN);
            const rlimit limit{1 << 20, 1 << 20}; // tokens.bin needs more than 1 MB
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        expectCleanFailure(r, QRegularExpression(QStringLiteral("size limit|too large|space|disk"), QRegularExpression::CaseInsensitiveOption),
                           "file size limit while tokenizing (ulimit -f 1 MB)");
        expectHealthy(dataDir, "after the tokenization ran out of space");
        QCOMPARE(dataset(dataDir, id)->status, QStringLiteral("ready"));
        const auto tokenizations = studio::catalog::Catalog::open(dataDir)->tokenizations(id);
        QCOMPARE(tokenizations.size(), 2);
        QCOMPARE(tokenizations[0].status, QStringLiteral("ready"));
        QCOMPARE(tokenizations[1].status, QStringLiteral("error"));
        QVERIFY(!tokenizations[1].errorMessage.isEmpty());
        QCOMPARE(readFile(QDir(firstDir).filePath(QStringLiteral("tokens.bin"))), firstBin);

        // Once there is room, the same run succeeds and replaces both.
        const CliResult again = runCli(tokenize);
        QVERIFY2(again.exitCode == 0, again.err.constData());
        const auto after = studio::catalog::Catalog::open(dataDir)->tokenizations(id);
        QCOMPARE(after.size(), 1);
        QCOMPARE(after[0].status, QStringLiteral("ready"));
        QCOMPARE(readFile(QDir(after[0].outputPath).filePath(QStringLiteral("tokens.bin"))), firstBin);
        expectHealthy(dataDir, "after tokenizing again with room");
    }

    void readOnlyDataDirectory()
    {
        const QString dir = m_tmp.filePath(QStringLiteral("tmpfs-ro"));
        if (!mountTmpfs(dir, "size=64m")) {
            // No mount: a data directory that cannot be created at all.
            const CliResult r = runCli({QStringLiteral("--data-dir"), QStringLiteral("/proc/self/studio-data"),
                                        QStringLiteral("import"), m_small});
            expectCleanFailure(r, QRegularExpression(QStringLiteral("studio-data")), "data directory on /proc");
            return;
        }
        m_mounts << dir;
        const QString dataDir = dir + QStringLiteral("/data");
        const qint64 kept = importOk(dataDir, m_small);
        QVERIFY(kept > 0);
        QVERIFY(remount(dir, MS_RDONLY, ""));
        const CliResult r = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("import"), m_small, QStringLiteral("--json")});
        expectCleanFailure(r, QRegularExpression(QStringLiteral("not writable|read-only|readonly"), QRegularExpression::CaseInsensitiveOption),
                           "read-only data directory (import)");
        const CliResult list = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitStatus == QProcess::NormalExit, list.err.constData());
        qInfo("read-only data directory: list exits %d %s", list.exitCode,
              list.exitCode ? qPrintable(QString::fromUtf8(list.err).trimmed()) : "and lists the datasets");
        QVERIFY(remount(dir, 0, ""));
        expectHealthy(dataDir, "after the data directory became writable again");
        QCOMPARE(dataset(dataDir, kept)->status, QStringLiteral("ready"));
    }

    void corruptCatalog()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("corrupt-catalog"));
        const qint64 kept = importOk(dataDir, m_small);
        QVERIFY(kept > 0);
        const QString path = QDir(dataDir).filePath(QStringLiteral("catalog.sqlite3"));
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")) || QFileInfo(path + QStringLiteral("-wal")).size() == 0);
        const QByteArray good = readFile(path);
        QVERIFY(good.size() > 4096);
        std::mt19937 rng(7);
        QByteArray garbage(good.size(), '\0');
        for (auto &c : garbage)
            c = char(rng());
        QByteArray flipped = good;
        for (int i = 0; i < 64; ++i)
            flipped[int(rng() % quint32(good.size() - 100)) + 100] = char(rng());
        const QList<std::pair<const char *, QByteArray>> variants = {
            {"catalog overwritten with random bytes", garbage},
            {"catalog truncated to half", good.left(good.size() / 2)},
            {"catalog truncated inside its header", good.left(50)},
            {"catalog with 64 random bytes changed", flipped},
        };
        for (const auto &[what, bytes] : variants) {
            QVERIFY(writeFile(path, bytes));
            const CliResult r = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("list"), QStringLiteral("--json")});
            if (r.exitCode == 0 && r.exitStatus == QProcess::NormalExit) {
                ++m_faults; // damage SQLite did not notice (e.g. in unused pages): fine if nothing else broke
                qInfo("%s: list still works", what);
            } else {
                expectCleanFailure(r, QRegularExpression(QStringLiteral("catalog")), what);
            }
            // Never silently replaced: the user's (damaged) catalog stays for recovery.
            QCOMPARE(readFile(path), bytes);
            QVERIFY(writeFile(path, good));
            expectHealthy(dataDir, what);
            QCOMPARE(dataset(dataDir, kept)->status, QStringLiteral("ready"));
        }
    }

    void corruptDatasetFiles()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("corrupt-rows"));
        const qint64 id = importOk(dataDir, m_small);
        QVERIFY(id > 0);
        const QString rowsDir = studio::jobs::datasetRowsFolder(dataDir, id);
        QStringList files;
        for (QDirIterator it(rowsDir, QDir::Files); it.hasNext();)
            files << it.next();
        QVERIFY(files.size() >= 4);
        std::mt19937 rng(11);
        int errors = 0, readable = 0;
        auto readEverything = [&](const QString &what) {
            ++m_faults;
            try {
                const auto rows = studio::formats::DatasetRows::open(rowsDir);
                (void)rows->rows(0, rows->rowCount());
                for (int c = 0; c < rows->schema().size(); ++c)
                    rows->scan(c, 0, rows->rowCount(), [](qint64, studio::formats::ValueType, std::string_view) { return true; });
                ++readable;
            } catch (const studio::formats::FormatError &e) {
                ++errors;
                QVERIFY2(std::strlen(e.what()) > 0, qPrintable(what));
            } catch (const std::exception &e) {
                QFAIL(qPrintable(what + QStringLiteral(": not a FormatError: ") + QString::fromUtf8(e.what())));
            }
            const CliResult show = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("show"), QString::number(id), QStringLiteral("--json")});
            QVERIFY2(show.exitStatus == QProcess::NormalExit, qPrintable(what + QStringLiteral(": show crashed")));
        };
        for (const QString &file : std::as_const(files)) {
            const QByteArray good = readFile(file);
            const QString name = QFileInfo(file).fileName();
            QVERIFY(QFile::remove(file));
            readEverything(name + QStringLiteral(" deleted"));
            for (qsizetype len : {qsizetype(0), good.size() / 2, good.size() - 1}) {
                QVERIFY(writeFile(file, good.left(len)));
                readEverything(name + QStringLiteral(" truncated to ") + QString::number(len));
            }
            QVERIFY(writeFile(file, good + QByteArray(17, 'x')));
            readEverything(name + QStringLiteral(" with bytes appended"));
            for (int i = 0; i < 12 && !good.isEmpty(); ++i) {
                QByteArray bad = good;
                for (int k = 0; k < 4; ++k)
                    bad[int(rng() % quint32(bad.size()))] = char(rng());
                QVERIFY(writeFile(file, bad));
                readEverything(name + QStringLiteral(" with random bytes changed"));
            }
            QVERIFY(writeFile(file, good));
        }
        qInfo("corrupt dataset files: %d readings ended in a clear FormatError, %d read (damage in values only)", errors, readable);
        expectHealthy(dataDir, "after restoring the dataset files");
    }
};

QTEST_GUILESS_MAIN(FaultsTest)
#include "tst_faults.moc"
