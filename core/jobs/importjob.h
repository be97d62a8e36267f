#pragma once

#include "jobs/jobwork.h"

namespace studio::jobs {

// Imports a local file (JSON Lines, JSON array, CSV/TSV, text lines or
// paragraphs) into the dataset's column store, streaming, with progress by
// bytes. Params: {"path", "format"}.
class ImportJob final : public JobWork
{
public:
    explicit ImportJob(const QJsonObject &params);
    QString runningStatus() const override;
    JobOutcome run(JobContext &context) override;
    void discardPartialOutput() override;

private:
    JobOutcome importParquet(JobContext &context, const QString &finalDir);

    QString m_path;
    QString m_format;
    QString m_tempDir;
};

} // namespace studio::jobs
