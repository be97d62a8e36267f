#pragma once

#include "progress/progresshub.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

namespace studio::catalog {
class Catalog;
}

namespace studio::remote {

// The read-only views the server hands out: catalog summaries for the
// `datasets` channel and /api, the last event of a progress channel. Used from
// the server thread (the catalog and hub are thread-safe).
class SnapshotSource final
{
public:
    SnapshotSource(progress::ProgressHub &hub, catalog::Catalog &catalog);

    // {"datasets":[summary, …]} — cached until the `datasets` channel moves
    // (or for at most a second: other processes may share the catalog).
    QJsonObject datasets();
    // One summary with "tokenizations":[…], or nullopt when there is no such dataset.
    std::optional<QJsonObject> dataset(qint64 id);
    // The snapshot of `subscribed`: the datasets list, or the channel's last event's data (null if none).
    QJsonValue channelSnapshot(const QString &channel, const progress::ProgressHub::ChannelState &state);

    progress::ProgressHub &hub() { return m_hub; }

private:
    progress::ProgressHub &m_hub;
    catalog::Catalog &m_catalog;
    QJsonObject m_cached;
    quint64 m_cachedSeq = 0;
    QElapsedTimer m_cachedAge;
};

} // namespace studio::remote
