#include "jobs/datasetevents.h"

#include "catalog/catalog.h"
#include "progress/channels.h"
#include "progress/progresshub.h"

namespace studio::jobs {

void publishDatasetEvent(progress::ProgressHub &hub, catalog::Catalog &catalog, qint64 datasetId,
                         const QString &event)
{
    QJsonObject summary;
    if (event == QStringView(progress::events::Deleted)) {
        summary.insert(QStringLiteral("id"), QString::number(datasetId));
    } else {
        const auto d = catalog.dataset(datasetId);
        if (!d)
            return;
        summary = d->toSummaryJson();
    }
    hub.publish(progress::datasetsChannel(), event, summary);
}

} // namespace studio::jobs
