#pragma once

#include "cli/clioptions.h"

#include <functional>
#include <memory>

namespace studio::app {
class StudioContext;
}

namespace studio::cli {

// Opens the data directory of `options`; on failure prints the reason and
// returns null.
std::unique_ptr<app::StudioContext> openContext(const CliOptions &options);

// Runs `body`, turning the core's exceptions into a message and exit code 1.
int runGuarded(const std::function<int()> &body);

using CommandBody = std::function<int(app::StudioContext &, const CliOptions &)>;
// The frame of every command: adds the common options to `parser` (which
// carries the command's own), parses `args`, answers --help and usage errors,
// opens the data directory and runs `body` guarded.
int runCommand(QCommandLineParser &parser, const QStringList &args, const CommandBody &body);

using IdCommandBody = std::function<int(app::StudioContext &, const CliOptions &, qint64 id)>;
// runCommand for commands that take one numeric id (DATASET_ID, JOB).
int runIdCommand(QCommandLineParser &parser, const QStringList &args, const QString &what, const IdCommandBody &body);

// Waits for a dataset job (import, download) started in this process, then
// prints the result: a human line, or with --json the dataset summary as the
// last stdout line. Returns the exit code.
int finishDatasetJob(app::StudioContext &context, qint64 datasetId, qint64 jobId, const CliOptions &options);

} // namespace studio::cli
