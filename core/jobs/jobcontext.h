#pragma once

#include "catalog/records.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QString>

#include <atomic>
#include <mutex>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}

namespace studio::jobs {

// What a running job sees of the world: its record, the catalog, the data
// directory, cancellation, and one way to report progress, which reaches the
// progress hub at once (the hub coalesces) and the catalog at most twice a second.
class JobContext final
{
public:
    JobContext(catalog::JobRecord job, catalog::Catalog &catalog, progress::ProgressHub &hub,
               QString dataDir, QString runningStatus);
    JobContext(const JobContext &) = delete;
    JobContext &operator=(const JobContext &) = delete;

    const catalog::JobRecord &job() const { return m_job; }
    catalog::Catalog &catalog() { return m_catalog; }
    const QString &dataDirectory() const { return m_dataDir; }

    bool isCancelled() const;
    void throwIfCancelled() const;
    void requestCancel();

    // percent is the job's overall 0..100; it never goes backwards. done/total
    // (with unit "bytes" or "samples") are the raw amounts behind it, if any.
    void report(double percent, const QString &message, qint64 done = -1, qint64 total = -1,
                const QString &unit = {});
    double lastPercent() const;
    // The payload every event of this job carries (dataset_id, job, job_id, ...).
    QJsonObject baseEventData() const;
    QString channel() const;

private:
    void persist(double percent, const QString &message, qint64 done, qint64 total, const QString &unit);

    catalog::JobRecord m_job;
    catalog::Catalog &m_catalog;
    progress::ProgressHub &m_hub;
    QString m_dataDir;
    QString m_runningStatus;
    std::atomic<bool> m_cancelled{false};

    mutable std::mutex m_mutex;
    double m_percent = 0.0;
    QElapsedTimer m_sinceStart;
    qint64 m_lastPersistMs = -1000000;
    qint64 m_firstDone = -1;
    qint64 m_firstDoneMs = 0;
};

} // namespace studio::jobs
