#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// Which repo files make up which config and split, as `datasets` decides it:
// the README's YAML `configs:` block (data_files / data_dir, glob patterns),
// else the file names (data/{split}-NNNNN-of-NNNNN*.*, then the train /
// validation / test keywords in file or folder names, else everything is train).
namespace studio::hub::datafiles {

using SplitFiles = QList<QPair<QString, QStringList>>; // split -> files, in order

struct ConfigFiles {
    QString name;
    SplitFiles splits;
};

// "parquet", "jsonl", "csv" for the formats a download can read, else empty.
QString formatOfPath(const QString &path);
// The YAML front matter's `configs:` entries as split -> patterns (data_dir
// applied). Empty when there is no such block. Never throws.
QList<QPair<QString, SplitFiles>> readmeConfigs(const QByteArray &readme);
// fsspec-style glob: '*' and '?' stay within a folder, '**' crosses folders.
bool globMatch(const QString &pattern, const QString &path);
// Files of `files` matching each split's patterns (sorted, readable formats only).
SplitFiles resolvePatterns(const SplitFiles &patterns, const QStringList &files);
// datasets' default inference from file names.
SplitFiles inferSplits(const QStringList &files);

} // namespace studio::hub::datafiles
