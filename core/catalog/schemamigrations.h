#pragma once

namespace studio::catalog {

class SqliteConnection;

// The catalog schema, as an ordered list of migrations recorded in the
// `schema_migrations` table. Each migration runs in its own transaction.
int latestSchemaVersion();
int currentSchemaVersion(SqliteConnection &db);
// Brings the database up to `target` (default: the latest). Throws CatalogError
// when the file is newer than this program understands.
void migrate(SqliteConnection &db, int target = -1);

} // namespace studio::catalog
