#include "cli/cliio.h"
#include "cli/clioptions.h"
#include "cli/commands.h"

#include "jobs/hubtokenizerfetch.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/tokenizerresolver.h"
#include "util/jsontext.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <sys/resource.h>
#include <thread>

namespace studio::cli {

namespace {

// Reads the `text` field of every JSON Lines record; false (with a message
// naming the line) on a malformed line.
bool readTexts(const QString &input, std::vector<std::string> &texts)
{
    QFile file;
    if (input.isEmpty() || input == QLatin1String("-")) {
        if (!file.open(stdin, QIODevice::ReadOnly)) {
            printError(QStringLiteral("cannot read standard input"));
            return false;
        }
    } else {
        file.setFileName(input);
        if (!file.open(QIODevice::ReadOnly)) {
            printError(QStringLiteral("%1: %2").arg(input, file.errorString()));
            return false;
        }
    }
    const QString name = input.isEmpty() ? QStringLiteral("<stdin>") : input;
    qint64 lineNumber = 0;
    while (!file.atEnd()) {
        QByteArray line = file.readLine();
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = parseJson(std::string_view(line.constData(), static_cast<std::size_t>(line.size())), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()
            || !doc.object().value(QStringLiteral("text")).isString()) {
            printError(QStringLiteral("%1:%2: expected a JSON object with a string \"text\" field%3")
                           .arg(name)
                           .arg(lineNumber)
                           .arg(error.error != QJsonParseError::NoError ? QStringLiteral(" (") + error.errorString() + QLatin1Char(')')
                                                                        : QString()));
            return false;
        }
        texts.push_back(doc.object().value(QStringLiteral("text")).toString().toStdString());
    }
    return true;
}

std::shared_ptr<const tokenizers::Tokenizer> load(const QString &name)
{
    try {
        return jobs::hubTokenizerResolver().resolve(name).tokenizer;
    } catch (const tokenizers::TokenizerError &e) {
        printError(QString::fromStdString(e.what()));
        return nullptr;
    }
}

int runEncode(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Encode JSON Lines ({\"text\": ...}) into {\"ids\": [...]} lines."));
    parser.addOption({QStringLiteral("tokenizer"), QStringLiteral("gpt2, a Hub model id or a tokenizer.json path."),
                      QStringLiteral("name"), QStringLiteral("gpt2")});
    parser.addOption({QStringLiteral("add-special-tokens"), QStringLiteral("Apply the post-processor's template.")});
    parser.addOption({QStringLiteral("input"), QStringLiteral("Input JSON Lines (default: stdin)."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("output"), QStringLiteral("Output file (default: stdout)."), QStringLiteral("file")});
    parser.addHelpOption();
    if (!parseOrExplain(parser, args))
        return parser.isSet(QStringLiteral("help")) ? Success : Usage;
    const auto tokenizer = load(parser.value(QStringLiteral("tokenizer")));
    if (!tokenizer)
        return Failed;
    std::vector<std::string> texts;
    if (!readTexts(parser.value(QStringLiteral("input")), texts))
        return Failed;
    std::FILE *out = stdout;
    const QString output = parser.value(QStringLiteral("output"));
    if (!output.isEmpty() && !(out = std::fopen(QFile::encodeName(output).constData(), "wb"))) {
        printError(QStringLiteral("cannot write %1").arg(output));
        return Failed;
    }
    const bool special = parser.isSet(QStringLiteral("add-special-tokens"));
    std::vector<std::string_view> views(texts.begin(), texts.end());
    const auto all = tokenizer->encodeBatch(views, special);
    std::string line;
    for (const auto &ids : all) {
        line = "{\"ids\":[";
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (i)
                line.push_back(',');
            line += std::to_string(ids[i]);
        }
        line += "]}\n";
        std::fwrite(line.data(), 1, line.size(), out);
    }
    const bool ok = std::fflush(out) == 0 && !std::ferror(out);
    if (out != stdout)
        std::fclose(out);
    if (!ok) {
        printError(QStringLiteral("writing the output failed (disk full?)"));
        return Failed;
    }
    return Success;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

int runBench(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Measure encoding throughput on JSON Lines documents."));
    parser.addOption({QStringLiteral("tokenizer"), QStringLiteral("gpt2, a Hub model id or a tokenizer.json path."),
                      QStringLiteral("name"), QStringLiteral("gpt2")});
    parser.addOption({QStringLiteral("input"), QStringLiteral("Input JSON Lines with a text field."), QStringLiteral("file")});
    parser.addOption({QStringLiteral("threads"), QStringLiteral("Threads for the all-cores figure (default: all)."),
                      QStringLiteral("n")});
    parser.addOption({QStringLiteral("runs"), QStringLiteral("Warm runs (default 5)."), QStringLiteral("n"), QStringLiteral("5")});
    parser.addHelpOption();
    if (!parseOrExplain(parser, args))
        return parser.isSet(QStringLiteral("help")) ? Success : Usage;
    if (parser.value(QStringLiteral("input")).isEmpty()) {
        printError(QStringLiteral("bench needs --input F.jsonl"));
        return Usage;
    }
    std::vector<std::string> texts;
    if (!readTexts(parser.value(QStringLiteral("input")), texts))
        return Failed;
    const auto tokenizer = load(parser.value(QStringLiteral("tokenizer")));
    if (!tokenizer)
        return Failed;
    std::size_t bytes = 0;
    for (const auto &t : texts)
        bytes += t.size();
    const double mb = double(bytes) / 1e6;
    const unsigned threads = parser.value(QStringLiteral("threads")).isEmpty()
                                 ? std::max(1u, std::thread::hardware_concurrency())
                                 : parser.value(QStringLiteral("threads")).toUInt();
    const int runs = std::max(1, parser.value(QStringLiteral("runs")).toInt());

    std::vector<std::uint32_t> ids;
    std::size_t tokens = 0;
    QElapsedTimer clock;
    const auto singlePass = [&] {
        tokens = 0;
        clock.start();
        for (const auto &t : texts) {
            ids.clear();
            tokenizer->encode(t, false, ids);
            tokens += ids.size();
        }
        return double(clock.nsecsElapsed()) / 1e9;
    };
    const double cold = singlePass();
    std::vector<double> warm;
    for (int r = 0; r < runs; ++r)
        warm.push_back(singlePass());
    // All cores, the same work as the single-thread pass (ids counted, not
    // kept); then encodeBatch, which also keeps every document's ids.
    std::vector<std::string_view> views(texts.begin(), texts.end());
    std::vector<std::uint32_t> counts(texts.size());
    std::vector<double> parallel, batched;
    for (int r = 0; r < std::max(3, runs); ++r) {
        clock.start();
        tokenizer->encodeEach(views, false, threads,
                              [&counts](std::size_t i, std::span<const std::uint32_t> encoded) { counts[i] = std::uint32_t(encoded.size()); });
        parallel.push_back(double(clock.nsecsElapsed()) / 1e9);
    }
    for (int r = 0; r < std::max(3, runs / 2); ++r) {
        clock.start();
        const auto out = tokenizer->encodeBatch(views, false, threads);
        batched.push_back(double(clock.nsecsElapsed()) / 1e9);
    }
    if (std::accumulate(counts.begin(), counts.end(), std::size_t(0)) != tokens) {
        printError(QStringLiteral("bench: the threads produced a different number of tokens than one thread"));
        return Failed;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double w = median(warm), p = median(parallel), b = median(batched);
    std::printf("documents %zu, %.2f MB, %zu tokens\n", texts.size(), mb, tokens);
    std::printf("1 thread  cold: %8.1f MB/s\n", mb / cold);
    std::printf("1 thread  warm: %8.1f MB/s  %10.0f tokens/s (median of %d)\n", mb / w, double(tokens) / w, runs);
    std::printf("%u threads warm: %8.1f MB/s  %10.0f tokens/s (%.2fx one thread)\n", threads, mb / p, double(tokens) / p, w / p);
    std::printf("%u threads encodeBatch, ids kept: %8.1f MB/s\n", threads, mb / b);
    std::printf("peak RSS %.1f MB; single-thread warm %.1f MB/s\n", usage.ru_maxrss / 1024.0, mb / w);
    return Success;
}

} // namespace

int runTokenizerCommand(const QStringList &args)
{
    // args: program, then the sub-command and its options.
    QStringList rest = args;
    QString sub;
    for (qsizetype i = 1; i < rest.size(); ++i) {
        if (!rest[i].startsWith(QLatin1Char('-'))) {
            sub = rest.takeAt(i);
            break;
        }
    }
    rest[0] += QLatin1Char(' ') + sub;
    if (sub == QLatin1String("encode"))
        return runEncode(rest);
    if (sub == QLatin1String("bench"))
        return runBench(rest);
    printError(QStringLiteral("usage: dataset-studio tokenizer encode|bench --tokenizer T ..."));
    return Usage;
}

} // namespace studio::cli
