#include "jobs/datasetservice.h"

#include "catalog/catalog.h"
#include "formats/importformat.h"
#include "hub/hubclient.h"
#include "hub/splitspec.h"
#include "jobs/datasetevents.h"
#include "jobs/downloadjob.h"
#include "jobs/instancelock.h"
#include "jobs/jobmanager.h"
#include "jobs/jobwork.h"
#include "jobs/storagepaths.h"
#include "progress/channels.h"

#include <QDir>
#include <QFileInfo>

namespace studio::jobs {

using namespace studio::catalog;

DatasetService::DatasetService(Catalog &catalog, progress::ProgressHub &hub, JobManager &jobs)
    : m_catalog(catalog)
    , m_hub(hub)
    , m_jobs(jobs)
{
}

DatasetService::Started DatasetService::importLocal(const QString &path, const QString &formatIn, const QString &name)
{
    const QFileInfo info(path);
    if (!info.exists())
        throw JobFailure(QStringLiteral("%1: no such file").arg(path));
    if (info.isDir())
        throw JobFailure(QStringLiteral("%1: is a directory; import a file").arg(path));
    if (!info.isReadable())
        throw JobFailure(QStringLiteral("%1: permission denied (the file is not readable)").arg(path));
    QString format = formatIn.toLower();
    if (format.isEmpty())
        format = formats::formatFromExtension(path);
    if (format.isEmpty())
        throw JobFailure(QStringLiteral("Cannot tell the format of %1 from its extension; pass --format (%2)")
                             .arg(path, formats::importFormats().join(QStringLiteral(", "))));
    if (!formats::importFormats().contains(format))
        throw JobFailure(QStringLiteral("Unknown format '%1'; use one of: %2")
                             .arg(format, formats::importFormats().join(QStringLiteral(", "))));

    DatasetRecord d;
    d.name = name.isEmpty() ? info.fileName() : name;
    d.source = QStringLiteral("local");
    d.sourcePath = info.absoluteFilePath();
    d.format = format;
    d.status = status::Queued;
    d.message = QStringLiteral("Queued");
    d.sizeBytes = info.size();
    Started s;
    // The dataset and its job in one transaction: a kill in between must not
    // leave a queued dataset that no job will ever run or retry.
    m_catalog.transaction([&](Catalog &c) {
        s.datasetId = c.insertDataset(d);
        s.jobId = m_jobs.enqueue(QStringLiteral("import"), s.datasetId, 0,
                                 {{QStringLiteral("path"), info.absoluteFilePath()}, {QStringLiteral("format"), format}});
    });
    publishDatasetEvent(m_hub, m_catalog, s.datasetId, QString(progress::events::Created));
    m_jobs.start(s.jobId);
    return s;
}

DatasetService::Started DatasetService::startDownload(const QString &repoIdIn, const QString &config, const QString &splitIn,
                                                      const QString &revision, const QString &token)
{
    const QString repoId = repoIdIn.trimmed();
    const QString split = splitIn.isEmpty() ? QStringLiteral("train") : splitIn;
    QString invalid = hub::HubClient::validateRepoId(repoId);
    if (invalid.isEmpty())
        invalid = hub::SplitSpec::validate(split);
    if (invalid.isEmpty() && revision.contains(QStringLiteral("..")))
        invalid = QStringLiteral("'%1' is not a valid revision: use a branch, tag or commit").arg(revision);
    if (!invalid.isEmpty())
        throw JobFailure(invalid);

    DatasetRecord d;
    d.name = repoId + (config.isEmpty() ? QString() : QLatin1Char(':') + config) + QLatin1Char(' ') + split;
    d.source = QStringLiteral("hub");
    d.repoId = repoId;
    d.config = config;
    d.split = split;
    d.revision = revision.isEmpty() ? QStringLiteral("main") : revision;
    d.status = status::Queued;
    d.message = QStringLiteral("Queued");
    Started s;
    m_catalog.transaction([&](Catalog &c) { // as in importLocal: record and job together
        s.datasetId = c.insertDataset(d);
        s.jobId = m_jobs.enqueue(QStringLiteral("download"), s.datasetId, 0,
                                 {{QStringLiteral("repo_id"), repoId}, {QStringLiteral("config"), config},
                                  {QStringLiteral("split"), split}, {QStringLiteral("revision"), revision}});
    });
    DownloadJob::rememberToken(s.datasetId, token);
    publishDatasetEvent(m_hub, m_catalog, s.datasetId, QString(progress::events::Created));
    m_jobs.start(s.jobId);
    return s;
}

DatasetService::StartedTokenization DatasetService::startTokenization(qint64 datasetId, TokenizeOptions options)
{
    const auto d = m_catalog.dataset(datasetId);
    if (!d)
        throw JobFailure(QStringLiteral("No dataset %1").arg(datasetId));
    if (d->status != status::Ready)
        throw JobFailure(QStringLiteral("Dataset %1 is %2; it can be tokenized once it is ready").arg(datasetId).arg(d->status));
    const QString invalid = options.validate();
    if (!invalid.isEmpty())
        throw JobFailure(invalid);
    QString error;
    options.column = chooseTextColumn(d->schema, options.column, error);
    if (options.column.isEmpty())
        throw JobFailure(error);
    const QString key = options.key();
    for (const TokenizationRecord &t : m_catalog.tokenizations(datasetId)) {
        if (t.optionsKey == key && status::isActive(t.status))
            throw JobFailure(QStringLiteral("A tokenization of dataset %1 with these options is already running (tokenization %2)")
                                 .arg(datasetId)
                                 .arg(t.id));
    }
    TokenizationRecord t;
    t.datasetId = datasetId;
    t.tokenizer = options.tokenizer;
    t.options = options.toJson();
    t.optionsKey = key;
    t.status = status::Queued;
    t.message = QStringLiteral("Queued");
    StartedTokenization s;
    m_catalog.transaction([&](Catalog &c) { // as in importLocal: record and job together
        s.tokenizationId = c.insertTokenization(t);
        s.jobId = m_jobs.enqueue(QStringLiteral("tokenize"), datasetId, s.tokenizationId, options.toJson());
    });
    m_jobs.start(s.jobId);
    return s;
}

void DatasetService::deleteDataset(qint64 datasetId)
{
    const auto d = m_catalog.dataset(datasetId);
    if (!d)
        throw JobFailure(QStringLiteral("No dataset %1").arg(datasetId));
    QList<qint64> local;
    for (const JobRecord &job : m_catalog.jobsForDataset(datasetId)) {
        if (jobstate::isFinished(job.state))
            continue;
        if (m_jobs.isRunningHere(job.id)) {
            local.append(job.id);
        } else if (InstanceLock::isAlive(m_catalog.dataDirectory(), job.owner)) {
            throw JobFailure(QStringLiteral("Dataset %1 has a job running in another Dataset Studio process "
                                            "(pid %2); cancel job %3 first")
                                 .arg(datasetId)
                                 .arg(InstanceLock::ownerPid(m_catalog.dataDirectory(), job.owner))
                                 .arg(job.id));
        }
    }
    for (qint64 id : local)
        m_jobs.cancel(id);
    // Wait for our own cancelled jobs to let go of their files.
    for (int i = 0; i < 600 && std::any_of(local.begin(), local.end(), [&](qint64 id) { return m_jobs.isRunningHere(id); }); ++i)
        QThread::msleep(10);
    m_catalog.deleteDataset(datasetId);
    QDir(datasetFolder(m_catalog.dataDirectory(), datasetId)).removeRecursively();
    publishDatasetEvent(m_hub, m_catalog, datasetId, QString(progress::events::Deleted));
}

std::optional<JobRecord> DatasetService::latestDatasetJob(qint64 datasetId)
{
    std::optional<JobRecord> latest;
    for (const JobRecord &job : m_catalog.jobsForDataset(datasetId)) {
        if (job.tokenizationId == 0)
            latest = job;
    }
    return latest;
}

qint64 DatasetService::retryDataset(qint64 datasetId)
{
    const auto job = latestDatasetJob(datasetId);
    if (!job)
        throw JobFailure(QStringLiteral("Dataset %1 has no job to retry").arg(datasetId));
    if (job->state == jobstate::Completed)
        throw JobFailure(QStringLiteral("Dataset %1 is ready; nothing to retry").arg(datasetId));
    return m_jobs.retry(job->id);
}

} // namespace studio::jobs
