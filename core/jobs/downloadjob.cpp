#include "jobs/downloadjob.h"

#include "catalog/records.h"
#include "formats/columnstorewriter.h"
#include "formats/formaterror.h"
#include "formats/importformat.h"
#include "hub/hubclient.h"
#include "hub/hubdatasets.h"
#include "hub/huberror.h"
#include "jobs/jobcontext.h"
#include "jobs/storagepaths.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetsummary.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QSaveFile>

namespace studio::jobs {

namespace {

QMutex g_tokensMutex;
QHash<qint64, QString> g_tokens;

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

const QString kDownloading = QStringLiteral("Downloading from HuggingFace Hub...");

} // namespace

void DownloadJob::rememberToken(qint64 datasetId, const QString &token)
{
    QMutexLocker lock(&g_tokensMutex);
    if (token.isEmpty())
        g_tokens.remove(datasetId);
    else
        g_tokens.insert(datasetId, token);
}

DownloadJob::DownloadJob(const QJsonObject &params, qint64 datasetId)
    : m_repoId(params.value(QStringLiteral("repo_id")).toString())
    , m_config(params.value(QStringLiteral("config")).toString())
    , m_split(params.value(QStringLiteral("split")).toString())
    , m_revision(params.value(QStringLiteral("revision")).toString())
    , m_datasetId(datasetId)
{
}

QString DownloadJob::runningStatus() const
{
    return catalog::status::Downloading;
}

JobOutcome DownloadJob::run(JobContext &context)
{
    context.report(0, QStringLiteral("Starting download..."));
    const QString finalDir = datasetRowsFolder(context.dataDirectory(), m_datasetId);
    m_tempDir = partialFolder(finalDir, context.job().id);
    QDir(m_tempDir).removeRecursively();

    hub::HubConfig config = hub::HubConfig::fromEnvironment();
    {
        QMutexLocker lock(&g_tokensMutex);
        if (g_tokens.contains(m_datasetId)) {
            config.token = g_tokens.value(m_datasetId);
            config.tokenSource = QStringLiteral("--token");
        }
    }
    try {
        hub::HubClient client(config);
        client.setCancelCheck([&context] { return context.isCancelled(); });
        hub::HubDatasets datasets(client, QDir(context.dataDirectory()).filePath(QStringLiteral("hub-index")));
        hub::SlicePlan plan = datasets.plan(m_repoId, m_config, m_split.isEmpty() ? QStringLiteral("train") : m_split, m_revision);
        context.throwIfCancelled();

        const QList<hub::ShardInfo> shards = plan.shardsToFetch();
        const qint64 total = std::max<qint64>(1, plan.bytesTotal());
        context.report(10, kDownloading, 0, total, QStringLiteral("bytes"));
        qint64 finished = 0; // bytes of the shards done
        qint64 highest = 0;  // never report fewer bytes than before
        QStringList paths;
        for (const hub::ShardInfo &shard : shards) {
            context.throwIfCancelled();
            const qint64 size = std::max<qint64>(0, shard.size);
            const hub::CachedFile file = client.download(
                hub::RepoType::Dataset, m_repoId, shard.revision, shard.path, [&](qint64 done, qint64) {
                    highest = std::max(highest, finished + std::min(done, size));
                    context.report(10.0 + 80.0 * double(highest) / double(total),
                                   QStringLiteral("%1 %2 of %3 MB").arg(kDownloading, megabytes(highest), megabytes(total)),
                                   highest, total, QStringLiteral("bytes"));
                });
            paths << file.path;
            finished += size;
        }
        context.throwIfCancelled();
        context.report(90, QStringLiteral("Download complete, processing metadata..."), total, total, QStringLiteral("bytes"));
        if (plan.countAfterDownload)
            return finishRecords(context, plan, finalDir, paths, plan.bytesTotal());
        return finishParquet(context, plan, finalDir, paths, plan.bytesTotal());
    } catch (const hub::HubError &e) {
        if (e.kind() == hub::HubError::Kind::Cancelled)
            throw JobCancelled();
        throw JobFailure(e.message());
    }
}

JobOutcome DownloadJob::finishParquet(JobContext &context, const hub::SlicePlan &plan, const QString &finalDir,
                                      const QStringList &paths, qint64 bytes)
{
    // Each shard is checked whole (footer, row count) before the dataset points at it.
    QJsonArray schema;
    QHash<QString, QString> local; // repo path -> cache path
    const QList<hub::ShardInfo> shards = plan.shardsToFetch();
    for (qsizetype i = 0; i < shards.size(); ++i) {
        parquet::ParquetSummary summary;
        try {
            summary = parquet::ParquetSummary::read(QFile::encodeName(paths.at(i)).toStdString());
        } catch (const parquet::ParquetError &e) {
            throw JobFailure(QStringLiteral("%1 of dataset '%2' is not a valid parquet file: %3").arg(shards.at(i).path, m_repoId, QString::fromStdString(e.what())));
        }
        if (shards.at(i).rows >= 0 && summary.numRows != shards.at(i).rows)
            throw JobFailure(QStringLiteral("%1 of dataset '%2' holds %3 rows, its footer on the Hub said %4: the file changed; retry")
                                 .arg(shards.at(i).path, m_repoId)
                                 .arg(summary.numRows)
                                 .arg(shards.at(i).rows));
        if (i == 0)
            for (const auto &c : summary.columns)
                schema.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(c.name)},
                                          {QStringLiteral("type"), QString::fromStdString(c.type)}});
        local.insert(shards.at(i).revision + QLatin1Char(':') + shards.at(i).path, paths.at(i));
    }
    QJsonArray segments, files;
    for (const hub::SlicePlan::Segment &s : plan.segments)
        segments.append(QJsonObject{{QStringLiteral("path"), local.value(s.shard.revision + QLatin1Char(':') + s.shard.path)},
                                    {QStringLiteral("first_row"), s.firstRow},
                                    {QStringLiteral("num_rows"), s.numRows},
                                    {QStringLiteral("split"), s.split},
                                    {QStringLiteral("repo_path"), s.shard.path}});
    for (const hub::ShardInfo &s : shards)
        files.append(QJsonObject{{QStringLiteral("path"), s.path}, {QStringLiteral("revision"), s.revision},
                                 {QStringLiteral("size"), s.size}, {QStringLiteral("etag"), s.etag}, {QStringLiteral("rows"), s.rows}});
    const QJsonObject manifest{{QStringLiteral("version"), 1},
                               {QStringLiteral("kind"), QStringLiteral("parquet")},
                               {QStringLiteral("num_rows"), plan.rows},
                               {QStringLiteral("columns"), schema},
                               {QStringLiteral("repo_id"), m_repoId},
                               {QStringLiteral("commit"), plan.layout.commit},
                               {QStringLiteral("segments"), segments}};
    if (!QDir().mkpath(m_tempDir))
        throw JobFailure(QStringLiteral("Cannot create %1: check the data directory is writable").arg(m_tempDir));
    QSaveFile manifestFile(QDir(m_tempDir).filePath(QStringLiteral("manifest.json")));
    if (!manifestFile.open(QIODevice::WriteOnly) || manifestFile.write(QJsonDocument(manifest).toJson()) < 0 || !manifestFile.commit())
        throw JobFailure(QStringLiteral("Cannot write %1: %2").arg(manifestFile.fileName(), manifestFile.errorString()));
    return publish(context, plan, finalDir, bytes, schema, QStringLiteral("parquet"), files);
}

