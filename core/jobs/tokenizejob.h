#pragma once

#include "jobs/jobwork.h"
#include "jobs/tokenizeoptions.h"

namespace studio::jobs {

// Tokenizes a stored dataset with the user's options: rows stream in batches,
// each batch is encoded on all cores, then windows/truncation/padding are
// applied in order and the sequences go to the token files while statistics
// accumulate. Memory is bounded by the batch. Params: TokenizeOptions JSON.
class TokenizeJob final : public JobWork
{
public:
    explicit TokenizeJob(const QJsonObject &params);
    QString runningStatus() const override;
    JobOutcome run(JobContext &context) override;
    void discardPartialOutput() override;

private:
    TokenizeOptions m_options;
    QString m_tempDir;
};

} // namespace studio::jobs
