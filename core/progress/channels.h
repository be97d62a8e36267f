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
inline constexpr char16_t Progress[] = u"progress";
inline constexpr char16_t Completed[] = u"completed";
inline constexpr char16_t Error[] = u"error";
inline constexpr char16_t Created[] = u"created";
inline constexpr char16_t Updated[] = u"updated";
inline constexpr char16_t Deleted[] = u"deleted";
} // namespace events

} // namespace studio::progress
