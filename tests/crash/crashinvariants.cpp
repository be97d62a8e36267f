#include "crashinvariants.h"

#include "catalog/catalog.h"
#include "catalog/records.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "jobs/storagepaths.h"

#include <QDir>
#include <QRegularExpression>
#include <QSet>

#include <exception>

namespace studio::test {

QStringList checkDataDirInvariants(const QString &dataDir, const QHash<QString, qint64> &expectedRows)
{
    using namespace studio::catalog;
    QStringList bad;
    std::unique_ptr<Catalog> cat;
    try {
        cat = Catalog::open(dataDir);
    } catch (const std::exception &e) {
        return {QStringLiteral("catalog does not open: ") + QString::fromUtf8(e.what())};
    }
    const QString integrity = cat->integrityCheck();
    if (integrity != QLatin1String("ok"))
        bad << QStringLiteral("integrity_check: ") + integrity;
    for (const JobRecord &j : cat->unfinishedJobs())
        bad << QStringLiteral("job %1 still %2 with no process alive").arg(j.id).arg(j.state);

    QSet<QString> known;
    QSet<QString> unfinishedPartials;
    for (const DatasetRecord &d : cat->datasets()) {
        known.insert(QString::number(d.id));
        if (status::isActive(d.status))
            bad << QStringLiteral("dataset %1 shown %2 with no process alive").arg(d.id).arg(d.status);
        if (d.status != status::Ready)
            continue;
        const QString rowsDir = jobs::datasetRowsFolder(dataDir, d.id);
        try {
            const auto rows = formats::DatasetRows::open(rowsDir);
            if (rows->rowCount() != d.numSamples)
                bad << QStringLiteral("dataset %1 ready with num_samples %2 but its files hold %3 rows")
                           .arg(d.id).arg(d.numSamples).arg(rows->rowCount());
            const auto expected = expectedRows.constFind(d.sourcePath);
            if (expected != expectedRows.constEnd() && *expected != d.numSamples)
                bad << QStringLiteral("dataset %1 ready with %2 rows; its source holds %3")
                           .arg(d.id).arg(d.numSamples).arg(*expected);
            // Read the last rows too: the files must be complete, not just the manifest.
            if (rows->rowCount() > 0 && rows->rows(rows->rowCount() - 1, 1).size() != 1)
                bad << QStringLiteral("dataset %1: last row unreadable").arg(d.id);
        } catch (const std::exception &e) {
            bad << QStringLiteral("dataset %1 ready but its rows do not open: %2").arg(d.id).arg(QString::fromUtf8(e.what()));
        }
    }
    const QDir datasets(QDir(dataDir).filePath(QStringLiteral("datasets")));
    static const QRegularExpression partial(QStringLiteral("\\.partial-(\\d+)$"));
    for (const QString &id : datasets.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!known.contains(id)) {
            bad << QStringLiteral("datasets/%1 left behind by a deleted dataset").arg(id);
            continue;
        }
        QDir dir(datasets.filePath(id));
        QStringList entries = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        const QDir toks(dir.filePath(QStringLiteral("tokenizations")));
        for (const QString &t : toks.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            entries << QStringLiteral("tokenizations/") + t;
        for (const QString &e : entries) {
            if (e.endsWith(QLatin1String(".old"))) {
                bad << QStringLiteral("datasets/%1/%2: a replaced folder left behind").arg(id, e);
                continue;
            }
            const auto m = partial.match(e);
            if (!m.hasMatch())
                continue;
            const auto job = cat->job(m.captured(1).toLongLong());
            if (!job || jobstate::isFinished(job->state))
                bad << QStringLiteral("datasets/%1/%2: partial output of a finished job left behind").arg(id, e);
        }
    }
    return bad;
}

} // namespace studio::test
