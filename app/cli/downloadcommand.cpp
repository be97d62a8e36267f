#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "jobs/datasetservice.h"
#include "studiocontext.h"

namespace studio::cli {

int runDownloadCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Download a split slice of a Hugging Face Hub dataset (only the shards it needs) as a dataset.\n"
        "Environment: HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE, HF_HUB_DOWNLOAD_TIMEOUT."));
    parser.addPositionalArgument(QStringLiteral("repo_id"), QStringLiteral("The dataset repository, e.g. roneneldan/TinyStories."));
    parser.addOption({QStringLiteral("config"), QStringLiteral("Dataset config (default: the only one, or 'default')."), QStringLiteral("C")});
    parser.addOption({QStringLiteral("split"),
                      QStringLiteral("Split spec as in the datasets library, e.g. train[:1%], train[10:200], "
                                     "train[:10%]+validation[-5%:] (default: train)."),
                      QStringLiteral("SPEC")});
    parser.addOption({QStringLiteral("revision"), QStringLiteral("Branch, tag or commit (default: main)."), QStringLiteral("R")});
    parser.addOption({QStringLiteral("token"), QStringLiteral("Access token for gated or private datasets (default: HF_TOKEN or the token file)."),
                      QStringLiteral("T")});
    return runCommand(parser, args, [&parser](app::StudioContext &context, const CliOptions &options) {
        if (parser.positionalArguments().size() != 1) {
            printError(QStringLiteral("download needs exactly one REPO_ID (e.g. roneneldan/TinyStories)"));
            return int(Usage);
        }
        const auto started = context.datasets().startDownload(
            parser.positionalArguments().first(), parser.value(QStringLiteral("config")), parser.value(QStringLiteral("split")),
            parser.value(QStringLiteral("revision")), parser.value(QStringLiteral("token")));
        return finishDatasetJob(context, started.datasetId, started.jobId, options);
    });
}

} // namespace studio::cli
