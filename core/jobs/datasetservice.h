#pragma once

#include "catalog/records.h"
#include "jobs/tokenizeoptions.h"

#include <QList>
#include <QString>

#include <optional>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}

namespace studio::jobs {

class JobManager;

// What the GUI and the command line ask of the core: add datasets, start and
// stop their jobs, delete them. Validation a user can act on happens here,
// before anything is created; the work itself runs in jobs.
class DatasetService final
{
public:
    DatasetService(catalog::Catalog &catalog, progress::ProgressHub &hub, JobManager &jobs);

    struct Started {
        qint64 datasetId = 0;
        qint64 jobId = 0;
    };

    // Imports a local file. `format` empty: decided by the extension. Throws
    // JobFailure (missing/unreadable file, unknown format) before creating anything.
    Started importLocal(const QString &path, const QString &format = {}, const QString &name = {});

    // Downloads a Hub dataset's split slice (`split` empty: "train"). The repo
    // id and split spec are checked first (JobFailure with the message, as
    // `datasets` words it for specs); `token` overrides HF_TOKEN / the token
    // file for this dataset's jobs in this process and is never stored.
    Started startDownload(const QString &repoId, const QString &config = {}, const QString &split = {},
                          const QString &revision = {}, const QString &token = {});

    struct StartedTokenization {
        qint64 tokenizationId = 0;
        qint64 jobId = 0;
    };
    // Starts a tokenization of a ready dataset. Options, the column and the
    // dataset's state are checked first (JobFailure with the message); a run
    // with the same options as a running one is refused.
    StartedTokenization startTokenization(qint64 datasetId, TokenizeOptions options);

    // Deletes a dataset, its tokenizations and only its own files. Running jobs
    // of this process are cancelled first; a job another live process runs
    // makes this fail with a message. Throws JobFailure.
    void deleteDataset(qint64 datasetId);
    // Retries the dataset's last unsuccessful job (resuming where possible).
    qint64 retryDataset(qint64 datasetId);
    // The job currently (or last) working on the dataset's own data.
    std::optional<catalog::JobRecord> latestDatasetJob(qint64 datasetId);

    catalog::Catalog &catalog() { return m_catalog; }
    progress::ProgressHub &hub() { return m_hub; }
    JobManager &jobs() { return m_jobs; }

private:
    catalog::Catalog &m_catalog;
    progress::ProgressHub &m_hub;
    JobManager &m_jobs;
};

} // namespace studio::jobs
