#include "cli/jobcommand.h"

#include "catalog/catalog.h"
#include "catalog/catalogerror.h"
#include "cli/cliio.h"
#include "cli/jobwaiter.h"
#include "formats/formaterror.h"
#include "jobs/jobwork.h"
#include "studiocontext.h"
#include "util/datadirectory.h"

namespace studio::cli {

std::unique_ptr<app::StudioContext> openContext(const CliOptions &options)
{
    try {
        return std::make_unique<app::StudioContext>(resolveDataDirectory(options.dataDir));
    } catch (const catalog::CatalogError &e) {
        printError(e.message());
        return nullptr;
    }
}

int runGuarded(const std::function<int()> &body)
{
    try {
        return body();
    } catch (const jobs::JobFailure &e) {
        printError(e.message());
    } catch (const catalog::CatalogError &e) {
        printError(e.message());
    } catch (const formats::FormatError &e) {
        printError(e.message());
    }
    return Failed;
}

int finishDatasetJob(app::StudioContext &context, qint64 datasetId, qint64 jobId, const CliOptions &options)
{
    JobWaiter waiter(context, jobId, !options.json && stdoutIsTerminal());
    const QString state = waiter.wait();
    const auto dataset = context.catalog().dataset(datasetId);
    if (options.json && dataset)
        printJson(dataset->toSummaryJson());
    if (state == QLatin1String("completed")) {
        if (!options.json && dataset)
            printOut(QStringLiteral("Dataset %1 '%2' is ready: %3 samples, %4")
                         .arg(datasetId)
                         .arg(dataset->name, humanCount(dataset->numSamples), humanBytes(dataset->sizeBytes)));
        return Success;
    }
    printError(waiter.message());
    return waiter.interruptedByUser() ? Interrupted : Failed;
}

} // namespace studio::cli
