#include "jobs/importjob.h"

#include "catalog/records.h"
#include "formats/columnstorewriter.h"
#include "formats/formaterror.h"
#include "formats/importformat.h"
#include "jobs/jobcontext.h"
#include "jobs/storagepaths.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetsummary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>

namespace studio::jobs {

namespace {

QString megabytes(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1);
}

} // namespace

ImportJob::ImportJob(const QJsonObject &params)
    : m_path(params.value(QStringLiteral("path")).toString())
    , m_format(params.value(QStringLiteral("format")).toString())
{
}

QString ImportJob::runningStatus() const
{
    return catalog::status::Processing;
}

JobOutcome ImportJob::run(JobContext &context)
{
    context.report(0, QStringLiteral("Starting import..."));
    const qint64 datasetId = context.job().datasetId;
    const QString finalDir = datasetRowsFolder(context.dataDirectory(), datasetId);
    m_tempDir = partialFolder(finalDir, context.job().id);
    QDir(m_tempDir).removeRecursively();
    if (m_format == QLatin1String("parquet"))
        return importParquet(context, finalDir);

    try {
        auto reader = formats::openRecordReader(m_path, m_format);
        const qint64 total = std::max<qint64>(1, reader->totalBytes());
        formats::ColumnStoreWriter writer(m_tempDir);
        formats::Record record;
        const QLocale locale(QLocale::English);
        context.report(5, QStringLiteral("Reading %1...").arg(QFileInfo(m_path).fileName()), 0, total,
                       QStringLiteral("bytes"));
        while (reader->next(record)) {
            writer.append(record);
            if ((writer.rowCount() & 1023) == 0) {
                context.throwIfCancelled();
                const qint64 done = reader->bytesConsumed();
                context.report(5.0 + 90.0 * double(done) / double(total),
                               QStringLiteral("Importing %1 samples (%2 of %3 MB)...")
                                   .arg(locale.toString(qint64(writer.rowCount())), megabytes(done), megabytes(total)),
                               done, total, QStringLiteral("bytes"));
            }
        }
        context.throwIfCancelled();
        if (writer.rowCount() == 0)
            throw JobFailure(QStringLiteral("%1 contains no samples: nothing to import").arg(m_path));
        context.report(95, QStringLiteral("Saving %1 samples...").arg(locale.toString(qint64(writer.rowCount()))),
                       total, total, QStringLiteral("bytes"));
        writer.finish({{QStringLiteral("source_path"), m_path}, {QStringLiteral("format"), m_format}});
        const QJsonArray schema = writer.schema();
        const qint64 rows = writer.rowCount();
        context.throwIfCancelled();
        publishFolder(m_tempDir, finalDir);
        m_tempDir.clear();

        JobOutcome outcome;
        outcome.message = QStringLiteral("Dataset imported successfully");
        outcome.datasetFields = {{QStringLiteral("num_samples"), rows},
                                 {QStringLiteral("size_bytes"), QFileInfo(m_path).size()},
                                 {QStringLiteral("schema_json"), schema},
                                 {QStringLiteral("storage_path"), finalDir},
                                 {QStringLiteral("format"), m_format}};
        outcome.eventData = {{QStringLiteral("num_samples"), rows},
                             {QStringLiteral("size_bytes"), QFileInfo(m_path).size()}};
        return outcome;
    } catch (const formats::FormatError &e) {
        throw JobFailure(e.message());
    }
}

// A parquet file is already a compact columnar copy: it is validated (footer,
// schema), copied into the dataset's folder and read in place from there.
JobOutcome ImportJob::importParquet(JobContext &context, const QString &finalDir)
{
    parquet::ParquetSummary summary;
    try {
        summary = parquet::ParquetSummary::read(QFile::encodeName(m_path).toStdString());
    } catch (const parquet::ParquetError &e) {
        throw JobFailure(QString::fromStdString(e.what()));
    }
    if (summary.numRows == 0)
        throw JobFailure(QStringLiteral("%1 contains no rows: nothing to import").arg(m_path));
    if (!QDir().mkpath(m_tempDir))
        throw JobFailure(QStringLiteral("Cannot create %1: check the data directory is writable").arg(m_tempDir));

    QFile in(m_path);
    if (!in.open(QIODevice::ReadOnly))
        throw JobFailure(QStringLiteral("%1: cannot open (%2)").arg(m_path, in.errorString()));
    const QString copyPath = QDir(m_tempDir).filePath(QStringLiteral("data.parquet"));
    QSaveFile out(copyPath);
    if (!out.open(QIODevice::WriteOnly))
        throw JobFailure(QStringLiteral("Cannot write %1: %2").arg(copyPath, out.errorString()));
    const qint64 total = std::max<qint64>(1, in.size());
    QByteArray chunk;
    qint64 done = 0;
    while (!(chunk = in.read(4 << 20)).isEmpty()) {
        context.throwIfCancelled();
        if (out.write(chunk) != chunk.size())
            throw JobFailure(QStringLiteral("Cannot write %1: %2 (is the disk full?)").arg(copyPath, out.errorString()));
        done += chunk.size();
        context.report(5.0 + 85.0 * double(done) / double(total),
                       QStringLiteral("Copying %1 (%2 of %3 MB)...")
                           .arg(QFileInfo(m_path).fileName(), megabytes(done), megabytes(total)),
                       done, total, QStringLiteral("bytes"));
    }
    if (!out.commit())
        throw JobFailure(QStringLiteral("Cannot write %1: %2 (is the disk full?)").arg(copyPath, out.errorString()));

    QJsonArray schema;
    for (const auto &c : summary.columns)
        schema.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(c.name)},
                                  {QStringLiteral("type"), QString::fromStdString(c.type)}});
    const QJsonObject manifest{
        {QStringLiteral("version"), 1},
        {QStringLiteral("kind"), QStringLiteral("parquet")},
        {QStringLiteral("num_rows"), qint64(summary.numRows)},
        {QStringLiteral("columns"), schema},
        {QStringLiteral("source_path"), m_path},
        {QStringLiteral("format"), m_format},
        {QStringLiteral("segments"),
         QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("data.parquet")},
                                {QStringLiteral("first_row"), 0},
                                {QStringLiteral("num_rows"), qint64(summary.numRows)}}}}};
    QSaveFile manifestFile(QDir(m_tempDir).filePath(QStringLiteral("manifest.json")));
    if (!manifestFile.open(QIODevice::WriteOnly) || manifestFile.write(QJsonDocument(manifest).toJson()) < 0
        || !manifestFile.commit())
        throw JobFailure(QStringLiteral("Cannot write %1: %2").arg(manifestFile.fileName(), manifestFile.errorString()));
    context.throwIfCancelled();
    publishFolder(m_tempDir, finalDir);
    m_tempDir.clear();

    JobOutcome outcome;
    outcome.message = QStringLiteral("Dataset imported successfully");
    outcome.datasetFields = {{QStringLiteral("num_samples"), qint64(summary.numRows)},
                             {QStringLiteral("size_bytes"), in.size()},
                             {QStringLiteral("schema_json"), schema},
                             {QStringLiteral("storage_path"), finalDir},
                             {QStringLiteral("format"), m_format}};
    outcome.eventData = {{QStringLiteral("num_samples"), qint64(summary.numRows)},
                         {QStringLiteral("size_bytes"), in.size()}};
    return outcome;
}

void ImportJob::discardPartialOutput()
{
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

} // namespace studio::jobs
