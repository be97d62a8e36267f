// Crash harness for downloads: `dataset-studio download` of the TinyStories
// fixture's whole train split from the mock Hub over a slow link (a throttled
// CDN), killed with SIGKILL at seeded random points and restarted with
// `retry`. After every kill: the data directory's invariants
// (crashinvariants.h), and the restarted download resumes: a shard that has a
// partial blob (blobs/<sha256>.incomplete of S bytes) is asked for from byte
// S on, never again from 0. A download that finishes is checked (every row of
// the split), then deleted with the cache so the next trial downloads again.
// STUDIO_CRASH_TRIALS / STUDIO_CRASH_SEED override the kill points (default
// 25) and the seed (printed, for replaying).
#include "crashinvariants.h"
#include "hubtestfixture.h"

#include "catalog/catalog.h"
#include "catalog/records.h"

#include <QDirIterator>
#include <QtTest>

#include <random>

using namespace studio::test;

namespace {

constexpr qint64 kBytesPerSecond = 200 * 1000;

} // namespace

class CrashDownloadTest : public QObject
{
    Q_OBJECT

private:
    HubTestbed m_bed;
    qint64 m_splitRows = 0;
    qint64 m_splitBytes = 0;

    std::optional<studio::catalog::DatasetRecord> onlyDataset()
    {
        const auto all = studio::catalog::Catalog::open(m_bed.dataDir())->datasets();
        if (all.isEmpty())
            return std::nullopt;
        return all.first();
    }

    // sha256 → bytes already in blobs/<sha256>.incomplete.
    QHash<QString, qint64> partialBlobs() const
    {
        QHash<QString, qint64> out;
        QDirIterator it(m_bed.cacheDir(), {QStringLiteral("*.incomplete")}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QFileInfo f(it.next());
            out.insert(f.completeBaseName(), f.size());
        }
        return out;
    }

