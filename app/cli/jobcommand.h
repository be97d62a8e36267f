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

// Waits for a dataset job (import, download) started in this process, then
// prints the result: a human line, or with --json the dataset summary as the
// last stdout line. Returns the exit code.
int finishDatasetJob(app::StudioContext &context, qint64 datasetId, qint64 jobId, const CliOptions &options);

} // namespace studio::cli
