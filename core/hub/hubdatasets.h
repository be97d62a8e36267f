#pragma once

#include "hub/datasetlayout.h"

#include <QJsonObject>
#include <QString>

namespace studio::hub {

class HubClient;

// Dataset-level questions asked of the Hub (or, offline, of the cache): which
// configs and splits a dataset repo has, how many rows each shard holds (from
// parquet footers fetched with a Range request for the file's tail, so no
// shard is downloaded just to count it), and which shards and rows a split
// spec selects. What was learnt about a commit (its files, shard row counts)
// is kept in `indexDir` (in the data directory, not in the shared cache), so
// the same questions can be answered offline later.
class HubDatasets final
{
public:
    HubDatasets(HubClient &client, QString indexDir);

    // Configs and splits, without row counts. Throws HubError.
    DatasetLayout layout(const QString &repoId, const QString &revision = {});
    // Fills in the row counts of the parquet shards of `splits` of `config`.
    void countRows(DatasetLayout &layout, const QString &config, const QStringList &splits);
    // The whole question of a download or a preview: layout, row counts of the
    // splits the spec names, the selected rows per shard. Throws HubError with
    // datasets' messages for the spec ("Unknown split …", "… corresponds to no data!").
    SlicePlan plan(const QString &repoId, const QString &config, const QString &splitSpec, const QString &revision = {});
    // Recomputes plan.segments once every shard's rows are known (e.g. JSON
    // Lines shards counted after download).
    static void slice(SlicePlan &plan);
    // Picks the config: `requested`, else the only one / "default". Throws with the choices.
    static QString chooseConfig(const DatasetLayout &layout, const QString &requested);

private:
    QString indexPath(const QString &repoId, const QString &commit) const;
    QJsonObject loadIndex(const QString &repoId, const QString &commit) const;
    void saveIndex(const QString &repoId, const QString &commit, const QJsonObject &index) const;
    qint64 footerRows(const DatasetLayout &layout, ShardInfo &shard);

    HubClient &m_client;
    QString m_indexDir;
};

} // namespace studio::hub
