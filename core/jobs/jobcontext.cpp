#include "jobs/jobcontext.h"

#include "catalog/catalog.h"
#include "jobs/jobwork.h"
#include "progress/channels.h"
#include "progress/progresshub.h"

#include <algorithm>

namespace studio::jobs {

JobContext::JobContext(catalog::JobRecord job, catalog::Catalog &catalog, progress::ProgressHub &hub,
                       QString dataDir, QString runningStatus)
    : m_job(std::move(job))
    , m_catalog(catalog)
    , m_hub(hub)
    , m_dataDir(std::move(dataDir))
    , m_runningStatus(std::move(runningStatus))
{
    m_sinceStart.start();
}

bool JobContext::isCancelled() const
{
    return m_cancelled.load(std::memory_order_relaxed);
}

void JobContext::throwIfCancelled() const
{
    if (isCancelled())
        throw JobCancelled();
}

void JobContext::requestCancel()
{
    m_cancelled.store(true);
}

double JobContext::lastPercent() const
{
    std::lock_guard lock(m_mutex);
    return m_percent;
}

QString JobContext::channel() const
{
    return progress::datasetProgressChannel(QString::number(m_job.datasetId));
}

QJsonObject JobContext::baseEventData() const
{
    QJsonObject data{{QStringLiteral("dataset_id"), QString::number(m_job.datasetId)},
                     {QStringLiteral("job"), m_job.kind},
                     {QStringLiteral("job_id"), QString::number(m_job.id)}};
    if (m_job.tokenizationId > 0)
        data.insert(QStringLiteral("tokenization_id"), QString::number(m_job.tokenizationId));
    return data;
}

void JobContext::report(double percent, const QString &message, qint64 done, qint64 total, const QString &unit)
{
    QJsonObject data = baseEventData();
    bool persistNow = false;
    {
        std::lock_guard lock(m_mutex);
        m_percent = std::clamp(std::max(percent, m_percent), 0.0, 100.0);
        data.insert(QStringLiteral("progress"), std::round(m_percent * 10.0) / 10.0);
        data.insert(QStringLiteral("status"), m_runningStatus);
        data.insert(QStringLiteral("message"), message);
        if (done >= 0 && total > 0) {
            data.insert(QStringLiteral("done"), done);
            data.insert(QStringLiteral("total"), total);
            data.insert(QStringLiteral("unit"), unit);
            const qint64 now = m_sinceStart.elapsed();
            if (m_firstDone < 0) {
                m_firstDone = done;
                m_firstDoneMs = now;
            } else if (done > m_firstDone && now > m_firstDoneMs + 500) {
                const double rate = double(done - m_firstDone) / double(now - m_firstDoneMs); // per ms
                data.insert(QStringLiteral("eta_seconds"),
                            std::round(double(total - done) / rate / 100.0) / 10.0);
            }
        }
        const qint64 now = m_sinceStart.elapsed();
        if (now - m_lastPersistMs >= 500) {
            m_lastPersistMs = now;
            persistNow = true;
        }
        percent = m_percent;
    }
    m_hub.publish(channel(), QString(progress::events::Progress), data);
    if (persistNow)
        persist(percent, message, done, total, unit);
}

void JobContext::persist(double percent, const QString &message, qint64 done, qint64 total, const QString &unit)
{
    try {
        m_catalog.transaction([&](catalog::Catalog &c) {
            QVariantMap jobFields{{QStringLiteral("progress"), percent}, {QStringLiteral("message"), message}};
            if (done >= 0) {
                jobFields.insert(QStringLiteral("done"), done);
                jobFields.insert(QStringLiteral("total"), total);
                jobFields.insert(QStringLiteral("unit"), unit);
            }
            c.updateJob(m_job.id, jobFields);
            const QVariantMap owned{{QStringLiteral("progress"), percent}, {QStringLiteral("message"), message}};
            if (m_job.tokenizationId > 0)
                c.updateTokenization(m_job.tokenizationId, owned);
            else
                c.updateDataset(m_job.datasetId, owned);
        });
    } catch (const std::exception &) {
        // Progress persistence is best effort; the job's own writes report real failures.
    }
}

} // namespace studio::jobs
