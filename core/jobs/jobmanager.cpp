#include "jobs/jobmanager.h"

#include "catalog/catalog.h"
#include "catalog/catalogerror.h"
#include "jobs/datasetevents.h"
#include "jobs/instancelock.h"
#include "jobs/jobcontext.h"
#include "jobs/jobwork.h"
#include "jobs/storagepaths.h"
#include "progress/channels.h"
#include "progress/progresshub.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDeadlineTimer>
#include <QDir>
#include <QSet>
#include <QtConcurrent/QtConcurrentRun>

namespace studio::jobs {

using namespace studio::catalog;

namespace {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

const QString kInterruptedMessage =
    QStringLiteral("Interrupted: Dataset Studio stopped while this job was running. Retry to resume.");

} // namespace

JobManager::JobManager(Catalog &catalog, progress::ProgressHub &hub, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_hub(hub)
    , m_instance(std::make_unique<InstanceLock>(catalog.dataDirectory()))
{
    m_pool.setMaxThreadCount(std::max(2, QThread::idealThreadCount()));
    m_pool.setExpiryTimeout(30000);
    m_cancelPollPool.setMaxThreadCount(1);
    m_cancelPoll.setInterval(500);
    connect(&m_cancelPoll, &QTimer::timeout, this, &JobManager::pollCancelRequests);
    m_cancelPoll.start();
}

JobManager::~JobManager()
{
    shutdown();
}

void JobManager::registerKind(const QString &kind, Factory factory)
{
    m_factories.insert(kind, std::move(factory));
}

QString JobManager::instanceId() const
{
    return m_instance->instanceId();
}

void JobManager::setMaxConcurrency(int jobs)
{
    m_pool.setMaxThreadCount(std::max(1, jobs));
}

int JobManager::maxConcurrency() const
{
    return m_pool.maxThreadCount();
}

qint64 JobManager::submit(const QString &kind, qint64 datasetId, qint64 tokenizationId, const QJsonObject &params)
{
    const qint64 id = enqueue(kind, datasetId, tokenizationId, params);
    start(id);
    return id;
}

qint64 JobManager::enqueue(const QString &kind, qint64 datasetId, qint64 tokenizationId, const QJsonObject &params)
{
    if (!m_factories.contains(kind))
        throw JobFailure(QStringLiteral("Unknown job kind '%1'").arg(kind));
    JobRecord job;
    job.kind = kind;
    job.datasetId = datasetId;
    job.tokenizationId = tokenizationId;
    job.params = params;
    job.owner = instanceId();
    job.message = QStringLiteral("Queued");
    return m_catalog.insertJob(job);
}

void JobManager::start(qint64 jobId)
{
    const auto job = m_catalog.job(jobId);
    if (!job)
        throw JobFailure(QStringLiteral("No job %1").arg(jobId));
    const auto factory = m_factories.constFind(job->kind);
    if (factory == m_factories.constEnd())
        throw JobFailure(QStringLiteral("Unknown job kind '%1'").arg(job->kind));
    std::shared_ptr<JobWork> work = (*factory)(*job);
    auto context = std::make_shared<JobContext>(*job, m_catalog, m_hub, m_catalog.dataDirectory(),
                                                work->runningStatus());
    std::lock_guard lock(m_mutex);
    Active &active = m_active[jobId];
    active.context = context;
    active.future = QtConcurrent::run(&m_pool, [this, jobId, work, context] { execute(jobId, work, context); });
}

void JobManager::execute(qint64 jobId, std::shared_ptr<JobWork> work, std::shared_ptr<JobContext> context)
{
    const JobRecord job = context->job();
    QString state;
    QString message;
    JobOutcome outcome;
    bool haveOutcome = false;
    try {
        context->throwIfCancelled();
        m_catalog.transaction([&](Catalog &c) {
            c.updateJob(jobId, {{QStringLiteral("state"), jobstate::Running},
                                {QStringLiteral("started_at"), nowMs()},
                                {QStringLiteral("owner"), instanceId()}});
            const QVariantMap running{{QStringLiteral("status"), job.tokenizationId > 0 ? status::Processing
                                                                                        : work->runningStatus()},
                                      {QStringLiteral("progress"), 0.0},
                                      {QStringLiteral("error_message"), QVariant()}};
            if (job.tokenizationId > 0)
                c.updateTokenization(job.tokenizationId, running);
            else
                c.updateDataset(job.datasetId, running);
        });
        QMetaObject::invokeMethod(this, [this, jobId] { Q_EMIT jobStarted(jobId); }, Qt::QueuedConnection);
        publishDataset(job.datasetId);
        outcome = work->run(*context);
        context->throwIfCancelled();
        haveOutcome = true;
        state = jobstate::Completed;
        message = outcome.message;
    } catch (const JobCancelled &) {
        state = m_shuttingDown ? jobstate::Interrupted : jobstate::Cancelled;
        message = m_shuttingDown ? kInterruptedMessage : QStringLiteral("Cancelled");
    } catch (const JobFailure &e) {
        state = jobstate::Failed;
        message = e.message();
    } catch (const CatalogError &e) {
        state = jobstate::Failed;
        message = e.message();
    } catch (const std::bad_alloc &) {
        state = jobstate::Failed;
        message = QStringLiteral("Out of memory");
    } catch (const std::exception &e) {
        state = jobstate::Failed;
        message = QStringLiteral("Unexpected error: ") + QString::fromUtf8(e.what());
    }
    finish(job, *work, *context, state, message, haveOutcome ? &outcome : nullptr);
    {
        std::lock_guard lock(m_mutex);
        m_active.remove(jobId);
    }
    QMetaObject::invokeMethod(
        this, [this, jobId, state, message] { Q_EMIT jobFinished(jobId, state, message); }, Qt::QueuedConnection);
}

void JobManager::finish(const JobRecord &job, JobWork &work, JobContext &context, const QString &state,
                        const QString &message, const JobOutcome *outcome)
{
    QString finalState = state;
    QString finalMessage = message;
    const bool forTokenization = job.tokenizationId > 0;
    const auto apply = [&](const QString &ownStatus, const QVariantMap &extra, double progress) {
        m_catalog.transaction([&](Catalog &c) {
            c.updateJob(job.id, {{QStringLiteral("state"), finalState},
                                 {QStringLiteral("progress"), progress},
                                 {QStringLiteral("message"), finalMessage},
                                 {QStringLiteral("error_message"),
                                  finalState == jobstate::Completed ? QVariant() : QVariant(finalMessage)},
                                 {QStringLiteral("finished_at"), nowMs()}});
            QVariantMap fields = extra;
            fields.insert(QStringLiteral("status"), ownStatus);
            fields.insert(QStringLiteral("progress"), progress);
            fields.insert(QStringLiteral("message"), finalMessage);
            fields.insert(QStringLiteral("error_message"),
                          ownStatus == status::Ready ? QVariant() : QVariant(finalMessage));
            if (forTokenization)
                c.updateTokenization(job.tokenizationId, fields);
            else
                c.updateDataset(job.datasetId, fields);
        });
    };

    if (finalState == jobstate::Completed && outcome) {
        try {
            apply(status::Ready, forTokenization ? outcome->tokenizationFields : outcome->datasetFields, 100.0);
            if (forTokenization && !outcome->datasetFields.isEmpty())
                m_catalog.updateDataset(job.datasetId, outcome->datasetFields);
        } catch (const CatalogError &e) {
            finalState = jobstate::Failed;
            finalMessage = e.message();
        }
    }
    if (finalState == jobstate::Completed && outcome && outcome->onCommitted) {
        try {
            outcome->onCommitted(m_catalog);
        } catch (const CatalogError &) {
            // Committed already; what it would tidy stays for the next run.
        }
    }
    if (finalState != jobstate::Completed)
        work.discardPartialOutput();

    QString ownStatus = status::Error;
    if (finalState == jobstate::Cancelled)
        ownStatus = status::Cancelled;
    else if (finalState == jobstate::Interrupted)
        ownStatus = status::Interrupted;
    if (finalState != jobstate::Completed) {
        try {
            apply(ownStatus, {}, context.lastPercent());
        } catch (const CatalogError &) {
            // The catalog itself failed (disk full, read-only): the next start
            // finds this job unfinished and marks it interrupted.
        }
    }

    QJsonObject data = context.baseEventData();
    if (finalState == jobstate::Completed) {
        data.insert(QStringLiteral("progress"), 100.0);
        data.insert(QStringLiteral("status"), status::Ready);
        data.insert(QStringLiteral("message"), finalMessage);
        for (auto it = outcome->eventData.begin(); it != outcome->eventData.end(); ++it)
            data.insert(it.key(), it.value());
        m_hub.publish(context.channel(), QString(progress::events::Completed), data);
    } else {
        data.insert(QStringLiteral("status"), ownStatus);
        data.insert(QStringLiteral("message"), finalMessage);
        data.insert(QStringLiteral("progress"), context.lastPercent());
        m_hub.publish(context.channel(), QString(progress::events::Error), data);
    }
    publishDataset(job.datasetId);
}

void JobManager::publishDataset(qint64 datasetId)
{
    try {
        publishDatasetEvent(m_hub, m_catalog, datasetId, QString(progress::events::Updated));
    } catch (const CatalogError &) {
    }
}

JobManager::CancelResult JobManager::cancel(qint64 jobId)
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_active.find(jobId);
        if (it != m_active.end()) {
            it->context->requestCancel();
            return CancelResult::Cancelled;
        }
    }
    const auto job = m_catalog.job(jobId);
    if (!job)
        return CancelResult::NotFound;
    if (jobstate::isFinished(job->state))
        return CancelResult::AlreadyFinished;
    if (InstanceLock::isAlive(m_catalog.dataDirectory(), job->owner)) {
        m_catalog.updateJob(jobId, {{QStringLiteral("cancel_requested"), 1}});
        return CancelResult::Requested;
    }
    // Its process died: nothing runs it any more.
    recoverOrphanedJobs();
    return CancelResult::AlreadyFinished;
}

