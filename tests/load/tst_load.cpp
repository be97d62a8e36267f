// Bounded load: a catalog of 10,000 datasets (the figures of list/show are
// printed, not asserted), 40 imports running at once in one job manager, and
// rounds of import + delete after which resident memory and open file
// handles must not keep growing (generous margins: this looks for leaks).
#include "crashinvariants.h"
#include "testsupport.h"

#include "catalog/catalog.h"
#include "catalog/records.h"
#include "jobs/datasetservice.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "progress/progresshub.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace studio;
using namespace studio::test;

namespace {

qint64 residentKiB()
{
    const QList<QByteArray> lines = readFile(QStringLiteral("/proc/self/status")).split('\n');
    for (const QByteArray &l : lines)
        if (l.startsWith("VmRSS:"))
            return l.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

qint64 openFiles()
{
    return QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::System).size();
}

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr qint64 kRssMarginKiB = 768 * 1024; // sanitizer quarantines and shadow memory
#else
constexpr qint64 kRssMarginKiB = 96 * 1024;
#endif

} // namespace

class LoadTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QString writeInput(int index, int rows)
    {
        QByteArray bytes;
        for (int i = 0; i < rows; ++i)
            bytes += "{\"text\":\"file " + QByteArray::number(index) + " row " + QByteArray::number(i) + "\"}\n";
        const QString path = m_tmp.filePath(QStringLiteral("in-%1.jsonl").arg(index));
        writeFile(path, bytes);
        return path;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_tmp.isValid()); }

    void tenThousandDatasets()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("many"));
        const int count = 10000;
        {
            auto cat = catalog::Catalog::open(dataDir);
            QElapsedTimer t;
            t.start();
            cat->transaction([&](catalog::Catalog &c) {
                for (int i = 0; i < count; ++i) {
                    catalog::DatasetRecord d;
                    d.name = QStringLiteral("dataset-%1").arg(i);
                    d.source = QStringLiteral("local");
                    d.sourcePath = QStringLiteral("/nowhere/%1.jsonl").arg(i);
                    d.format = QStringLiteral("jsonl");
                    d.status = i % 10 ? catalog::status::Error : catalog::status::Cancelled;
                    d.errorMessage = QStringLiteral("synthetic");
                    c.insertDataset(d);
                }
            });
            qInfo("inserted %d datasets in one transaction: %lld ms", count, t.elapsed());
            t.restart();
            QCOMPARE(cat->datasets().size(), count);
            qInfo("Catalog::datasets() over %d rows: %lld ms", count, t.elapsed());
        }
        QElapsedTimer t;
        t.start();
        const CliResult list = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("list"), QStringLiteral("--json")});
        const qint64 listMs = t.elapsed();
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QCOMPARE(QJsonDocument::fromJson(list.lastLine()).object().value(QStringLiteral("datasets")).toArray().size(), count);
        t.restart();
        const CliResult show = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("show"), QStringLiteral("5000"), QStringLiteral("--json")});
        const qint64 showMs = t.elapsed();
        QVERIFY2(show.exitCode == 0, show.err.constData());
        QVERIFY(show.out.contains("dataset-4999"));
        t.restart();
        const CliResult plain = runCli({QStringLiteral("--data-dir"), dataDir, QStringLiteral("list")});
        const qint64 plainMs = t.elapsed();
        QVERIFY(plain.exitCode == 0);
        qInfo("with %d datasets: `list --json` %lld ms (%lld KiB out), `list` %lld ms, `show 5000 --json` %lld ms "
              "(whole process runs)", count, listMs, qint64(list.out.size() / 1024), plainMs, showMs);
        QVERIFY(checkDataDirInvariants(dataDir, {}).isEmpty());
    }

    void manyConcurrentJobs()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("concurrent"));
        auto cat = catalog::Catalog::open(dataDir);
        progress::ProgressHub hub;
        jobs::JobManager manager(*cat, hub);
        jobs::registerJobKinds(manager);
        manager.setMaxConcurrency(8);
        jobs::DatasetService service(*cat, hub, manager);
        const int count = 40;
        QHash<QString, qint64> expected;
        QList<qint64> ids;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < count; ++i) {
            const int rows = 500 + 137 * i;
            const QString path = writeInput(i, rows);
            expected.insert(path, rows);
            ids << service.importLocal(path).datasetId;
        }
        QVERIFY(manager.waitForIdle(300000));
        qInfo("%d imports at once (8 running at a time): %lld ms", count, t.elapsed());
        for (qint64 id : std::as_const(ids)) {
            const auto d = cat->dataset(id);
            QVERIFY(d);
            QCOMPARE(d->status, catalog::status::Ready);
            QCOMPARE(d->numSamples, expected.value(d->sourcePath));
        }
        const QStringList bad = checkDataDirInvariants(dataDir, expected);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }

    void memoryAndFileHandlesStayFlat()
    {
        const QString dataDir = m_tmp.filePath(QStringLiteral("soak"));
        auto cat = catalog::Catalog::open(dataDir);
        progress::ProgressHub hub;
        jobs::JobManager manager(*cat, hub);
        jobs::registerJobKinds(manager);
        jobs::DatasetService service(*cat, hub, manager);
        QList<QString> inputs;
        for (int i = 0; i < 10; ++i)
            inputs << writeInput(100 + i, 2000 + 300 * i);

        auto round = [&] {
            QList<qint64> ids;
            for (const QString &in : std::as_const(inputs))
                ids << service.importLocal(in).datasetId;
            QVERIFY(manager.waitForIdle(120000));
            for (qint64 id : std::as_const(ids)) {
                QCOMPARE(cat->dataset(id)->status, catalog::status::Ready);
                service.deleteDataset(id);
            }
            QCoreApplication::processEvents();
        };
        const int rounds = 8;
        round(); // warm-up: thread pool, caches, SQLite page cache
        round();
        const qint64 rss0 = residentKiB(), fds0 = openFiles();
        for (int r = 2; r < rounds; ++r)
            round();
        const qint64 rss1 = residentKiB(), fds1 = openFiles();
        qInfo("%d rounds of %lld imports + deletes: VmRSS %lld -> %lld KiB, open files %lld -> %lld",
              rounds, qint64(inputs.size()), rss0, rss1, fds0, fds1);
        QVERIFY2(fds1 - fds0 <= 4, "file handles leak across jobs");
        QVERIFY2(rss1 - rss0 <= kRssMarginKiB, "resident memory keeps growing across jobs");
        QVERIFY(cat->datasets().isEmpty());
        QVERIFY(checkDataDirInvariants(dataDir, {}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(LoadTest)
#include "tst_load.moc"
