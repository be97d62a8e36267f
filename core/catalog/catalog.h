#pragma once

#include "catalog/records.h"

#include <QList>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace studio::catalog {

class SqliteConnection;

// The catalog: catalog.sqlite3 in the data directory (WAL, foreign keys on,
// versioned migrations). Thread-safe: one connection, every call serialised,
// every write in a transaction. Several processes may share the file; SQLite's
// locking keeps them consistent. Errors throw CatalogError with a message a
// user can act on.
class Catalog final
{
public:
    // Opens (creating if needed) <dataDir>/catalog.sqlite3 and migrates it.
    static std::unique_ptr<Catalog> open(const QString &dataDir, int schemaVersion = -1);
    ~Catalog();
    Catalog(const Catalog &) = delete;
    Catalog &operator=(const Catalog &) = delete;

    QString path() const;
    QString dataDirectory() const { return m_dataDir; }
    int schemaVersion();
    QString integrityCheck(); // "ok" when healthy

    // Field maps use column names; QJsonObject / QJsonArray values are stored
    // as JSON text. updated_at is set on every write.
    qint64 insertDataset(const DatasetRecord &d);
    std::optional<DatasetRecord> dataset(qint64 id);
    QList<DatasetRecord> datasets();
    void updateDataset(qint64 id, const QVariantMap &fields);
    bool deleteDataset(qint64 id);

    qint64 insertTokenization(const TokenizationRecord &t);
    std::optional<TokenizationRecord> tokenization(qint64 id);
    QList<TokenizationRecord> tokenizations(qint64 datasetId);
    void updateTokenization(qint64 id, const QVariantMap &fields);
    bool deleteTokenization(qint64 id);

    qint64 insertJob(const JobRecord &j);
    std::optional<JobRecord> job(qint64 id);
    QList<JobRecord> jobsForDataset(qint64 datasetId);
    QList<JobRecord> unfinishedJobs();
    void updateJob(qint64 id, const QVariantMap &fields);

    // Runs `work` inside one transaction (BEGIN IMMEDIATE … COMMIT); any
    // exception rolls it back and propagates.
    void transaction(const std::function<void(Catalog &)> &work);

private:
    Catalog(QString dataDir, std::unique_ptr<SqliteConnection> db);
    qint64 insert(const QString &table, QVariantMap fields);
    void update(const QString &table, qint64 id, QVariantMap fields);
    QList<QVariantMap> select(const QString &sql, const QVariantList &params = {});

    QString m_dataDir;
    std::unique_ptr<SqliteConnection> m_db;
    std::recursive_mutex m_mutex;
    int m_transactionDepth = 0;
};

} // namespace studio::catalog