JobOutcome DownloadJob::publish(JobContext &context, const hub::SlicePlan &plan, const QString &finalDir, qint64 bytes,
                                const QJsonArray &schema, const QString &format, const QJsonArray &files)
{
    context.throwIfCancelled();
    publishFolder(m_tempDir, finalDir);
    m_tempDir.clear();
    JobOutcome outcome;
    outcome.message = QStringLiteral("Dataset downloaded successfully");
    outcome.datasetFields = {{QStringLiteral("num_samples"), plan.rows},
                             {QStringLiteral("size_bytes"), bytes},
                             {QStringLiteral("schema_json"), schema},
                             {QStringLiteral("storage_path"), finalDir},
                             {QStringLiteral("format"), format},
                             {QStringLiteral("config"), plan.config},
                             {QStringLiteral("metadata_json"),
                              QJsonObject{{QStringLiteral("commit"), plan.layout.commit},
                                          {QStringLiteral("layout_source"), plan.layout.source},
                                          {QStringLiteral("files"), files}}}};
    outcome.eventData = {{QStringLiteral("num_samples"), plan.rows}, {QStringLiteral("size_bytes"), bytes}};
    return outcome;
}

JobOutcome DownloadJob::finishRecords(JobContext &context, hub::SlicePlan &plan, const QString &finalDir,
                                      const QStringList &paths, qint64 bytes)
{
    // No footer to ask: count each shard's records, slice, then keep the selected ones.
    const QList<hub::ShardInfo> shards = plan.shardsToFetch();
    try {
        for (qsizetype i = 0; i < shards.size(); ++i) {
            auto reader = formats::openRecordReader(paths.at(i), shards.at(i).format);
            formats::Record record;
            qint64 n = 0;
            while (reader->next(record))
                if ((++n & 4095) == 0)
                    context.throwIfCancelled();
            for (hub::ConfigInfo &c : plan.layout.configs)
                for (hub::SplitInfo &s : c.splits)
                    for (hub::ShardInfo &shard : s.shards)
                        if (shard.path == shards.at(i).path)
                            shard.rows = n;
        }
        hub::HubDatasets::slice(plan);
        formats::ColumnStoreWriter writer(m_tempDir);
        for (const hub::SlicePlan::Segment &s : plan.segments) {
            const qsizetype i = std::find_if(shards.begin(), shards.end(), [&](const hub::ShardInfo &x) { return x.path == s.shard.path; }) - shards.begin();
            auto reader = formats::openRecordReader(paths.at(i), s.shard.format);
            formats::Record record;
            for (qint64 row = 0; row < s.firstRow + s.numRows && reader->next(record); ++row) {
                if (row >= s.firstRow)
                    writer.append(record);
                if ((row & 4095) == 0)
                    context.throwIfCancelled();
            }
        }
        writer.finish({{QStringLiteral("source_path"), m_repoId}, {QStringLiteral("format"), shards.first().format}});
        QJsonArray files;
        for (const hub::ShardInfo &shard : shards)
            files.append(QJsonObject{{QStringLiteral("path"), shard.path}, {QStringLiteral("revision"), shard.revision}, {QStringLiteral("size"), shard.size}});
        return publish(context, plan, finalDir, bytes, writer.schema(), shards.first().format, files);
    } catch (const formats::FormatError &e) {
        throw JobFailure(e.message());
    } catch (const hub::HubError &e) {
        throw JobFailure(e.message());
    }
}

void DownloadJob::discardPartialOutput()
{
    // Only this job's dataset folder; the cache's .incomplete files stay for a resume.
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

} // namespace studio::jobs
