#include "jobs/storagepaths.h"

#include "jobs/jobwork.h"

#include <QDir>
#include <QFileInfo>

#include <cstdio>

namespace studio::jobs {

QString datasetFolder(const QString &dataDir, qint64 datasetId)
{
    return QDir(dataDir).filePath(QStringLiteral("datasets/") + QString::number(datasetId));
}

QString datasetRowsFolder(const QString &dataDir, qint64 datasetId)
{
    return datasetFolder(dataDir, datasetId) + QStringLiteral("/rows");
}

QString tokenizationFolder(const QString &dataDir, qint64 datasetId, qint64 tokenizationId)
{
    return datasetFolder(dataDir, datasetId) + QStringLiteral("/tokenizations/") + QString::number(tokenizationId);
}

QString partialFolder(const QString &finalFolder, qint64 jobId)
{
    return finalFolder + QStringLiteral(".partial-") + QString::number(jobId);
}

void publishFolder(const QString &partial, const QString &finalFolder)
{
    QString old;
    if (QFileInfo::exists(finalFolder)) {
        old = finalFolder + QStringLiteral(".old");
        QDir(old).removeRecursively();
        if (std::rename(QFile::encodeName(finalFolder).constData(), QFile::encodeName(old).constData()) != 0)
            throw JobFailure(QStringLiteral("Cannot replace %1").arg(finalFolder));
    }
    if (std::rename(QFile::encodeName(partial).constData(), QFile::encodeName(finalFolder).constData()) != 0) {
        if (!old.isEmpty())
            std::rename(QFile::encodeName(old).constData(), QFile::encodeName(finalFolder).constData());
        throw JobFailure(QStringLiteral("Cannot move the finished output into %1").arg(finalFolder));
    }
    if (!old.isEmpty())
        QDir(old).removeRecursively();
}

namespace {

void removePartials(const QString &parent, qint64 jobId)
{
    const QDir dir(parent);
    const QString suffix = QStringLiteral(".partial-") + QString::number(jobId);
    for (const QString &name : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (name.endsWith(suffix))
            QDir(dir.filePath(name)).removeRecursively();
}

} // namespace

void cleanUpAfterDeadJob(const QString &dataDir, qint64 datasetId, qint64 tokenizationId, qint64 jobId)
{
    const QString folder = datasetFolder(dataDir, datasetId);
    removePartials(folder, jobId);
    removePartials(folder + QStringLiteral("/tokenizations"), jobId);
    const QString finalFolder = tokenizationId > 0 ? tokenizationFolder(dataDir, datasetId, tokenizationId)
                                                   : datasetRowsFolder(dataDir, datasetId);
    const QString old = finalFolder + QStringLiteral(".old");
    if (!QFileInfo::exists(old))
        return;
    if (QFileInfo::exists(finalFolder))
        QDir(old).removeRecursively();
    else
        std::rename(QFile::encodeName(old).constData(), QFile::encodeName(finalFolder).constData());
}

} // namespace studio::jobs