qint64 JobManager::retry(qint64 jobId)
{
    const auto job = m_catalog.job(jobId);
    if (!job)
        throw JobFailure(QStringLiteral("No job %1").arg(jobId));
    if (!jobstate::isFinished(job->state)) {
        if (isRunningHere(jobId) || InstanceLock::isAlive(m_catalog.dataDirectory(), job->owner))
            throw JobFailure(QStringLiteral("Job %1 is still running; cancel it before retrying").arg(jobId));
        recoverOrphanedJobs();
    }
    const QVariantMap queued{{QStringLiteral("status"), status::Queued},
                             {QStringLiteral("progress"), 0.0},
                             {QStringLiteral("message"), QStringLiteral("Queued")},
                             {QStringLiteral("error_message"), QVariant()}};
    qint64 newJob = 0;
    m_catalog.transaction([&](Catalog &c) { // queued only together with the job that will run it
        if (job->tokenizationId > 0)
            c.updateTokenization(job->tokenizationId, queued);
        else
            c.updateDataset(job->datasetId, queued);
        newJob = enqueue(job->kind, job->datasetId, job->tokenizationId, job->params);
    });
    publishDataset(job->datasetId);
    start(newJob);
    return newJob;
}

int JobManager::recoverOrphanedJobs()
{
    // A delete killed between its catalog transaction and removing the files
    // leaves datasets/<id> with no row; ids are never reused (AUTOINCREMENT).
    // Folders are listed before the catalog is read: a folder is only created
    // after its row, so one listed first and absent from the catalog is orphaned.
    const QDir datasetsDir(QDir(m_catalog.dataDirectory()).filePath(QStringLiteral("datasets")));
    const QStringList folders = datasetsDir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    if (!folders.isEmpty()) {
        QSet<qint64> known;
        for (const DatasetRecord &d : m_catalog.datasets())
            known.insert(d.id);
        for (const QString &name : folders) {
            bool numeric = false;
            const qint64 id = name.toLongLong(&numeric);
            if (numeric && !known.contains(id))
                QDir(datasetsDir.filePath(name)).removeRecursively();
        }
    }

    int recovered = 0;
    for (const JobRecord &job : m_catalog.unfinishedJobs()) {
        if (job.owner == instanceId() || InstanceLock::isAlive(m_catalog.dataDirectory(), job.owner))
            continue;
        m_catalog.transaction([&](Catalog &c) {
            c.updateJob(job.id, {{QStringLiteral("state"), jobstate::Interrupted},
                                 {QStringLiteral("error_message"), kInterruptedMessage},
                                 {QStringLiteral("finished_at"), nowMs()}});
            const QVariantMap interrupted{{QStringLiteral("status"), status::Interrupted},
                                          {QStringLiteral("message"), kInterruptedMessage},
                                          {QStringLiteral("error_message"), kInterruptedMessage}};
            if (job.tokenizationId > 0) {
                const auto t = c.tokenization(job.tokenizationId);
                if (t && status::isActive(t->status))
                    c.updateTokenization(job.tokenizationId, interrupted);
            } else {
                const auto d = c.dataset(job.datasetId);
                if (d && status::isActive(d->status))
                    c.updateDataset(job.datasetId, interrupted);
            }
        });
        // A SIGKILL'd job never ran discardPartialOutput(); its temporary
        // folder is useless to a retry (which writes under its own job id).
        cleanUpAfterDeadJob(m_catalog.dataDirectory(), job.datasetId, job.tokenizationId, job.id);
        publishDataset(job.datasetId);
        ++recovered;
    }
    return recovered;
}

