#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace studio::hub {

// One data file of a split ("shard").
struct ShardInfo {
    QString path;        // in the repo at `revision`
    QString revision;    // the dataset's revision, or refs/convert/parquet
    QString format;      // parquet | jsonl | csv
    qint64 size = -1;
    QString etag;        // blob id (sha256 for LFS files), when known
    qint64 rows = -1;    // -1: not known yet (parquet: from the footer)
    bool cached = false; // complete in the Hugging Face cache
};

struct SplitInfo {
    QString name;
    QList<ShardInfo> shards; // in order
    qint64 rows() const;     // -1 if any shard's count is unknown
    qint64 bytes() const;
};

struct ConfigInfo {
    QString name;
    QList<SplitInfo> splits;
    const SplitInfo *split(const QString &name) const;
};

// The configs and splits of a dataset repo at one commit, and where they came
// from: the README's `configs:` block, the file names (data/{split}-NNNNN-of-NNNNN.*,
// train/validation/test keywords), or the Hub's parquet conversion.
struct DatasetLayout {
    QString repoId;
    QString revision;
    QString commit;
    QString source;      // "readme", "files" or "parquet-conversion"
    QList<ConfigInfo> configs;
    const ConfigInfo *config(const QString &name) const;
    QStringList configNames() const;
};

// What a split spec of one config selects: rows [firstRow, firstRow + numRows)
// of each shard it touches, in order, and what that costs to download.
struct SlicePlan {
    DatasetLayout layout;
    QString config;
    QString splitSpec;
    struct Segment {
        QString split;
        ShardInfo shard;
        qint64 firstRow = 0;
        qint64 numRows = 0;
    };
    QList<Segment> segments;
    qint64 rows = 0;
    // Shards whose rows must be counted after download (JSON Lines / CSV).
    bool countAfterDownload = false;
    QList<ShardInfo> shardsToFetch() const; // distinct, in order
    qint64 bytesTotal() const;              // of shardsToFetch()
    qint64 bytesToDownload() const;         // of those not cached yet
};

} // namespace studio::hub
