// The download job in process: milestones and byte progress on
// datasets/{id}/progress, cancel keeping the partial file, retry resuming it,
// validation before anything is created, and the rows readable afterwards.
#include "catalog/catalog.h"
#include "formats/datasetrows.h"
#include "hubtestfixture.h"
#include "jobs/datasetservice.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "jobs/jobwork.h"
#include "progress/channels.h"
#include "progress/progressevent.h"
#include "progress/progresshub.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

using namespace studio;
using namespace studio::catalog;
using namespace studio::jobs;
using studio::test::HubTestbed;

namespace {

struct Harness {
    HubTestbed bed;
    std::unique_ptr<Catalog> catalog;
    progress::ProgressHub hub;
    std::unique_ptr<JobManager> jobs;
    std::unique_ptr<DatasetService> service;
    bool start()
    {
        if (!bed.start())
            return false;
        qputenv("HF_ENDPOINT", bed.hub.endpoint().toUtf8());
        qputenv("HF_HUB_CACHE", bed.cacheDir().toUtf8());
        qputenv("HF_HOME", bed.scratch.filePath(QStringLiteral("hf")).toUtf8());
        qputenv("HF_HUB_DOWNLOAD_TIMEOUT", "5");
        qunsetenv("HF_HUB_OFFLINE");
        qunsetenv("HF_TOKEN");
        catalog = Catalog::open(bed.dataDir());
        jobs = std::make_unique<JobManager>(*catalog, hub);
        service = std::make_unique<DatasetService>(*catalog, hub, *jobs);
        registerJobKinds(*jobs);
        return true;
    }
    QList<progress::ProgressEvent> events(const QSignalSpy &spy, qint64 dataset) const
    {
        QList<progress::ProgressEvent> out;
        for (const auto &args : spy) {
            const auto ev = args.at(0).value<progress::ProgressEvent>();
            if (ev.channel == progress::datasetProgressChannel(QString::number(dataset)) && ev.data.value(QStringLiteral("job")).toString() == QLatin1String("download"))
                out << ev;
        }
        return out;
    }
};

} // namespace

class TestHubJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void milestonesAndByteProgress()
    {
        Harness h;
        QVERIFY(h.start());
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        const auto s = h.service->startDownload(test::kTinyStories, {}, QStringLiteral("train[1250:1350]"));
        QVERIFY(h.jobs->waitForIdle(60000));
        h.hub.flushPending();
        const auto d = h.catalog->dataset(s.datasetId);
        QVERIFY2(d->status == status::Ready, qPrintable(d->errorMessage));
        QCOMPARE(d->numSamples, qint64(100));
        QCOMPARE(d->source, QStringLiteral("hub"));
        QCOMPARE(d->config, QStringLiteral("default"));
        const qint64 bytes = test::fileSize(test::trainShards().at(0)) + test::fileSize(test::trainShards().at(1));
        QCOMPARE(d->sizeBytes, bytes);
        QCOMPARE(d->schema.first().toObject().value(QStringLiteral("name")).toString(), QStringLiteral("text"));

        const auto evs = h.events(spy, s.datasetId);
        QStringList messages;
        double percent = -1;
        qint64 done = -1;
        for (const auto &ev : evs) {
            messages << ev.data.value(QStringLiteral("message")).toString();
            if (ev.event == QLatin1String("progress")) {
                const double p = ev.data.value(QStringLiteral("progress")).toDouble();
                QVERIFY2(p >= percent, qPrintable(QStringLiteral("progress went back: %1 -> %2").arg(percent).arg(p)));
                percent = p;
                if (ev.data.contains(QStringLiteral("done"))) {
                    const qint64 n = ev.data.value(QStringLiteral("done")).toInteger();
                    QVERIFY(n >= done);
                    done = n;
                    QCOMPARE(ev.data.value(QStringLiteral("total")).toInteger(), bytes);
                    QCOMPARE(ev.data.value(QStringLiteral("unit")).toString(), QStringLiteral("bytes"));
                }
            }
        }
        QVERIFY(done <= bytes);
        QCOMPARE(evs.last().event, QStringLiteral("completed"));
        QCOMPARE(messages.last(), QStringLiteral("Dataset downloaded successfully"));
        // Milestones in order (the hub coalesces fast progress events: the latest wins).
        const QStringList order{QStringLiteral("Starting download..."), QStringLiteral("Downloading from HuggingFace Hub..."),
                                QStringLiteral("Download complete, processing metadata..."), QStringLiteral("Dataset downloaded successfully")};
        qsizetype at = 0;
        for (const QString &m : messages) {
            qsizetype i = at;
            while (i < order.size() && !m.startsWith(order[i]))
                ++i;
            QVERIFY2(i < order.size(), qPrintable(QStringLiteral("out of order: ") + m));
            at = i;
        }

        // The rows: a parquet-backed dataset over the cached shards, rows 1,250..1,349.
        const auto rows = formats::DatasetRows::open(d->storagePath);
        QCOMPARE(rows->rowCount(), qint64(100));
        QVERIFY(rows->rows(0, 1).first().value(QStringLiteral("text")).toString().startsWith(QStringLiteral("1250: ")));
        QVERIFY(rows->rows(99, 1).first().value(QStringLiteral("text")).toString().startsWith(QStringLiteral("1349: ")));
        QVERIFY(rows->rows(50, 1).first().value(QStringLiteral("text")).toString().startsWith(QStringLiteral("1300: "))); // shard 1, row 0
    }

    void validationCreatesNothing()
    {
        Harness h;
        QVERIFY(h.start());
        for (const auto &[repo, split, message] : {std::tuple{test::kTinyStories, QStringLiteral("train[:1.5%]"), QStringLiteral("Unrecognized instruction format: train[:1.5%]")},
                                                   std::tuple{QStringLiteral("bad//id"), QStringLiteral("train"), QStringLiteral("'bad//id' is not a valid repository id")}}) {
            try {
                h.service->startDownload(repo, {}, split);
                QFAIL("no error");
            } catch (const JobFailure &e) {
                QVERIFY2(e.message().startsWith(message), qPrintable(e.message()));
            }
        }
        QCOMPARE(h.catalog->datasets().size(), 0);
        QVERIFY(h.bed.hub.requests().isEmpty());
    }

    void cancelKeepsPartialAndRetryResumes()
    {
        Harness h;
        QVERIFY(h.start());
        const QString shard = test::trainShards().first();
        test::MockHub::Fault stall;
        stall.kind = test::MockHub::Fault::Stall;
        stall.pathContains = QString::fromLatin1(QCryptographicHash::hash(test::readFile(QDir(test::tinyStoriesFolder()).filePath(shard)), QCryptographicHash::Sha256).toHex());
        stall.server = QStringLiteral("cdn");
        stall.withoutRangeOnly = true;
        stall.afterBytes = 20000;
        h.bed.hub.addFault(stall);
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        const auto s = h.service->startDownload(test::kTinyStories, {}, QStringLiteral("train[:5]"));
        // Cancel once the first 20,000 bytes arrived (the server then stalls).
        const QString part = h.bed.blobPath(shard) + QStringLiteral(".incomplete");
        QTRY_VERIFY_WITH_TIMEOUT(QFile(part).size() == 20000, 30000);
        h.jobs->cancel(s.jobId);
        QVERIFY(h.jobs->waitForIdle(30000));
        QCOMPARE(h.catalog->dataset(s.datasetId)->status, status::Cancelled);
        QCOMPARE(QFile(part).size(), qint64(20000)); // kept for a resume

        h.bed.hub.clearRequests();
        h.service->retryDataset(s.datasetId);
        QVERIFY(h.jobs->waitForIdle(60000));
        const auto d = h.catalog->dataset(s.datasetId);
        QVERIFY2(d->status == status::Ready, qPrintable(d->errorMessage));
        QCOMPARE(d->numSamples, qint64(5));
        bool resumed = false;
        for (const auto &l : h.bed.hub.requests())
            resumed = resumed || (l.server == QLatin1String("cdn") && l.range == "bytes=20000-");
        QVERIFY(resumed);
        QVERIFY(!QFileInfo::exists(part));
    }
};

QTEST_GUILESS_MAIN(TestHubJob)
#include "tst_hubjob.moc"
