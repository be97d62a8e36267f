#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobmanager.h"
#include "studiocontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace studio::cli {

namespace {

QString padded(const QString &s, int width)
{
    return s.size() > width ? s.left(width - 1) + QChar(0x2026) : s.leftJustified(width);
}

QString sourceOf(const catalog::DatasetRecord &d)
{
    return d.source == QLatin1String("hub") ? d.repoId + QStringLiteral(" [") + d.split + QLatin1Char(']')
                                            : d.sourcePath;
}

} // namespace

int runListCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("List the datasets."));
    return runCommand(parser, args, [](app::StudioContext &context, const CliOptions &options) {
        const auto datasets = context.catalog().datasets();
        if (options.json) {
            QJsonArray list;
            for (const auto &d : datasets)
                list.append(d.toSummaryJson());
            printJson({{QStringLiteral("datasets"), list}});
            return int(Success);
        }
        // Returns QString, not auto: with QT_USE_QSTRINGBUILDER `line + cells[6]`
        // is a builder referring to the local `line` (heap-use-after-free).
        const auto row = [](const QStringList &cells) -> QString {
            static const int widths[] = {5, 28, 12, 9, 12, 10};
            QString line;
            for (int i = 0; i < 6; ++i)
                line += padded(cells[i], widths[i]) + QLatin1Char(' ');
            return line + cells[6];
        };
        printOut(row({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("STATUS"), QStringLiteral("PROGRESS"),
                      QStringLiteral("SAMPLES"), QStringLiteral("SIZE"), QStringLiteral("SOURCE")}));
        for (const auto &d : datasets) {
            printOut(row({QString::number(d.id), d.name, d.status, QString::number(d.progress, 'f', 1) + QLatin1Char('%'),
                          humanCount(d.numSamples), humanBytes(d.sizeBytes), sourceOf(d)}));
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
    return runIdCommand(parser, args, QStringLiteral("DATASET_ID"),
                        [](app::StudioContext &context, const CliOptions &options, qint64 id) {
        const auto d = context.catalog().dataset(id);
        if (!d) {
            printError(QStringLiteral("No dataset %1 (see list)").arg(id));
            return int(Failed);
        }
        QJsonObject o = d->toJson();
        QJsonArray tokenizations, jobs;
        for (const auto &t : context.catalog().tokenizations(id))
            tokenizations.append(t.toJson());
        for (const auto &j : context.catalog().jobsForDataset(id))
            jobs.append(j.toJson());
        o.insert(QStringLiteral("tokenizations"), tokenizations);
        o.insert(QStringLiteral("jobs"), jobs);
        if (options.json)
            printJson(o);
        else
            printOut(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented)));
        return int(Success);
    });
}

int runDeleteCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Delete a dataset and only its own files."));
    return runIdCommand(parser, args, QStringLiteral("DATASET_ID"),
                        [](app::StudioContext &context, const CliOptions &options, qint64 id) {
        context.datasets().deleteDataset(id);
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
    return runIdCommand(parser, args, QStringLiteral("JOB"),
                        [](app::StudioContext &context, const CliOptions &options, qint64 id) {
        using R = jobs::JobManager::CancelResult;
        const R r = context.jobs().cancel(id);
        if (r == R::NotFound) {
            printError(QStringLiteral("No job %1").arg(id));
            return int(Failed);
        }
        const bool requested = r == R::Requested || r == R::Cancelled;
        const QString state = context.catalog().job(id)->state;
        if (options.json)
            printJson({{QStringLiteral("id"), QString::number(id)},
                       {QStringLiteral("cancel_requested"), requested},
                       {QStringLiteral("state"), state}});
        else if (requested)
            printOut(QStringLiteral("Cancellation requested for job %1").arg(id));
        else
            printOut(QStringLiteral("Job %1 is not running (state: %2)").arg(id).arg(state));
        return int(Success);
    });
}

int runRetryCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Retry a dataset's failed, cancelled or interrupted job."));
    return runIdCommand(parser, args, QStringLiteral("DATASET_ID"),
                        [](app::StudioContext &context, const CliOptions &options, qint64 id) {
        const qint64 jobId = context.datasets().retryDataset(id);
        return finishDatasetJob(context, id, jobId, options);
    });
}

} // namespace studio::cli
