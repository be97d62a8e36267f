#pragma once

#include <QString>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}

namespace studio::jobs {

// Publishes a `datasets` channel event (created / updated / deleted) carrying
// the dataset's summary as the catalog has it now.
void publishDatasetEvent(progress::ProgressHub &hub, catalog::Catalog &catalog, qint64 datasetId,
                         const QString &event);

} // namespace studio::jobs
