#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"
#include "cli/jobwaiter.h"

#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "studiocontext.h"

namespace studio::cli {

int runTokenizeCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Tokenize a dataset into token files and statistics."));
    parser.addOption({QStringLiteral("tokenizer"), QStringLiteral("gpt2 (default), a Hub model id or a tokenizer.json path."),
                      QStringLiteral("name"), QStringLiteral("gpt2")});
    parser.addOption({QStringLiteral("max-length"), QStringLiteral("Tokens per sequence (default 512)."), QStringLiteral("n"),
                      QStringLiteral("512")});
    parser.addOption({QStringLiteral("stride"), QStringLiteral("Overlap between overflow windows (default 0)."),
                      QStringLiteral("n"), QStringLiteral("0")});
    parser.addOption({QStringLiteral("overflow"), QStringLiteral("truncate (default) or windows."), QStringLiteral("mode"),
                      QStringLiteral("truncate")});
    parser.addOption({QStringLiteral("padding"), QStringLiteral("none (default), longest or max_length."),
                      QStringLiteral("mode"), QStringLiteral("none")});
    parser.addOption({QStringLiteral("truncation"), QStringLiteral("Cut samples at max-length (the default).")});
    parser.addOption({QStringLiteral("no-truncation"), QStringLiteral("Keep whole samples.")});
    parser.addOption({QStringLiteral("no-special-tokens"), QStringLiteral("Do not add the tokenizer's special tokens.")});
    parser.addOption({QStringLiteral("column"), QStringLiteral("Text column (default: detected)."), QStringLiteral("name")});
    return runIdCommand(parser, args, QStringLiteral("DATASET_ID"),
                        [&parser](app::StudioContext &context, const CliOptions &options, qint64 id) {
        jobs::TokenizeOptions t;
        bool ok = true, okStride = true;
        t.tokenizer = parser.value(QStringLiteral("tokenizer"));
        t.maxLength = parser.value(QStringLiteral("max-length")).toInt(&ok);
        t.stride = parser.value(QStringLiteral("stride")).toInt(&okStride);
        if (!ok || !okStride) {
            printError(QStringLiteral("--max-length and --stride take whole numbers"));
            return int(Usage);
        }
        t.overflow = parser.value(QStringLiteral("overflow"));
        t.padding = parser.value(QStringLiteral("padding"));
        t.truncation = !parser.isSet(QStringLiteral("no-truncation"));
        t.addSpecialTokens = !parser.isSet(QStringLiteral("no-special-tokens"));
        t.column = parser.value(QStringLiteral("column"));
        const auto started = context.datasets().startTokenization(id, t);
        JobWaiter waiter(context, started.jobId, !options.json && stdoutIsTerminal());
        const QString state = waiter.wait();
        const auto record = context.catalog().tokenization(started.tokenizationId);
        if (options.json && record) {
            QJsonObject o = record->toJson();
            o.insert(QStringLiteral("job_id"), QString::number(started.jobId));
            printJson(o);
        }
        if (state == QLatin1String("completed")) {
            if (!options.json && record)
                printOut(QStringLiteral("Tokenization %1 of dataset %2 is ready: %3 tokens in %4")
                             .arg(record->id)
                             .arg(id)
                             .arg(humanCount(record->numTokens), record->outputPath));
            return int(Success);
        }
        printError(waiter.message());
        return int(waiter.interruptedByUser() ? Interrupted : Failed);
    });
}

} // namespace studio::cli
