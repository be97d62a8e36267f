#include "crashinvariants.h"

#include "catalog/catalog.h"
#include "catalog/records.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "jobs/storagepaths.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>

#include <cstring>
#include <exception>

namespace studio::test {

namespace {

// The token files of a ready tokenization (core/stats/tokenfilewriter.h).
QString checkTokenFiles(const catalog::TokenizationRecord &t)
{
    const QDir dir(t.outputPath);
    QFile bin(dir.filePath(QStringLiteral("tokens.bin")));
    if (!bin.open(QIODevice::ReadOnly))
        return QStringLiteral("tokens.bin missing");
    const QByteArray header = bin.read(256 * 4);
    if (header.size() != 256 * 4)
        return QStringLiteral("tokens.bin header truncated");
    const auto word = [&](int i) {
        qint32 v;
        std::memcpy(&v, header.constData() + 4 * i, 4);
        return v;
    };
    if (word(0) != 20240520 || (word(1) != 1 && word(1) != 2))
        return QStringLiteral("tokens.bin header has magic %1 version %2").arg(word(0)).arg(word(1));
    const qint64 count = word(2) >= 0 ? word(2) : (qint64(quint32(word(3))) | (qint64(word(4)) << 32));
    if (count != t.numTokens)
        return QStringLiteral("tokens.bin holds %1 tokens, the catalog says %2").arg(count).arg(t.numTokens);
    const qint64 width = word(1) == 1 ? 2 : 4;
    if (bin.size() != 1024 + count * width)
        return QStringLiteral("tokens.bin is %1 bytes, its header promises %2").arg(bin.size()).arg(1024 + count * width);
    QFile idx(dir.filePath(QStringLiteral("tokens.idx")));
    if (!idx.open(QIODevice::ReadOnly) || idx.size() < 8 || idx.size() % 8 != 0)
        return QStringLiteral("tokens.idx missing or not a whole number of entries");
    idx.seek(idx.size() - 8);
    quint64 total = 0;
    const QByteArray last = idx.read(8);
    std::memcpy(&total, last.constData(), 8);
    if (qint64(total) != count)
        return QStringLiteral("tokens.idx ends at %1, tokens.bin holds %2").arg(total).arg(count);
    QFile metaFile(dir.filePath(QStringLiteral("meta.json")));
    if (!metaFile.open(QIODevice::ReadOnly))
        return QStringLiteral("meta.json missing");
    const QJsonObject meta = QJsonDocument::fromJson(metaFile.readAll()).object();
    if (meta.value(QStringLiteral("num_tokens")).toInteger(-1) != count
        || meta.value(QStringLiteral("num_sequences")).toInteger(-1) != idx.size() / 8 - 1)
        return QStringLiteral("meta.json does not match the token files");
    return {};
}

} // namespace

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
        QSet<QString> readyKeys;
        for (const TokenizationRecord &t : cat->tokenizations(d.id)) {
            if (status::isActive(t.status))
                bad << QStringLiteral("tokenization %1 of dataset %2 shown %3 with no process alive").arg(t.id).arg(d.id).arg(t.status);
            if (t.status != status::Ready)
                continue;
            if (readyKeys.contains(t.optionsKey))
                bad << QStringLiteral("dataset %1: two ready tokenizations with the same options").arg(d.id);
            readyKeys.insert(t.optionsKey);
            const QString problem = checkTokenFiles(t);
            if (!problem.isEmpty())
                bad << QStringLiteral("tokenization %1 of dataset %2 ready but %3").arg(t.id).arg(d.id).arg(problem);
        }
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
