#include "jobs/jobkinds.h"

#include "jobs/importjob.h"
#include "jobs/jobmanager.h"

namespace studio::jobs {

void registerJobKinds(JobManager &manager)
{
    manager.registerKind(QStringLiteral("import"), [](const catalog::JobRecord &job) {
        return std::make_unique<ImportJob>(job.params);
    });
}

} // namespace studio::jobs
