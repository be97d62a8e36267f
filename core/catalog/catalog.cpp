#include "catalog/catalog.h"

#include "catalog/catalogerror.h"
#include "catalog/schemamigrations.h"
#include "catalog/sqliteconnection.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace studio::catalog {

namespace {

QVariant storable(const QVariant &v)
{
    if (v.typeId() == QMetaType::QJsonObject)
        return QString::fromUtf8(QJsonDocument(v.toJsonObject()).toJson(QJsonDocument::Compact));
    if (v.typeId() == QMetaType::QJsonArray)
        return QString::fromUtf8(QJsonDocument(v.toJsonArray()).toJson(QJsonDocument::Compact));
    return v;
}

void checkColumnName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[a-z_]+$"));
    if (!valid.match(name).hasMatch())
        throw CatalogError(QStringLiteral("Internal error: invalid catalog column '%1'").arg(name));
}

QVariant nullIfNegative(qint64 v)
{
    return v < 0 ? QVariant() : QVariant(v);
}

QVariant nullIfEmpty(const QString &s)
{
    return s.isEmpty() ? QVariant() : QVariant(s);
}

} // namespace

std::unique_ptr<Catalog> Catalog::open(const QString &dataDir, int schemaVersion)
{
    QDir dir(dataDir);
    if (!dir.exists() && !QDir().mkpath(dataDir))
        throw CatalogError(QStringLiteral("Cannot create the data directory %1: check its parent exists and is "
                                          "writable, or choose another with --data-dir.")
                               .arg(dataDir));
    const QFileInfo dirInfo(dataDir);
    if (!dirInfo.isWritable())
        throw CatalogError(QStringLiteral("The data directory %1 is not writable: fix its permissions or choose "
                                          "another with --data-dir.")
                               .arg(dataDir));
    auto db = std::make_unique<SqliteConnection>(dir.filePath(QStringLiteral("catalog.sqlite3")));
    // quick_check first: a damaged file must be reported, never "repaired" by overwriting.
    const auto check = db->query(QStringLiteral("PRAGMA quick_check"));
    if (check.isEmpty() || check.first().first().toString() != QLatin1String("ok"))
        throw CatalogError(QStringLiteral("The catalog %1 is damaged (%2). It was left untouched: move it aside "
                                          "or restore a backup, then start again.")
                               .arg(db->path(), check.isEmpty() ? QString() : check.first().first().toString()));
    db->query(QStringLiteral("PRAGMA journal_mode=WAL"));
    db->exec(QStringLiteral("PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL"));
    migrate(*db, schemaVersion);
    return std::unique_ptr<Catalog>(new Catalog(dir.absolutePath(), std::move(db)));
}

Catalog::Catalog(QString dataDir, std::unique_ptr<SqliteConnection> db)
    : m_dataDir(std::move(dataDir))
    , m_db(std::move(db))
{
}

Catalog::~Catalog() = default;

QString Catalog::path() const
{
    return m_db->path();
}

int Catalog::schemaVersion()
{
    std::lock_guard lock(m_mutex);
    return currentSchemaVersion(*m_db);
}

QString Catalog::integrityCheck()
{
    const auto rows = select(QStringLiteral("PRAGMA integrity_check"));
    return rows.isEmpty() ? QString() : rows.first().first().toString();
}

void Catalog::transaction(const std::function<void(Catalog &)> &work)
{
    std::lock_guard lock(m_mutex);
    if (m_transactionDepth > 0) { // nested: part of the outer transaction
        work(*this);
        return;
    }
    m_db->exec(QStringLiteral("BEGIN IMMEDIATE"));
    ++m_transactionDepth;
    try {
        work(*this);
        --m_transactionDepth;
        m_db->exec(QStringLiteral("COMMIT"));
    } catch (...) {
        m_transactionDepth = 0;
        try {
            m_db->exec(QStringLiteral("ROLLBACK"));
        } catch (...) {
        }
        throw;
    }
}

qint64 Catalog::insert(const QString &table, QVariantMap fields)
{
    std::lock_guard lock(m_mutex);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    fields.insert(QStringLiteral("created_at"), now);
    fields.insert(QStringLiteral("updated_at"), now);
    QStringList names, marks;
    QVariantList values;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        checkColumnName(it.key());
        names << it.key();
        marks << QStringLiteral("?");
        values << storable(it.value());
    }
    qint64 id = 0;
    transaction([&](Catalog &) {
        m_db->execute(QStringLiteral("INSERT INTO ") + table + QStringLiteral(" (") + names.join(u',')
                          + QStringLiteral(") VALUES (") + marks.join(u',') + QStringLiteral(")"),
                      values);
        id = m_db->lastInsertId();
    });
    return id;
}

void Catalog::update(const QString &table, qint64 id, QVariantMap fields)
{
    std::lock_guard lock(m_mutex);
    fields.insert(QStringLiteral("updated_at"), QDateTime::currentMSecsSinceEpoch());
    QStringList sets;
    QVariantList values;
    for (auto it = fields.cbegin(); it != fields.cend(); ++it) {
        checkColumnName(it.key());
        sets << it.key() + QStringLiteral("=?");
        values << storable(it.value());
    }
    values << id;
    transaction([&](Catalog &) {
        m_db->execute(QStringLiteral("UPDATE ") + table + QStringLiteral(" SET ") + sets.join(u',')
                          + QStringLiteral(" WHERE id=?"),
                      values);
    });
}

QList<QVariantMap> Catalog::select(const QString &sql, const QVariantList &params)
{
    std::lock_guard lock(m_mutex);
    return m_db->query(sql, params);
}

