#pragma once

#include <QString>
#include <QVariant>
#include <QVariantList>
#include <QVariantMap>

struct sqlite3;
struct sqlite3_stmt;

namespace studio::catalog {

// A thin RAII wrapper over one sqlite3 connection. Not thread-safe by itself:
// Catalog serialises access. Errors throw CatalogError.
class SqliteConnection final
{
public:
    explicit SqliteConnection(const QString &path);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    void exec(const QString &sql);
    // Runs one statement with positional (?) parameters; returns the rows.
    QList<QVariantMap> query(const QString &sql, const QVariantList &params = {});
    // Runs one statement; returns the number of changed rows.
    int execute(const QString &sql, const QVariantList &params = {});
    qint64 lastInsertId() const;
    const QString &path() const { return m_path; }

private:
    [[noreturn]] void fail(const QString &what, int rc) const;
    sqlite3_stmt *prepare(const QString &sql, const QVariantList &params);

    QString m_path;
    sqlite3 *m_db = nullptr;
};

} // namespace studio::catalog
