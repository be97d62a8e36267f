#pragma once

#include <QString>

namespace studio::progress {

// "datasets": catalog changes (created / updated / deleted with a dataset summary).
QString datasetsChannel();
// "datasets/{id}/progress": every job of one dataset (progress / completed / error).
QString datasetProgressChannel(const QString &datasetId);
// The dataset id of a progress channel, or an empty string if `channel` is not one.
QString datasetIdOfChannel(const QString &channel);

namespace events {
inline const QString Progress = QStringLiteral("progress");
inline const QString Completed = QStringLiteral("completed");
inline const QString Error = QStringLiteral("error");
inline const QString Created = QStringLiteral("created");
inline const QString Updated = QStringLiteral("updated");
inline const QString Deleted = QStringLiteral("deleted");
} // namespace events

} // namespace studio::progress
