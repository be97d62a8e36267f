#include "remote/snapshotsource.h"

#include "catalog/catalog.h"
#include "catalog/catalogerror.h"
#include "progress/channels.h"

#include <QJsonArray>

namespace studio::remote {

SnapshotSource::SnapshotSource(progress::ProgressHub &hub, catalog::Catalog &catalog)
    : m_hub(hub)
    , m_catalog(catalog)
{
}

QJsonObject SnapshotSource::datasets()
{
    const quint64 seq = m_hub.channelState(progress::datasetsChannel()).seq;
    if (m_cachedAge.isValid() && m_cachedSeq == seq && m_cachedAge.elapsed() < 1000)
        return m_cached;
    QJsonArray list;
    try {
        for (const catalog::DatasetRecord &d : m_catalog.datasets())
            list.append(d.toSummaryJson());
    } catch (const catalog::CatalogError &) {
        return m_cached.isEmpty() ? QJsonObject{{QStringLiteral("datasets"), QJsonArray()}} : m_cached;
    }
    m_cached = QJsonObject{{QStringLiteral("datasets"), list}};
    m_cachedSeq = seq;
    m_cachedAge.start();
    return m_cached;
}

std::optional<QJsonObject> SnapshotSource::dataset(qint64 id)
{
    try {
        const auto d = m_catalog.dataset(id);
        if (!d)
            return std::nullopt;
        QJsonObject o = d->toSummaryJson();
        QJsonArray tokenizations;
        for (const catalog::TokenizationRecord &t : m_catalog.tokenizations(id))
            tokenizations.append(t.toJson());
        o.insert(QStringLiteral("tokenizations"), tokenizations);
        return o;
    } catch (const catalog::CatalogError &) {
        return std::nullopt;
    }
}

QJsonValue SnapshotSource::channelSnapshot(const QString &channel, const progress::ProgressHub::ChannelState &state)
{
    if (channel == progress::datasetsChannel())
        return datasets();
    if (!state.last)
        return QJsonValue::Null;
    return state.last->data;
}

} // namespace studio::remote
