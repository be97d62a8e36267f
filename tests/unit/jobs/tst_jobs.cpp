#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobcontext.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "jobs/jobwork.h"
#include "jobs/storagepaths.h"
#include "progress/channels.h"
#include "progress/progresshub.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <csignal>
#include <sys/stat.h>

using namespace studio;
using namespace studio::catalog;
using namespace studio::jobs;

namespace {

// A job that reports progress until released or cancelled; it writes a
// partial folder so cleanup can be checked.
std::atomic<int> g_release{0};

class GateJob final : public JobWork
{
public:
    explicit GateJob(QString partial)
        : m_partial(std::move(partial))
    {}
    QString runningStatus() const override { return status::Processing; }
    JobOutcome run(JobContext &ctx) override
    {
        QDir().mkpath(m_partial);
        for (int i = 0; g_release.load() == 0; ++i) {
            ctx.throwIfCancelled();
            ctx.report(std::min(90.0, i * 0.5), QStringLiteral("waiting"), i, 1000, QStringLiteral("samples"));
            QThread::msleep(5);
        }
        if (g_release.load() == 2)
            throw JobFailure(QStringLiteral("gate failed on purpose"));
        JobOutcome o;
        o.message = QStringLiteral("released");
        o.datasetFields = {{QStringLiteral("num_samples"), 7}};
        return o;
    }
    void discardPartialOutput() override { QDir(m_partial).removeRecursively(); }

private:
    QString m_partial;
};

struct Harness {
    QTemporaryDir dir;
    std::unique_ptr<Catalog> catalog = Catalog::open(dir.path());
    progress::ProgressHub hub;
    JobManager jobs{*catalog, hub};
    DatasetService service{*catalog, hub, jobs};
    Harness()
    {
        registerJobKinds(jobs);
        jobs.registerKind(QStringLiteral("gate"), [this](const JobRecord &j) {
            return std::make_unique<GateJob>(partialFolder(datasetRowsFolder(dir.path(), j.datasetId), j.id));
        });
    }
    qint64 newDataset()
    {
        DatasetRecord d;
        d.name = QStringLiteral("gate");
        d.source = QStringLiteral("local");
        return catalog->insertDataset(d);
    }
};

QList<progress::ProgressEvent> channelEvents(const QSignalSpy &spy, const QString &channel)
{
    QList<progress::ProgressEvent> out;
    for (const auto &args : spy) {
        const auto e = args.at(0).value<progress::ProgressEvent>();
        if (e.channel == channel)
            out.append(e);
    }
    return out;
}

QByteArray jsonl(int rows)
{
    QByteArray out;
    for (int i = 0; i < rows; ++i)
        out += "{\"text\":\"sample number " + QByteArray::number(i) + "\"}\n";
    return out;
}

} // namespace

class TestJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init() { g_release = 0; }

    void importReportsProgressAndExactlyOneCompletion()
    {
        Harness h;
        const QString file = h.dir.filePath(QStringLiteral("in.jsonl"));
        QVERIFY(test::writeFile(file, jsonl(5000)));
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        const auto started = h.service.importLocal(file);
        QVERIFY(h.jobs.waitForIdle(30000));
        h.hub.flushPending();
        const auto d = h.catalog->dataset(started.datasetId);
        QCOMPARE(d->status, status::Ready);
        QCOMPARE(d->numSamples, 5000);
        QCOMPARE(d->progress, 100.0);
        QCOMPARE(d->format, QStringLiteral("jsonl"));
        QCOMPARE(h.catalog->job(started.jobId)->state, jobstate::Completed);
        const auto evs = channelEvents(spy, progress::datasetProgressChannel(QString::number(started.datasetId)));
        QVERIFY(evs.size() >= 2);
        QCOMPARE(evs.first().data.value(QStringLiteral("message")).toString(), QStringLiteral("Starting import..."));
        int completed = 0;
        double last = -1;
        for (const auto &e : evs) {
            QCOMPARE(e.data.value(QStringLiteral("job")).toString(), QStringLiteral("import"));
            QCOMPARE(e.data.value(QStringLiteral("dataset_id")).toString(), QString::number(started.datasetId));
            const double p = e.data.value(QStringLiteral("progress")).toDouble();
            QVERIFY(p >= last);
            last = p;
            completed += e.event == progress::events::Completed ? 1 : 0;
        }
        QCOMPARE(completed, 1);
        QCOMPARE(evs.last().event, progress::events::Completed);
        QCOMPARE(evs.last().data.value(QStringLiteral("num_samples")).toInt(), 5000);
        QCOMPARE(evs.last().data.value(QStringLiteral("status")).toString(), status::Ready);
        // The datasets channel saw the dataset created and updated.
        const auto catalogEvents = channelEvents(spy, progress::datasetsChannel());
        QVERIFY(!catalogEvents.isEmpty());
        QCOMPARE(catalogEvents.first().event, progress::events::Created);
        QCOMPARE(catalogEvents.last().data.value(QStringLiteral("status")).toString(), status::Ready);
        // The rows are stored, and no partial folder is left.
        const QDir folder(datasetFolder(h.dir.path(), started.datasetId));
        QCOMPARE(folder.entryList(QDir::Dirs | QDir::NoDotAndDotDot), QStringList{QStringLiteral("rows")});
    }

    void manyJobsRunAtOnce()
    {
        Harness h;
        h.jobs.setMaxConcurrency(4);
        QList<qint64> datasets;
        for (int i = 0; i < 4; ++i)
            datasets << h.newDataset();
        QList<qint64> jobIds;
        for (qint64 d : datasets)
            jobIds << h.jobs.submit(QStringLiteral("gate"), d, 0, {});
        // All four are running at the same time.
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                int running = 0;
                for (qint64 j : jobIds)
                    running += h.catalog->job(j)->state == jobstate::Running ? 1 : 0;
                return running;
            }(),
            4, 10000);
        g_release = 1;
        QVERIFY(h.jobs.waitForIdle(10000));
        for (qint64 d : datasets) {
            QCOMPARE(h.catalog->dataset(d)->status, status::Ready);
            QCOMPARE(h.catalog->dataset(d)->numSamples, 7);
        }
    }

    void cancelStopsPromptlyAndRemovesPartialOutput()
    {
        Harness h;
        const qint64 d = h.newDataset();
        const qint64 other = h.newDataset();
        const qint64 job = h.jobs.submit(QStringLiteral("gate"), d, 0, {});
        const qint64 otherJob = h.jobs.submit(QStringLiteral("gate"), other, 0, {});
        const QString partial = partialFolder(datasetRowsFolder(h.dir.path(), d), job);
        const QString otherPartial = partialFolder(datasetRowsFolder(h.dir.path(), other), otherJob);
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(partial) && QFileInfo::exists(otherPartial), 10000);
        QSignalSpy finished(&h.jobs, &JobManager::jobFinished);
        QCOMPARE(h.jobs.cancel(job), JobManager::CancelResult::Cancelled);
        QTRY_VERIFY_WITH_TIMEOUT(!h.jobs.isRunningHere(job), 5000);
        QCOMPARE(h.catalog->job(job)->state, jobstate::Cancelled);
        QCOMPARE(h.catalog->dataset(d)->status, status::Cancelled);
        QVERIFY(!QFileInfo::exists(partial));
        // The other job is untouched: still running, its files still there.
        QVERIFY(h.jobs.isRunningHere(otherJob));
        QVERIFY(QFileInfo::exists(otherPartial));
        g_release = 1;
        QVERIFY(h.jobs.waitForIdle(10000));
        QCOMPARE(h.catalog->dataset(other)->status, status::Ready);
        QCOMPARE(h.jobs.cancel(job), JobManager::CancelResult::AlreadyFinished);
        QCOMPARE(h.jobs.cancel(99999), JobManager::CancelResult::NotFound);
    }

    void failureIsRecordedWithItsMessageAndRetrySucceeds()
    {
        Harness h;
        const qint64 d = h.newDataset();
        QSignalSpy spy(&h.hub, &progress::ProgressHub::eventPublished);
        g_release = 2;
        const qint64 job = h.jobs.submit(QStringLiteral("gate"), d, 0, {});
        QVERIFY(h.jobs.waitForIdle(10000));
        QCOMPARE(h.catalog->job(job)->state, jobstate::Failed);
        QCOMPARE(h.catalog->dataset(d)->status, status::Error);
        QCOMPARE(h.catalog->dataset(d)->errorMessage, QStringLiteral("gate failed on purpose"));
        const auto evs = channelEvents(spy, progress::datasetProgressChannel(QString::number(d)));
        QCOMPARE(evs.last().event, progress::events::Error);
        QCOMPARE(evs.last().data.value(QStringLiteral("message")).toString(), QStringLiteral("gate failed on purpose"));
        g_release = 1;
        const qint64 again = h.service.retryDataset(d);
        QVERIFY(again != job);
        QVERIFY(h.jobs.waitForIdle(10000));
        QCOMPARE(h.catalog->dataset(d)->status, status::Ready);
        QVERIFY(h.catalog->dataset(d)->errorMessage.isEmpty());
    }

    void importErrorsLeaveTheDatasetInErrorWithTheFileAndLine()
    {
        Harness h;
        const QString file = h.dir.filePath(QStringLiteral("bad.jsonl"));
        QVERIFY(test::writeFile(file, jsonl(3) + "{oops\n"));
        const auto started = h.service.importLocal(file);
        QVERIFY(h.jobs.waitForIdle(10000));
        const auto d = h.catalog->dataset(started.datasetId);
        QCOMPARE(d->status, status::Error);
        QVERIFY2(d->errorMessage.contains(file + QStringLiteral(":4")), qPrintable(d->errorMessage));
        QVERIFY(!QFileInfo::exists(datasetRowsFolder(h.dir.path(), started.datasetId)));
        const QString empty = h.dir.filePath(QStringLiteral("empty.txt"));
        QVERIFY(test::writeFile(empty, QByteArray()));
        const auto e = h.service.importLocal(empty);
        QVERIFY(h.jobs.waitForIdle(10000));
        QVERIFY(h.catalog->dataset(e.datasetId)->errorMessage.contains(QStringLiteral("no samples")));
        // Rejected before anything is created.
        const int before = h.catalog->datasets().size();
        QVERIFY_THROWS_EXCEPTION(JobFailure, h.service.importLocal(h.dir.filePath(QStringLiteral("missing.txt"))));
        QVERIFY_THROWS_EXCEPTION(JobFailure, h.service.importLocal(file, QStringLiteral("xml")));
        QCOMPARE(h.catalog->datasets().size(), before);
    }

    void deleteRemovesOnlyThatDatasetsFiles()
    {
        Harness h;
        const QString file = h.dir.filePath(QStringLiteral("in.jsonl"));
        QVERIFY(test::writeFile(file, jsonl(10)));
        const auto a = h.service.importLocal(file);
        const auto b = h.service.importLocal(file);
        QVERIFY(h.jobs.waitForIdle(10000));
        h.service.deleteDataset(a.datasetId);
        QVERIFY(!h.catalog->dataset(a.datasetId));
        QVERIFY(!QFileInfo::exists(datasetFolder(h.dir.path(), a.datasetId)));
        QVERIFY(QFileInfo::exists(datasetRowsFolder(h.dir.path(), b.datasetId) + QStringLiteral("/manifest.json")));
        QVERIFY(QFileInfo::exists(file)); // the user's own file is never touched
    }

    // A real child process is killed mid-import; the next process marks its job
    // interrupted, and a retry finishes it. While the child lives, another
    // process must not mark its job interrupted nor delete its dataset.
    void killedProcessLeavesAnInterruptedJobThatCanBeRetried()
    {
        // The child stops reading once it has cancelled: a write after that
        // must fail with EPIPE, not kill the test.
        ::signal(SIGPIPE, SIG_IGN);
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("slow.jsonl"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        QProcess child;
        child.start(test::binPath(QStringLiteral("dataset-studio")),
                    {QStringLiteral("import"), fifo, QStringLiteral("--data-dir"), dir.path(), QStringLiteral("--json")});
        QVERIFY(child.waitForStarted());
        QFile writer(fifo);
        QVERIFY(writer.open(QIODevice::WriteOnly)); // blocks until the child opens the pipe
        writer.write(jsonl(100));
        writer.flush();

        auto catalog = Catalog::open(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!catalog->unfinishedJobs().isEmpty()
                                     && catalog->unfinishedJobs().first().state == jobstate::Running,
                                 10000);
        const JobRecord job = catalog->unfinishedJobs().first();
        {
            progress::ProgressHub hub;
            JobManager other(*catalog, hub);
            registerJobKinds(other);
            DatasetService service(*catalog, hub, other);
            QCOMPARE(other.recoverOrphanedJobs(), 0); // its owner is alive
            try {
                service.deleteDataset(job.datasetId);
                QFAIL("deleting a dataset another process works on must be refused");
            } catch (const JobFailure &e) {
                QVERIFY2(e.message().contains(QStringLiteral("another Dataset Studio process")), qPrintable(e.message()));
            }
            QVERIFY_THROWS_EXCEPTION(JobFailure, other.retry(job.id));
        }

        ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
        QVERIFY(child.waitForFinished(10000));
        writer.close();
        QCOMPARE(catalog->dataset(job.datasetId)->status, status::Processing); // what the dead process left

        progress::ProgressHub hub;
        JobManager next(*catalog, hub);
        registerJobKinds(next);
        DatasetService service(*catalog, hub, next);
        QCOMPARE(next.recoverOrphanedJobs(), 1);
        QCOMPARE(catalog->job(job.id)->state, jobstate::Interrupted);
        QCOMPARE(catalog->dataset(job.datasetId)->status, status::Interrupted);
        QVERIFY(catalog->dataset(job.datasetId)->errorMessage.contains(QStringLiteral("Retry")));
        QVERIFY(!QFileInfo::exists(datasetRowsFolder(dir.path(), job.datasetId) + QStringLiteral("/manifest.json")));
        QCOMPARE(catalog->integrityCheck(), QStringLiteral("ok"));

        // The input is complete now; the retry imports it.
        QFile::remove(fifo);
        QVERIFY(test::writeFile(fifo, jsonl(2500)));
        service.retryDataset(job.datasetId);
        QVERIFY(next.waitForIdle(30000));
        QCOMPARE(catalog->dataset(job.datasetId)->status, status::Ready);
        QCOMPARE(catalog->dataset(job.datasetId)->numSamples, 2500);
    }

    void cancelRequestReachesAJobInAnotherProcess()
    {
        // The child stops reading once it has cancelled: a write after that
        // must fail with EPIPE, not kill the test.
        ::signal(SIGPIPE, SIG_IGN);
        QTemporaryDir dir;
        const QString fifo = dir.filePath(QStringLiteral("slow.jsonl"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
        QProcess child;
        child.start(test::binPath(QStringLiteral("dataset-studio")),
                    {QStringLiteral("import"), fifo, QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(child.waitForStarted());
        QFile writer(fifo);
        QVERIFY(writer.open(QIODevice::WriteOnly));
        writer.write(jsonl(10));
        writer.flush();
        auto catalog = Catalog::open(dir.path());
        QTRY_VERIFY_WITH_TIMEOUT(!catalog->unfinishedJobs().isEmpty()
                                     && catalog->unfinishedJobs().first().state == jobstate::Running,
                                 10000);
        const qint64 jobId = catalog->unfinishedJobs().first().id;
        const auto r = test::runCli({QStringLiteral("cancel"), QString::number(jobId), QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Cancellation requested"), r.out.constData());
        // The child notices within its polling interval once it reads on.
        for (int i = 0; i < 20 && child.state() == QProcess::Running; ++i) {
            writer.write(jsonl(2000));
            writer.flush();
            child.waitForFinished(300);
        }
        writer.close();
        if (child.state() != QProcess::NotRunning)
            QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::NormalExit);
        QCOMPARE(child.exitCode(), 1);
        QCOMPARE(catalog->job(jobId)->state, jobstate::Cancelled);
        QCOMPARE(catalog->dataset(catalog->job(jobId)->datasetId)->status, status::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestJobs)
#include "tst_jobs.moc"
