#include "catalog/schemamigrations.h"

#include "catalog/catalogerror.h"
#include "catalog/sqliteconnection.h"

#include <QDateTime>

namespace studio::catalog {

namespace {

// Never edit a migration that has shipped: add a new one.
const char *const kMigrations[] = {
    // 1: datasets, tokenizations, jobs
    R"sql(
CREATE TABLE datasets (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  name          TEXT NOT NULL,
  source        TEXT NOT NULL CHECK (source IN ('hub','local')),
  repo_id       TEXT, config TEXT, split TEXT, revision TEXT,
  source_path   TEXT, format TEXT,
  status        TEXT NOT NULL,
  progress      REAL NOT NULL DEFAULT 0,
  message       TEXT, error_message TEXT,
  num_samples   INTEGER, size_bytes INTEGER,
  schema_json   TEXT, storage_path TEXT, metadata_json TEXT,
  created_at    INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE TABLE tokenizations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  dataset_id      INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  tokenizer       TEXT NOT NULL,
  options_json    TEXT NOT NULL,
  options_key     TEXT NOT NULL,
  status          TEXT NOT NULL,
  progress        REAL NOT NULL DEFAULT 0,
  message TEXT, error_message TEXT,
  num_samples INTEGER, num_tokens INTEGER,
  statistics_json TEXT, output_path TEXT, metadata_json TEXT,
  created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL
);
CREATE INDEX tokenizations_by_dataset ON tokenizations(dataset_id);
CREATE TABLE jobs (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  kind             TEXT NOT NULL,
  dataset_id       INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
  tokenization_id  INTEGER REFERENCES tokenizations(id) ON DELETE CASCADE,
  state            TEXT NOT NULL,
  progress         REAL NOT NULL DEFAULT 0,
  done INTEGER, total INTEGER, unit TEXT,
  message TEXT, error_message TEXT,
  params_json      TEXT NOT NULL DEFAULT '{}',
  owner            TEXT,
  created_at INTEGER NOT NULL, started_at INTEGER, finished_at INTEGER, updated_at INTEGER NOT NULL
);
CREATE INDEX jobs_by_dataset ON jobs(dataset_id);
CREATE INDEX jobs_by_state ON jobs(state);
)sql",
    // 2: cross-process cancellation requests
    R"sql(
ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
)sql",
};

constexpr int kMigrationCount = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

} // namespace

int latestSchemaVersion()
{
    return kMigrationCount;
}

int currentSchemaVersion(SqliteConnection &db)
{
    db.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)"));
    const auto rows = db.query(QStringLiteral("SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations"));
    return rows.isEmpty() ? 0 : rows.first().value(QStringLiteral("v")).toInt();
}

void migrate(SqliteConnection &db, int target)
{
    if (target < 0)
        target = kMigrationCount;
    const int current = currentSchemaVersion(db);
    if (current > kMigrationCount)
        throw CatalogError(QStringLiteral("The catalog %1 was written by a newer Dataset Studio (schema %2, this "
                                          "version understands up to %3). Upgrade Dataset Studio.")
                               .arg(db.path())
                               .arg(current)
                               .arg(kMigrationCount));
    for (int v = current + 1; v <= target; ++v) {
        db.exec(QStringLiteral("BEGIN IMMEDIATE"));
        try {
            // Another process may have migrated while we waited for the lock.
            if (currentSchemaVersion(db) >= v) {
                db.exec(QStringLiteral("COMMIT"));
                continue;
            }
            db.exec(QString::fromUtf8(kMigrations[v - 1]));
            db.execute(QStringLiteral("INSERT INTO schema_migrations(version, applied_at) VALUES (?, ?)"),
                       {v, QDateTime::currentMSecsSinceEpoch()});
            db.exec(QStringLiteral("COMMIT"));
        } catch (...) {
            try {
                db.exec(QStringLiteral("ROLLBACK"));
            } catch (...) {
            }
            throw;
        }
    }
}

} // namespace studio::catalog
