#include "jobs/jobkinds.h"

#include "jobs/downloadjob.h"
#include "jobs/importjob.h"
#include "jobs/jobmanager.h"
#include "jobs/tokenizejob.h"

namespace studio::jobs {

void registerJobKinds(JobManager &manager)
{
    manager.registerKind(QStringLiteral("import"), [](const catalog::JobRecord &job) {
        return std::make_unique<ImportJob>(job.params);
    });
    manager.registerKind(QStringLiteral("download"), [](const catalog::JobRecord &job) {
        return std::make_unique<DownloadJob>(job.params, job.datasetId);
    });
    manager.registerKind(QStringLiteral("tokenize"), [](const catalog::JobRecord &job) {
        return std::make_unique<TokenizeJob>(job.params);
    });
}

} // namespace studio::jobs
