#pragma once

#include <QString>

#include <memory>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}
namespace studio::jobs {
class JobManager;
class DatasetService;
}

namespace studio::app {

// The core objects one process uses, wired together for a data directory:
// catalog, progress hub, job manager (with every job kind) and the dataset
// service. Opening it also marks jobs orphaned by a dead process as interrupted.
class StudioContext final
{
public:
    explicit StudioContext(const QString &dataDir); // throws CatalogError
    ~StudioContext();
    StudioContext(const StudioContext &) = delete;
    StudioContext &operator=(const StudioContext &) = delete;

    catalog::Catalog &catalog() { return *m_catalog; }
    progress::ProgressHub &hub() { return *m_hub; }
    jobs::JobManager &jobs() { return *m_jobs; }
    jobs::DatasetService &datasets() { return *m_service; }
    const QString &dataDirectory() const { return m_dataDir; }

private:
    QString m_dataDir;
    std::unique_ptr<catalog::Catalog> m_catalog;
    std::unique_ptr<progress::ProgressHub> m_hub;
    std::unique_ptr<jobs::JobManager> m_jobs;
    std::unique_ptr<jobs::DatasetService> m_service;
};

} // namespace studio::app