qint64 Catalog::insertDataset(const DatasetRecord &d)
{
    return insert(QStringLiteral("datasets"),
                  {{QStringLiteral("name"), d.name},
                   {QStringLiteral("source"), d.source},
                   {QStringLiteral("repo_id"), nullIfEmpty(d.repoId)},
                   {QStringLiteral("config"), nullIfEmpty(d.config)},
                   {QStringLiteral("split"), nullIfEmpty(d.split)},
                   {QStringLiteral("revision"), nullIfEmpty(d.revision)},
                   {QStringLiteral("source_path"), nullIfEmpty(d.sourcePath)},
                   {QStringLiteral("format"), nullIfEmpty(d.format)},
                   {QStringLiteral("status"), d.status},
                   {QStringLiteral("progress"), d.progress},
                   {QStringLiteral("message"), d.message},
                   {QStringLiteral("error_message"), nullIfEmpty(d.errorMessage)},
                   {QStringLiteral("num_samples"), nullIfNegative(d.numSamples)},
                   {QStringLiteral("size_bytes"), nullIfNegative(d.sizeBytes)},
                   {QStringLiteral("schema_json"), d.schema},
                   {QStringLiteral("storage_path"), nullIfEmpty(d.storagePath)},
                   {QStringLiteral("metadata_json"), d.metadata}});
}

std::optional<DatasetRecord> Catalog::dataset(qint64 id)
{
    const auto rows = select(QStringLiteral("SELECT * FROM datasets WHERE id=?"), {id});
    if (rows.isEmpty())
        return std::nullopt;
    return DatasetRecord::fromRow(rows.first());
}

QList<DatasetRecord> Catalog::datasets()
{
    QList<DatasetRecord> out;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM datasets ORDER BY id")))
        out.append(DatasetRecord::fromRow(row));
    return out;
}

void Catalog::updateDataset(qint64 id, const QVariantMap &fields)
{
    update(QStringLiteral("datasets"), id, fields);
}

bool Catalog::deleteDataset(qint64 id)
{
    std::lock_guard lock(m_mutex);
    int changed = 0;
    transaction([&](Catalog &) {
        changed = m_db->execute(QStringLiteral("DELETE FROM datasets WHERE id=?"), {id});
    });
    return changed > 0;
}

qint64 Catalog::insertTokenization(const TokenizationRecord &t)
{
    return insert(QStringLiteral("tokenizations"),
                  {{QStringLiteral("dataset_id"), t.datasetId},
                   {QStringLiteral("tokenizer"), t.tokenizer},
                   {QStringLiteral("options_json"), t.options},
                   {QStringLiteral("options_key"), t.optionsKey},
                   {QStringLiteral("status"), t.status},
                   {QStringLiteral("progress"), t.progress},
                   {QStringLiteral("message"), t.message},
                   {QStringLiteral("output_path"), nullIfEmpty(t.outputPath)},
                   {QStringLiteral("metadata_json"), t.metadata}});
}

std::optional<TokenizationRecord> Catalog::tokenization(qint64 id)
{
    const auto rows = select(QStringLiteral("SELECT * FROM tokenizations WHERE id=?"), {id});
    if (rows.isEmpty())
        return std::nullopt;
    return TokenizationRecord::fromRow(rows.first());
}

QList<TokenizationRecord> Catalog::tokenizations(qint64 datasetId)
{
    QList<TokenizationRecord> out;
    for (const QVariantMap &row :
         select(QStringLiteral("SELECT * FROM tokenizations WHERE dataset_id=? ORDER BY id"), {datasetId}))
        out.append(TokenizationRecord::fromRow(row));
    return out;
}

void Catalog::updateTokenization(qint64 id, const QVariantMap &fields)
{
    update(QStringLiteral("tokenizations"), id, fields);
}

bool Catalog::deleteTokenization(qint64 id)
{
    std::lock_guard lock(m_mutex);
    int changed = 0;
    transaction([&](Catalog &) {
        changed = m_db->execute(QStringLiteral("DELETE FROM tokenizations WHERE id=?"), {id});
    });
    return changed > 0;
}

qint64 Catalog::insertJob(const JobRecord &j)
{
    return insert(QStringLiteral("jobs"),
                  {{QStringLiteral("kind"), j.kind},
                   {QStringLiteral("dataset_id"), j.datasetId},
                   {QStringLiteral("tokenization_id"), j.tokenizationId > 0 ? QVariant(j.tokenizationId) : QVariant()},
                   {QStringLiteral("state"), j.state},
                   {QStringLiteral("progress"), j.progress},
                   {QStringLiteral("message"), j.message},
                   {QStringLiteral("params_json"), j.params},
                   {QStringLiteral("owner"), nullIfEmpty(j.owner)}});
}

std::optional<JobRecord> Catalog::job(qint64 id)
{
    const auto rows = select(QStringLiteral("SELECT * FROM jobs WHERE id=?"), {id});
    if (rows.isEmpty())
        return std::nullopt;
    return JobRecord::fromRow(rows.first());
}

QList<JobRecord> Catalog::jobsForDataset(qint64 datasetId)
{
    QList<JobRecord> out;
    for (const QVariantMap &row : select(QStringLiteral("SELECT * FROM jobs WHERE dataset_id=? ORDER BY id"), {datasetId}))
        out.append(JobRecord::fromRow(row));
    return out;
}

QList<JobRecord> Catalog::unfinishedJobs()
{
    QList<JobRecord> out;
    for (const QVariantMap &row :
         select(QStringLiteral("SELECT * FROM jobs WHERE state IN ('queued','running') ORDER BY id")))
        out.append(JobRecord::fromRow(row));
    return out;
}

void Catalog::updateJob(qint64 id, const QVariantMap &fields)
{
    update(QStringLiteral("jobs"), id, fields);
}

} // namespace studio::catalog
