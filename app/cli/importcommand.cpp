#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "jobs/datasetservice.h"
#include "studiocontext.h"

namespace studio::cli {

int runImportCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Import local files, each as a dataset."));
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("The file(s) to import."), QStringLiteral("PATH..."));
    parser.addOption({QStringLiteral("format"),
                      QStringLiteral("jsonl, json, csv, tsv, parquet, txt (a sample per line) or paragraphs "
                                     "(a sample per blank-line block). Default: from the extension."),
                      QStringLiteral("format")});
    parser.addOption({QStringLiteral("name"), QStringLiteral("Dataset name (default: the file name; one PATH only)."),
                      QStringLiteral("name")});
    return runCommand(parser, args, [&parser](app::StudioContext &context, const CliOptions &options) {
        const QStringList paths = parser.positionalArguments();
        if (paths.isEmpty() || (paths.size() > 1 && parser.isSet(QStringLiteral("name")))) {
            printError(paths.isEmpty() ? QStringLiteral("import needs a PATH") : QStringLiteral("--name needs exactly one PATH"));
            return int(Usage);
        }
        // One after the other: each file's progress and result as for one.
        int rc = Success;
        for (const QString &path : paths) {
            const auto started = context.datasets().importLocal(path, parser.value(QStringLiteral("format")),
                                                                parser.value(QStringLiteral("name")));
            const int one = finishDatasetJob(context, started.datasetId, started.jobId, options);
            if (rc == Success)
                rc = one;
        }
        return rc;
    });
}

} // namespace studio::cli
