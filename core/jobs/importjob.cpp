#include "jobs/importjob.h"

#include "catalog/records.h"
#include "formats/columnstorewriter.h"
#include "formats/formaterror.h"
#include "formats/importformat.h"
#include "jobs/jobcontext.h"
#include "jobs/storagepaths.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>

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

void ImportJob::discardPartialOutput()
{
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

} // namespace studio::jobs
