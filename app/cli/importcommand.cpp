#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "jobs/datasetservice.h"
#include "studiocontext.h"

namespace studio::cli {

int runImportCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Import a local file as a dataset."));
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("The file to import."));
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("jsonl, json, csv, tsv, parquet, txt (a sample per line) or paragraphs "
                                     "(a sample per blank-line block). Default: from the extension."),
                      QStringLiteral("format")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("Dataset name (default: the file name)."),
                      QStringLiteral("name")});
    return runCommand(parser, args, [&parser](app::StudioContext &context, const CliOptions &options) {
        if (parser.positionalArguments().size() != 1) {
            printError(QStringLiteral("import needs exactly one PATH"));
            return int(Usage);
        }
        const auto started = context.datasets().importLocal(parser.positionalArguments().first(),
                                                            parser.value(QStringLiteral("format")),
                                                            parser.value(QStringLiteral("name")));
        return finishDatasetJob(context, started.datasetId, started.jobId, options);
    });
}

} // namespace studio::cli