void JobManager::pollCancelRequests()
{
    QList<std::pair<qint64, std::shared_ptr<JobContext>>> running;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_active.begin(); it != m_active.end(); ++it)
            running.append({it.key(), it->context});
    }
    if (running.isEmpty() || m_cancelPollBusy.exchange(true))
        return;
    m_cancelPollPool.start([this, running = std::move(running)] {
        for (const auto &[id, context] : running) {
            try {
                const auto job = m_catalog.job(id);
                if (job && job->cancelRequested)
                    context->requestCancel();
            } catch (const CatalogError &) {
            }
        }
        m_cancelPollBusy = false;
    });
}

bool JobManager::isRunningHere(qint64 jobId) const
{
    std::lock_guard lock(m_mutex);
    return m_active.contains(jobId);
}

QList<qint64> JobManager::activeJobs() const
{
    std::lock_guard lock(m_mutex);
    return m_active.keys();
}

bool JobManager::waitForIdle(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!activeJobs().isEmpty()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    QCoreApplication::processEvents();
    return true;
}

void JobManager::shutdown()
{
    m_shuttingDown = true;
    m_cancelPoll.stop();
    {
        std::lock_guard lock(m_mutex);
        for (Active &a : m_active)
            a.context->requestCancel();
    }
    m_pool.waitForDone();
    m_cancelPollPool.waitForDone();
}

} // namespace studio::jobs
