#include "studiocontext.h"

#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobkinds.h"
#include "jobs/jobmanager.h"
#include "progress/progresshub.h"

namespace studio::app {

StudioContext::StudioContext(const QString &dataDir)
    : m_dataDir(dataDir)
    , m_catalog(catalog::Catalog::open(dataDir))
    , m_hub(std::make_unique<progress::ProgressHub>())
    , m_jobs(std::make_unique<jobs::JobManager>(*m_catalog, *m_hub))
    , m_service(std::make_unique<jobs::DatasetService>(*m_catalog, *m_hub, *m_jobs))
{
    jobs::registerJobKinds(*m_jobs);
    m_jobs->recoverOrphanedJobs();
}

StudioContext::~StudioContext()
{
    m_jobs->shutdown();
}

} // namespace studio::app
