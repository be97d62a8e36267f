#pragma once

#include "jobs/jobwork.h"

#include <QJsonArray>

namespace studio::hub {
struct SlicePlan;
class HubClient;
}

namespace studio::jobs {

// Downloads the part of a Hugging Face Hub dataset a split spec selects: only
// the shards the slice touches go through the Hugging Face cache (resumable,
// verified), and the dataset becomes a parquet-backed one whose manifest points
// at the cached shards with row ranges (JSON Lines / CSV shards are read into
// a column store instead). Params: {"repo_id", "config", "split", "revision"};
// an access token given for this process is kept in memory only (see
// rememberToken), never in the catalog.
class DownloadJob final : public JobWork
{
public:
    explicit DownloadJob(const QJsonObject &params, qint64 datasetId);
    QString runningStatus() const override;
    JobOutcome run(JobContext &context) override;
    void discardPartialOutput() override;

    // The token a `download --token` / the add-dataset form gave for a dataset,
    // used by its jobs in this process (retries included).
    static void rememberToken(qint64 datasetId, const QString &token);

private:
    JobOutcome finishParquet(JobContext &context, const hub::SlicePlan &plan, const QString &finalDir,
                             const QStringList &paths, qint64 bytes);
    JobOutcome finishRecords(JobContext &context, hub::SlicePlan &plan, const QString &finalDir,
                             const QStringList &paths, qint64 bytes);

    JobOutcome publish(JobContext &context, const hub::SlicePlan &plan, const QString &finalDir, qint64 bytes,
                       const QJsonArray &schema, const QString &format, const QJsonArray &files);

    QString m_repoId, m_config, m_split, m_revision;
    qint64 m_datasetId = 0;
    QString m_tempDir;
};

} // namespace studio::jobs