    void expectInvariants(const QString &when)
    {
        const CliResult list = m_bed.cli({QStringLiteral("list"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0 && list.exitStatus == QProcess::NormalExit,
                 qPrintable(when + QStringLiteral(": restart failed: ") + QString::fromUtf8(list.err)));
        const QStringList bad = checkDataDirInvariants(m_bed.dataDir(), {});
        QVERIFY2(bad.isEmpty(), qPrintable(when + QStringLiteral(":\n  ") + bad.join(QStringLiteral("\n  "))));
        const auto d = onlyDataset();
        if (d && d->status == studio::catalog::status::Ready)
            QVERIFY2(d->numSamples == m_splitRows, qPrintable(when + QStringLiteral(": ready with %1 rows, the split has %2")
                                                                        .arg(d->numSamples).arg(m_splitRows)));
    }

    // Every CDN request for a shard that had a partial blob must continue it.
    QString resumeProblem(const QHash<QString, qint64> &partials, int *resumed)
    {
        for (const MockHub::Logged &l : m_bed.hub.requests()) {
            if (l.server != QLatin1String("cdn") || l.method != "GET")
                continue;
            const QString sha = l.path.section(QLatin1Char('/'), -1);
            const qint64 have = partials.value(sha, 0);
            if (have <= 0)
                continue;
            const QByteArray expected = "bytes=" + QByteArray::number(have) + '-';
            if (l.range.isEmpty())
                return QStringLiteral("shard %1 had %2 bytes but was fetched again from byte 0").arg(sha.left(12)).arg(have);
            if (l.range.endsWith('-') && l.range != expected)
                return QStringLiteral("shard %1 had %2 bytes but was asked for with Range %3").arg(sha.left(12)).arg(have).arg(QString::fromLatin1(l.range));
            if (l.range == expected)
                ++*resumed;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_bed.start());
        m_bed.hub.setCdnBytesPerSecond(kBytesPerSecond);
        for (const QString &s : trainShards()) {
            m_splitRows += shardRows(s);
            m_splitBytes += fileSize(s);
        }
        qInfo("train split: %lld rows in %lld bytes; CDN throttled to %lld bytes/s (about %lld ms a download)", m_splitRows,
              m_splitBytes, kBytesPerSecond, m_splitBytes * 1000 / kBytesPerSecond);
    }

    void killDownloadsAtRandomPoints()
    {
        const qint64 trials = positiveEnvNumber("STUDIO_CRASH_TRIALS", 25);
        const quint64 seed = quint64(positiveEnvNumber("STUDIO_CRASH_SEED", 20261201));
        qInfo("seed %llu, %lld kill points (STUDIO_CRASH_SEED / STUDIO_CRASH_TRIALS to replay)", seed, trials);
        std::mt19937_64 rng(seed);
        // The whole transfer plus process start and conversion, a little past it.
        const qint64 window = m_splitBytes * 1000 / kBytesPerSecond * 13 / 10 + 600;

        qint64 kills = 0, finished = 0, attempts = 0;
        int resumed = 0;
        qint64 bytesKept = 0;
        QHash<QString, int> killedIn; // the dataset's status just before the restart
        while (kills < trials && attempts < trials * 3) {
            ++attempts;
            const auto d = onlyDataset();
            QStringList args;
            if (d)
                args = {QStringLiteral("retry"), QString::number(d->id), QStringLiteral("--json")};
            else
                args = {QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train"), QStringLiteral("--json")};
            const QHash<QString, qint64> partials = partialBlobs();
            for (const qint64 bytes : partials)
                bytesKept += bytes;
            m_bed.hub.clearRequests();
            const qint64 delay = std::uniform_int_distribution<qint64>(0, window)(rng);
            const QString when = QStringLiteral("attempt %1 (seed %2): %3 killed after %4 ms")
                                     .arg(attempts).arg(seed).arg(args.join(QLatin1Char(' '))).arg(delay);
            QProcess p;
            p.setProcessEnvironment(environmentWith(m_bed.env()));
            p.start(binPath(QStringLiteral("dataset-studio")), args << QStringLiteral("--data-dir") << m_bed.dataDir());
            QVERIFY(p.waitForStarted());
            p.closeWriteChannel();
            if (!p.waitForFinished(int(delay))) {
                p.kill(); // SIGKILL
                QVERIFY(p.waitForFinished(30000));
                ++kills;
                const auto now = onlyDataset();
                ++killedIn[now ? now->status : QStringLiteral("(not created yet)")];
            } else {
                QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                         qPrintable(when + QStringLiteral(" finished first but failed: ") + QString::fromUtf8(p.readAllStandardError())));
            }
            const QString problem = resumeProblem(partials, &resumed);
            QVERIFY2(problem.isEmpty(), qPrintable(when + QStringLiteral(": ") + problem));
            expectInvariants(when);
            if (QTest::currentTestFailed())
                return;
            const auto after = onlyDataset();
            if (after && after->status == studio::catalog::status::Ready) {
                ++finished; // start over: no dataset, nothing cached
                QCOMPARE(m_bed.cli({QStringLiteral("delete"), QString::number(after->id)}).exitCode, 0);
                QVERIFY(QDir(m_bed.cacheDir()).removeRecursively());
            }
        }
        QCOMPARE(kills, trials);
        QStringList where;
        for (auto it = killedIn.cbegin(); it != killedIn.cend(); ++it)
            where << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
        where.sort();
        qInfo("kill points: %lld (dataset was: %s); downloads that finished first: %lld; partial shards resumed with "
              "Range: %d (partial bytes carried into restarts: %lld)",
              kills, qPrintable(where.join(QStringLiteral(", "))), finished, resumed, bytesKept);
        QVERIFY2(resumed > 0, "no kill left a partial shard to resume: the kill window misses the transfer");
    }

    void theInterruptedDownloadRetriesToSuccess()
    {
        m_bed.hub.setCdnBytesPerSecond(0);
        auto d = onlyDataset();
        if (!d) {
            const CliResult r = m_bed.cli({QStringLiteral("download"), kTinyStories, QStringLiteral("--split"), QStringLiteral("train")});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        } else if (d->status != studio::catalog::status::Ready) {
            const CliResult r = m_bed.cli({QStringLiteral("retry"), QString::number(d->id), QStringLiteral("--json")});
            QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("retry %1 (%2): %3").arg(d->id).arg(d->status, QString::fromUtf8(r.err))));
        }
        d = onlyDataset();
        QVERIFY(d);
        QCOMPARE(d->status, studio::catalog::status::Ready);
        QCOMPARE(d->numSamples, m_splitRows);
        QVERIFY(partialBlobs().isEmpty());
        for (const QString &s : trainShards()) // every blob complete and verified: the fixture's bytes
            QCOMPARE(QFileInfo(m_bed.blobPath(s)).size(), fileSize(s));
        expectInvariants(QStringLiteral("after the final retry"));
        qInfo("the interrupted download retried to success: %lld rows; data lost: none", d->numSamples);
    }
};

QTEST_GUILESS_MAIN(CrashDownloadTest)
#include "tst_crashdownload.moc"
