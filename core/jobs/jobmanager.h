#pragma once

#include "catalog/records.h"

#include <QFuture>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}

namespace studio::jobs {

class InstanceLock;
class JobContext;
class JobWork;

// Runs jobs on its own QThreadPool, many at once, each cancellable; persists
// their state in the catalog and reports through the progress hub. Start never
// blocks. Jobs left `queued`/`running` by a process that died are found by
// recoverOrphanedJobs() and marked `interrupted`, and can be retried.
class JobManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobManager)
public:
    using Factory = std::function<std::unique_ptr<JobWork>(const catalog::JobRecord &)>;

    JobManager(catalog::Catalog &catalog, progress::ProgressHub &hub, QObject *parent = nullptr);
    ~JobManager() override; // interrupts running jobs (resumable) and waits

    void registerKind(const QString &kind, Factory factory);
    QString instanceId() const;
    void setMaxConcurrency(int jobs);
    int maxConcurrency() const;

    // Creates the job row (queued) and schedules it. Throws JobFailure for an
    // unknown kind. Returns the job id.
    qint64 submit(const QString &kind, qint64 datasetId, qint64 tokenizationId, const QJsonObject &params);
    // The two halves of submit(), for callers that create the job's dataset or
    // tokenization in the same catalog transaction (so a kill in between never
    // leaves a queued record without a job): enqueue() only inserts the row,
    // start() schedules it once the transaction has committed.
    qint64 enqueue(const QString &kind, qint64 datasetId, qint64 tokenizationId, const QJsonObject &params);
    void start(qint64 jobId);

    enum class CancelResult { Cancelled, Requested, AlreadyFinished, NotFound };
    // Cancels a job of this process at once; for a job another live process
    // runs, records a request it picks up within a second.
    CancelResult cancel(qint64 jobId);
    // Starts a new job with the same kind and parameters (a download resumes its
    // partial files). Throws JobFailure when the job is still running.
    qint64 retry(qint64 jobId);

    // Marks jobs whose process died as interrupted (and their dataset or
    // tokenization). Returns how many.
    int recoverOrphanedJobs();

    bool isRunningHere(qint64 jobId) const;
    QList<qint64> activeJobs() const;
    // Waits (processing events) until no job of this manager runs.
    bool waitForIdle(int timeoutMs);
    // Cancels every job; running ones are recorded as interrupted so they can
    // be retried later, then waits for them.
    void shutdown();

Q_SIGNALS:
    void jobStarted(qint64 jobId);
    void jobFinished(qint64 jobId, const QString &state, const QString &message);

private:
    struct Active {
        std::shared_ptr<JobContext> context;
        QFuture<void> future;
    };
    void execute(qint64 jobId, std::shared_ptr<JobWork> work, std::shared_ptr<JobContext> context);
    void finish(const catalog::JobRecord &job, JobWork &work, JobContext &context, const QString &state,
                const QString &message, const struct JobOutcome *outcome);
    void pollCancelRequests();
    void publishDataset(qint64 datasetId);

    catalog::Catalog &m_catalog;
    progress::ProgressHub &m_hub;
    std::unique_ptr<InstanceLock> m_instance;
    QThreadPool m_pool;
    // Reads cancel requests written by other processes off the caller's
    // (usually the GUI) thread; one thread, so polls never pile up.
    QThreadPool m_cancelPollPool;
    std::atomic<bool> m_cancelPollBusy{false};
    QTimer m_cancelPoll;
    QHash<QString, Factory> m_factories;
    mutable std::mutex m_mutex;
    QHash<qint64, Active> m_active;
    std::atomic<bool> m_shuttingDown{false};
};

} // namespace studio::jobs
