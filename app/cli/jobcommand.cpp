#include "cli/jobcommand.h"

#include "catalog/catalog.h"
#include "catalog/catalogerror.h"
#include "cli/cliio.h"
#include "cli/climonitor.h"
#include "cli/jobwaiter.h"
#include "cli/stopsignal.h"
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

namespace {

// --monitor / --monitor-token / --keep-serving around a command's body.
int runMonitored(app::StudioContext &context, const CliOptions &options, const std::function<int()> &body)
{
    const StopSignalScope stopSignal; // one latch for the job and the serving after it
    CliMonitor monitor(context, options);
    if (const int failed = monitor.start())
        return failed;
    const int code = runGuarded(body);
    monitor.keepServingIfAsked();
    return code;
}

} // namespace

int runCommand(QCommandLineParser &parser, const QStringList &args, const CommandBody &body)
{
    CliOptions::addTo(parser);
    if (!parseOrExplain(parser, args))
        return parser.isSet(QStringLiteral("help")) ? Success : Usage;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runMonitored(*context, options, [&] { return body(*context, options); });
}

int runIdCommand(QCommandLineParser &parser, const QStringList &args, const QString &what, const IdCommandBody &body)
{
    parser.addPositionalArgument(what, QStringLiteral("The id (as shown by list or show)."));
    CliOptions::addTo(parser);
    if (!parseOrExplain(parser, args))
        return parser.isSet(QStringLiteral("help")) ? Success : Usage;
    bool ok = false;
    qint64 id = 0;
    if (parser.positionalArguments().size() == 1)
        id = parser.positionalArguments().first().toLongLong(&ok);
    if (!ok || id <= 0) {
        printError(QStringLiteral("expected one %1 (a number, as shown by list)").arg(what));
        return Usage;
    }
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runMonitored(*context, options, [&] { return body(*context, options, id); });
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
            printOut(QStringLiteral("Dataset %1 '%2' is ready: %3 %4, %5")
                         .arg(datasetId)
                         .arg(dataset->name, humanCount(dataset->numSamples),
                              dataset->numSamples == 1 ? QStringLiteral("sample") : QStringLiteral("samples"),
                              humanBytes(dataset->sizeBytes)));
        return Success;
    }
    printError(waiter.message());
    return waiter.interruptedByUser() ? Interrupted : Failed;
}

} // namespace studio::cli
