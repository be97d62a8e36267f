#pragma once

#include <QString>

namespace studio::jobs {

// Where a dataset and its tokenizations live inside the data directory:
//   datasets/<id>/rows/                 the column store of imported rows
//   datasets/<id>/tokenizations/<tid>/  one folder per tokenization
// Everything a job writes goes to a sibling "*.partial-<job>" folder first and
// is renamed into place when complete.
QString datasetFolder(const QString &dataDir, qint64 datasetId);
QString datasetRowsFolder(const QString &dataDir, qint64 datasetId);
QString tokenizationFolder(const QString &dataDir, qint64 datasetId, qint64 tokenizationId);
QString partialFolder(const QString &finalFolder, qint64 jobId);
// Replaces `finalFolder` by `partial` (renames; the old folder is removed only
// after the new one is in place). Throws JobFailure on error.
void publishFolder(const QString &partial, const QString &finalFolder);
// After a process died running job `jobId` on the dataset (tokenizationId 0)
// or one of its tokenizations: removes that job's "*.partial-<job>" folders
// and finishes its interrupted publishFolder() (a lone "<final>.old" goes back
// into place; one next to its replacement is removed). Best effort; never throws.
void cleanUpAfterDeadJob(const QString &dataDir, qint64 datasetId, qint64 tokenizationId, qint64 jobId);

} // namespace studio::jobs
