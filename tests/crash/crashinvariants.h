#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

namespace studio::test {

// What must hold in a data directory whenever no Dataset Studio process runs
// (after a restart has recovered orphaned jobs):
// - the catalog passes PRAGMA integrity_check;
// - no job is queued/running and no dataset is active (queued, downloading,
//   processing): a dead process's work is marked interrupted;
// - every ready dataset opens with DatasetRows::open and holds exactly
//   num_samples rows, and num_samples is what its source file holds
//   (expectedRows: source path → rows, when known);
// - no tokenization is active; every ready one has complete token files:
//   tokens.bin with the llm.c header whose count equals num_tokens and whose
//   size matches it, tokens.idx with one entry per sequence plus the total,
//   and a meta.json that parses and agrees; at most one ready tokenization
//   per dataset and options key;
// - no folder under datasets/ belongs to a dataset the catalog does not know
//   and no "*.partial-<job>" folder belongs to a finished job.
// Returns the violations (empty: all hold).
QStringList checkDataDirInvariants(const QString &dataDir, const QHash<QString, qint64> &expectedRows);

} // namespace studio::test
