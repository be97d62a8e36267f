#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/instancelock.h"
#include "jobs/jobmanager.h"
#include "jobs/jobwork.h"
#include "studiocontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace studio::cli {

namespace {

// Parses a command with one numeric id argument; returns false on usage errors.
bool parseWithId(QCommandLineParser &parser, const QStringList &args, const QString &what, qint64 &id, int &exitCode)
{
    parser.addPositionalArgument(what, QStringLiteral("The id (as shown by list)."));
    CliOptions::addTo(parser);
    if (!parseOrExplain(parser, args)) {
        exitCode = parser.isSet(QStringLiteral("help")) ? Success : Usage;
        return false;
    }
    bool ok = false;
    if (parser.positionalArguments().size() == 1)
        id = parser.positionalArguments().first().toLongLong(&ok);
    if (!ok || id <= 0) {
        printError(QStringLiteral("expected one %1 (a number, as shown by list)").arg(what));
        exitCode = Usage;
        return false;
    }
    return true;
}

QString padded(const QString &s, int width)
{
    return s.size() > width ? s.left(width - 1) + QChar(0x2026) : s.leftJustified(width);
}

} // namespace

int runListCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the datasets."));
    CliOptions::addTo(parser);
    if (!parseOrExplain(parser, args))
        return parser.isSet(QStringLiteral("help")) ? Success : Usage;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runGuarded([&] {
        const auto datasets = context->catalog().datasets();
        if (options.json) {
            QJsonArray list;
            for (const auto &d : datasets)
                list.append(d.toSummaryJson());
            printJson({{QStringLiteral("datasets"), list}});
            return int(Success);
        }
        printOut(QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                     .arg(padded(QStringLiteral("ID"), 5), padded(QStringLiteral("NAME"), 28),
                          padded(QStringLiteral("STATUS"), 12), padded(QStringLiteral("PROGRESS"), 9),
                          padded(QStringLiteral("SAMPLES"), 12), padded(QStringLiteral("SIZE"), 10),
                          QStringLiteral("SOURCE")));
        for (const auto &d : datasets) {
            const QString source = d.source == QLatin1String("hub")
                                       ? d.repoId + QStringLiteral(" [") + d.split + QLatin1Char(']')
                                       : d.sourcePath;
            printOut(QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                         .arg(padded(QString::number(d.id), 5), padded(d.name, 28), padded(d.status, 12),
                              padded(QString::number(d.progress, 'f', 1) + QLatin1Char('%'), 9),
                              padded(humanCount(d.numSamples), 12), padded(humanBytes(d.sizeBytes), 10), source));
            if (!d.errorMessage.isEmpty())
                printOut(QStringLiteral("      error: ") + d.errorMessage);
        }
        return int(Success);
    });
}

int runShowCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Show one dataset with its tokenizations and jobs."));
    qint64 id = 0;
    int code = 0;
    if (!parseWithId(parser, args, QStringLiteral("DATASET_ID"), id, code))
        return code;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runGuarded([&] {
        const auto d = context->catalog().dataset(id);
        if (!d) {
            printError(QStringLiteral("No dataset %1 (see list)").arg(id));
            return int(Failed);
        }
        QJsonObject o = d->toJson();
        QJsonArray tokenizations, jobs;
        for (const auto &t : context->catalog().tokenizations(id))
            tokenizations.append(t.toJson());
        for (const auto &j : context->catalog().jobsForDataset(id))
            jobs.append(j.toJson());
        o.insert(QStringLiteral("tokenizations"), tokenizations);
        o.insert(QStringLiteral("jobs"), jobs);
        if (options.json) {
            printJson(o);
            return int(Success);
        }
        printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return int(Success);
    });
}

int runDeleteCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Delete a dataset and only its own files."));
    qint64 id = 0;
    int code = 0;
    if (!parseWithId(parser, args, QStringLiteral("DATASET_ID"), id, code))
        return code;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runGuarded([&] {
        context->datasets().deleteDataset(id);
        if (options.json)
            printJson({{QStringLiteral("id"), QString::number(id)}, {QStringLiteral("deleted"), true}});
        else
            printOut(QStringLiteral("Deleted dataset %1").arg(id));
        return int(Success);
    });
}

int runCancelCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Cancel a running job (see show DATASET_ID for job ids)."));
    qint64 id = 0;
    int code = 0;
    if (!parseWithId(parser, args, QStringLiteral("JOB"), id, code))
        return code;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runGuarded([&] {
        using R = jobs::JobManager::CancelResult;
        const R r = context->jobs().cancel(id);
        QString text;
        switch (r) {
        case R::NotFound:
            printError(QStringLiteral("No job %1").arg(id));
            return int(Failed);
        case R::AlreadyFinished:
            text = QStringLiteral("Job %1 is not running (state: %2)").arg(id).arg(context->catalog().job(id)->state);
            break;
        case R::Requested:
        case R::Cancelled:
            text = QStringLiteral("Cancellation requested for job %1").arg(id);
            break;
        }
        if (options.json)
            printJson({{QStringLiteral("id"), QString::number(id)},
                       {QStringLiteral("cancel_requested"), r == R::Requested || r == R::Cancelled},
                       {QStringLiteral("state"), context->catalog().job(id)->state}});
        else
            printOut(text);
        return int(Success);
    });
}

int runRetryCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Retry a dataset's failed, cancelled or interrupted job."));
    qint64 id = 0;
    int code = 0;
    if (!parseWithId(parser, args, QStringLiteral("DATASET_ID"), id, code))
        return code;
    const CliOptions options = CliOptions::from(parser);
    auto context = openContext(options);
    if (!context)
        return Failed;
    return runGuarded([&] {
        const qint64 jobId = context->datasets().retryDataset(id);
        return finishDatasetJob(*context, id, jobId, options);
    });
}

} // namespace studio::cli
