#include "catalog/records.h"

#include <QDateTime>
#include <QJsonDocument>

namespace studio::catalog {

namespace {

QString str(const QVariantMap &row, const char *key)
{
    return row.value(QString::fromLatin1(key)).toString();
}

qint64 num(const QVariantMap &row, const char *key, qint64 fallback = -1)
{
    const QVariant v = row.value(QString::fromLatin1(key));
    return v.isNull() ? fallback : v.toLongLong();
}

QJsonObject object(const QVariantMap &row, const char *key)
{
    return QJsonDocument::fromJson(row.value(QString::fromLatin1(key)).toString().toUtf8()).object();
}

QJsonValue optionalNumber(qint64 v)
{
    return v < 0 ? QJsonValue() : QJsonValue(v);
}

QJsonValue optionalString(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}

} // namespace

bool status::isActive(const QString &s)
{
    return s == Queued || s == Downloading || s == Processing;
}

bool jobstate::isFinished(const QString &s)
{
    return s == Completed || s == Failed || s == Cancelled || s == Interrupted;
}

QString isoTime(qint64 ms)
{
    return ms <= 0 ? QString() : QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

DatasetRecord DatasetRecord::fromRow(const QVariantMap &row)
{
    DatasetRecord d;
    d.id = num(row, "id", 0);
    d.name = str(row, "name");
    d.source = str(row, "source");
    d.repoId = str(row, "repo_id");
    d.config = str(row, "config");
    d.split = str(row, "split");
    d.revision = str(row, "revision");
    d.sourcePath = str(row, "source_path");
    d.format = str(row, "format");
    d.status = str(row, "status");
    d.progress = row.value(QStringLiteral("progress")).toDouble();
    d.message = str(row, "message");
    d.errorMessage = str(row, "error_message");
    d.numSamples = num(row, "num_samples");
    d.sizeBytes = num(row, "size_bytes");
    d.schema = QJsonDocument::fromJson(str(row, "schema_json").toUtf8()).array();
    d.storagePath = str(row, "storage_path");
    d.metadata = object(row, "metadata_json");
    d.createdAt = num(row, "created_at", 0);
    d.updatedAt = num(row, "updated_at", 0);
    return d;
}

QJsonObject DatasetRecord::toSummaryJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), QString::number(id)},
        {QStringLiteral("name"), name},
        {QStringLiteral("source"), source},
        {QStringLiteral("repo_id"), optionalString(repoId)},
        {QStringLiteral("config"), optionalString(config)},
        {QStringLiteral("split"), optionalString(split)},
        {QStringLiteral("source_path"), optionalString(sourcePath)},
        {QStringLiteral("status"), status},
        {QStringLiteral("progress"), progress},
        {QStringLiteral("message"), message},
        {QStringLiteral("num_samples"), optionalNumber(numSamples)},
        {QStringLiteral("size_bytes"), optionalNumber(sizeBytes)},
        {QStringLiteral("error_message"), optionalString(errorMessage)},
        {QStringLiteral("created_at"), isoTime(createdAt)},
        {QStringLiteral("updated_at"), isoTime(updatedAt)},
    };
}

QJsonObject DatasetRecord::toJson() const
{
    QJsonObject o = toSummaryJson();
    o.insert(QStringLiteral("revision"), optionalString(revision));
    o.insert(QStringLiteral("format"), optionalString(format));
    o.insert(QStringLiteral("schema"), schema);
    o.insert(QStringLiteral("storage_path"), optionalString(storagePath));
    o.insert(QStringLiteral("metadata"), metadata);
    return o;
}

TokenizationRecord TokenizationRecord::fromRow(const QVariantMap &row)
{
    TokenizationRecord t;
    t.id = num(row, "id", 0);
    t.datasetId = num(row, "dataset_id", 0);
    t.tokenizer = str(row, "tokenizer");
    t.options = object(row, "options_json");
    t.optionsKey = str(row, "options_key");
    t.status = str(row, "status");
    t.progress = row.value(QStringLiteral("progress")).toDouble();
    t.message = str(row, "message");
    t.errorMessage = str(row, "error_message");
    t.numSamples = num(row, "num_samples");
    t.numTokens = num(row, "num_tokens");
    t.statistics = object(row, "statistics_json");
    t.outputPath = str(row, "output_path");
    t.metadata = object(row, "metadata_json");
    t.createdAt = num(row, "created_at", 0);
    t.updatedAt = num(row, "updated_at", 0);
    return t;
}

QJsonObject TokenizationRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), QString::number(id)},
        {QStringLiteral("dataset_id"), QString::number(datasetId)},
        {QStringLiteral("tokenizer"), tokenizer},
        {QStringLiteral("options"), options},
        {QStringLiteral("status"), status},
        {QStringLiteral("progress"), progress},
        {QStringLiteral("message"), message},
        {QStringLiteral("error_message"), optionalString(errorMessage)},
        {QStringLiteral("num_samples"), optionalNumber(numSamples)},
        {QStringLiteral("num_tokens"), optionalNumber(numTokens)},
        {QStringLiteral("statistics"), statistics},
        {QStringLiteral("output_path"), optionalString(outputPath)},
        {QStringLiteral("metadata"), metadata},
        {QStringLiteral("created_at"), isoTime(createdAt)},
        {QStringLiteral("updated_at"), isoTime(updatedAt)},
    };
}

JobRecord JobRecord::fromRow(const QVariantMap &row)
{
    JobRecord j;
    j.id = num(row, "id", 0);
    j.kind = str(row, "kind");
    j.datasetId = num(row, "dataset_id", 0);
    j.tokenizationId = num(row, "tokenization_id", 0);
    j.state = str(row, "state");
    j.progress = row.value(QStringLiteral("progress")).toDouble();
    j.done = num(row, "done");
    j.total = num(row, "total");
    j.unit = str(row, "unit");
    j.message = str(row, "message");
    j.errorMessage = str(row, "error_message");
    j.params = object(row, "params_json");
    j.owner = str(row, "owner");
    j.cancelRequested = num(row, "cancel_requested", 0) != 0;
    j.createdAt = num(row, "created_at", 0);
    j.startedAt = num(row, "started_at", 0);
    j.finishedAt = num(row, "finished_at", 0);
    j.updatedAt = num(row, "updated_at", 0);
    return j;
}

QJsonObject JobRecord::toJson() const
{
    return QJsonObject{
        {QStringLiteral("id"), QString::number(id)},
        {QStringLiteral("kind"), kind},
        {QStringLiteral("dataset_id"), QString::number(datasetId)},
        {QStringLiteral("tokenization_id"), tokenizationId ? QJsonValue(QString::number(tokenizationId)) : QJsonValue()},
        {QStringLiteral("state"), state},
        {QStringLiteral("progress"), progress},
        {QStringLiteral("done"), optionalNumber(done)},
        {QStringLiteral("total"), optionalNumber(total)},
        {QStringLiteral("unit"), optionalString(unit)},
        {QStringLiteral("message"), message},
        {QStringLiteral("error_message"), optionalString(errorMessage)},
        {QStringLiteral("params"), params},
        {QStringLiteral("created_at"), isoTime(createdAt)},
        {QStringLiteral("started_at"), isoTime(startedAt)},
        {QStringLiteral("finished_at"), isoTime(finishedAt)},
    };
}

} // namespace studio::catalog
