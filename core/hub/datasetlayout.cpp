#include "hub/datasetlayout.h"

namespace studio::hub {

qint64 SplitInfo::rows() const
{
    qint64 n = 0;
    for (const ShardInfo &s : shards) {
        if (s.rows < 0)
            return -1;
        n += s.rows;
    }
    return n;
}

qint64 SplitInfo::bytes() const
{
    qint64 n = 0;
    for (const ShardInfo &s : shards)
        n += std::max<qint64>(0, s.size);
    return n;
}

const SplitInfo *ConfigInfo::split(const QString &name) const
{
    for (const SplitInfo &s : splits)
        if (s.name == name)
            return &s;
    return nullptr;
}

const ConfigInfo *DatasetLayout::config(const QString &name) const
{
    for (const ConfigInfo &c : configs)
        if (c.name == name)
            return &c;
    return nullptr;
}

QStringList DatasetLayout::configNames() const
{
    QStringList out;
    for (const ConfigInfo &c : configs)
        out << c.name;
    return out;
}

QList<ShardInfo> SlicePlan::shardsToFetch() const
{
    QList<ShardInfo> out;
    for (const Segment &s : segments) {
        const bool seen = std::any_of(out.begin(), out.end(), [&](const ShardInfo &o) {
            return o.path == s.shard.path && o.revision == s.shard.revision;
        });
        if (!seen)
            out.append(s.shard);
    }
    return out;
}

qint64 SlicePlan::bytesTotal() const
{
    qint64 n = 0;
    for (const ShardInfo &s : shardsToFetch())
        n += std::max<qint64>(0, s.size);
    return n;
}

qint64 SlicePlan::bytesToDownload() const
{
    qint64 n = 0;
    for (const ShardInfo &s : shardsToFetch())
        if (!s.cached)
            n += std::max<qint64>(0, s.size);
    return n;
}

} // namespace studio::hub
