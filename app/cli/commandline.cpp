#include "cli/commandline.h"

#include "cli/cliio.h"
#include "cli/commands.h"

#include "util/version.h"

#include <QHash>

#include <functional>

namespace studio::cli {

namespace {

using Command = std::function<int(const QStringList &)>;

const QHash<QString, Command> &commandTable()
{
    static const QHash<QString, Command> table{
        {QStringLiteral("import"), runImportCommand},
        {QStringLiteral("download"), runDownloadCommand},
        {QStringLiteral("list"), runListCommand},
        {QStringLiteral("show"), runShowCommand},
        {QStringLiteral("delete"), runDeleteCommand},
        {QStringLiteral("cancel"), runCancelCommand},
        {QStringLiteral("retry"), runRetryCommand},
        {QStringLiteral("demo"), runDemoCommand},
        {QStringLiteral("tokenizer"), runTokenizerCommand},
        {QStringLiteral("tokenize"), runTokenizeCommand},
    };
    return table;
}

// Options of the top level that take a value (so their value is not a command).
bool takesValue(const QString &option)
{
    return option == QLatin1String("--data-dir") || option == QLatin1String("--monitor")
           || option == QLatin1String("--monitor-token") || option == QLatin1String("--monitor-cert")
           || option == QLatin1String("--monitor-key");
}

} // namespace

QString usage()
{
    return QStringLiteral(
        "Usage:\n"
        "  dataset-studio                                   the desktop app\n"
        "  dataset-studio FILE...                           the desktop app, importing the files\n"
        "  dataset-studio download REPO_ID [--config C] [--split SPEC] [--revision R] [--token T]\n"
        "  dataset-studio import PATH... [--format jsonl|json|csv|tsv|parquet|txt|paragraphs] [--name N]\n"
        "  dataset-studio tokenize DATASET_ID [--tokenizer gpt2|MODEL_ID|PATH] [--max-length 512] [--stride 0]\n"
        "                          [--overflow truncate|windows] [--padding none|longest|max_length]\n"
        "                          [--no-truncation] [--no-special-tokens] [--column text]\n"
        "  dataset-studio list | show DATASET_ID | delete DATASET_ID | cancel JOB | retry DATASET_ID\n"
        "  dataset-studio demo                              import a bundled sample dataset\n"
        "  dataset-studio tokenizer encode --tokenizer T [--add-special-tokens] [--input F.jsonl] [--output F.jsonl]\n"
        "  dataset-studio tokenizer bench  --tokenizer T --input F.jsonl [--threads N]\n"
        "Common options: --data-dir D, --json, --monitor [ADDR:]PORT, --monitor-token T, --keep-serving,\n"
        "  --monitor-cert F --monitor-key F (TLS for the monitor)\n"
        "  --version, --help");
}

QStringList positionalArguments(const QStringList &arguments)
{
    QStringList out;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &a = arguments.at(i);
        if (a.startsWith(QLatin1Char('-'))) {
            if (takesValue(a))
                ++i;
            continue;
        }
        out << a;
    }
    return out;
}

QString findCommand(const QStringList &arguments)
{
    const QStringList positional = positionalArguments(arguments);
    return positional.isEmpty() ? QString() : positional.first();
}

bool isCommand(const QString &word)
{
    return commandTable().contains(word);
}

int runCommandLine(const QStringList &arguments)
{
    const QString command = findCommand(arguments);
    if (command.isEmpty()) {
        if (arguments.contains(QStringLiteral("--version")) || arguments.contains(QStringLiteral("-v"))) {
            printOut(QStringLiteral("dataset-studio ") + studio::version());
            return Success;
        }
        printOut(usage());
        return arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h")) ? Success : Usage;
    }
    const auto it = commandTable().constFind(command);
    if (it == commandTable().constEnd()) {
        printError(QStringLiteral("unknown command '%1'\n").arg(command) + usage());
        return Usage;
    }
    QStringList rest = arguments;
    rest.removeAt(rest.indexOf(command, 1));
    rest[0] = arguments.first() + QLatin1Char(' ') + command;
    return (*it)(rest);
}

} // namespace studio::cli
