#include "cli/cliio.h"
#include "cli/commands.h"
#include "cli/jobcommand.h"

#include "jobs/datasetservice.h"
#include "studiocontext.h"

#include <QDir>
#include <QFile>

namespace studio::cli {

int runDemoCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Import the bundled TinyStories sample (600 stories)."));
    return runCommand(parser, args, [](app::StudioContext &context, const CliOptions &options) {
        const QString folder = QDir(context.dataDirectory()).filePath(QStringLiteral("samples"));
        QDir().mkpath(folder);
        const QString path = QDir(folder).filePath(QStringLiteral("tinystories_sample.txt"));
        QFile::remove(path);
        if (!QFile::copy(QStringLiteral(":/samples/tinystories_sample.txt"), path)) {
            printError(QStringLiteral("Cannot write the sample to %1").arg(path));
            return int(Failed);
        }
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        if (!options.json)
            printOut(QStringLiteral("Importing the bundled TinyStories sample into %1").arg(context.dataDirectory()));
        const auto started = context.datasets().importLocal(path, QStringLiteral("paragraphs"),
                                                            QStringLiteral("TinyStories sample (demo)"));
        return finishDatasetJob(context, started.datasetId, started.jobId, options);
    });
}

} // namespace studio::cli
