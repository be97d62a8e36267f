#include "catalog/sqliteconnection.h"

#include "catalog/catalogerror.h"

#include <sqlite3.h>

namespace studio::catalog {

SqliteConnection::SqliteConnection(const QString &path)
    : m_path(path)
{
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &m_db,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const QString detail = m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QStringLiteral("out of memory");
        sqlite3_close(m_db);
        m_db = nullptr;
        throw CatalogError(QStringLiteral("Cannot open catalog %1: %2").arg(path, detail));
    }
    sqlite3_extended_result_codes(m_db, 1);
    // Another process may hold the write lock for a moment: wait instead of failing.
    sqlite3_busy_timeout(m_db, 10000);
}

SqliteConnection::~SqliteConnection()
{
    sqlite3_close_v2(m_db);
}

void SqliteConnection::fail(const QString &what, int rc) const
{
    QString detail = QString::fromUtf8(sqlite3_errmsg(m_db));
    const int primary = rc & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB)
        throw CatalogError(QStringLiteral("The catalog %1 is damaged (%2). It was left untouched: move it aside "
                                          "or restore a backup, then start again.")
                               .arg(m_path, detail));
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM)
        throw CatalogError(QStringLiteral("Cannot write the catalog %1 (%2): check that the data directory is "
                                          "writable.")
                               .arg(m_path, detail));
    if (primary == SQLITE_FULL)
        throw CatalogError(QStringLiteral("The disk holding %1 is full: free some space and retry.").arg(m_path));
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        throw CatalogError(QStringLiteral("The catalog %1 is locked by another Dataset Studio process: %2")
                               .arg(m_path, detail));
    throw CatalogError(QStringLiteral("Catalog error while %1: %2").arg(what, detail));
}

void SqliteConnection::exec(const QString &sql)
{
    char *err = nullptr;
    const int rc = sqlite3_exec(m_db, sql.toUtf8().constData(), nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK)
        fail(sql.left(60), rc);
}

sqlite3_stmt *SqliteConnection::prepare(const QString &sql, const QVariantList &params)
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    int rc = sqlite3_prepare_v2(m_db, utf8.constData(), static_cast<int>(utf8.size()), &stmt, nullptr);
    if (rc != SQLITE_OK)
        fail(sql.left(60), rc);
    for (int i = 0; i < params.size(); ++i) {
        const QVariant &v = params.at(i);
        const int idx = i + 1;
        if (v.isNull() || !v.isValid()) {
            rc = sqlite3_bind_null(stmt, idx);
        } else {
            switch (v.typeId()) {
            case QMetaType::Int:
            case QMetaType::LongLong:
            case QMetaType::UInt:
            case QMetaType::ULongLong:
            case QMetaType::Bool:
                rc = sqlite3_bind_int64(stmt, idx, v.toLongLong());
                break;
            case QMetaType::Double:
                rc = sqlite3_bind_double(stmt, idx, v.toDouble());
                break;
            case QMetaType::QByteArray: {
                const QByteArray b = v.toByteArray();
                rc = sqlite3_bind_blob(stmt, idx, b.constData(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
                break;
            }
            default: {
                const QByteArray s = v.toString().toUtf8();
                rc = sqlite3_bind_text(stmt, idx, s.constData(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
                break;
            }
            }
        }
        if (rc != SQLITE_OK) {
            sqlite3_finalize(stmt);
            fail(QStringLiteral("binding parameters"), rc);
        }
    }
    return stmt;
}

QList<QVariantMap> SqliteConnection::query(const QString &sql, const QVariantList &params)
{
    sqlite3_stmt *stmt = prepare(sql, params);
    QList<QVariantMap> rows;
    const int columns = sqlite3_column_count(stmt);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        QVariantMap row;
        for (int c = 0; c < columns; ++c) {
            const QString name = QString::fromUtf8(sqlite3_column_name(stmt, c));
            switch (sqlite3_column_type(stmt, c)) {
            case SQLITE_INTEGER:
                row.insert(name, static_cast<qint64>(sqlite3_column_int64(stmt, c)));
                break;
            case SQLITE_FLOAT:
                row.insert(name, sqlite3_column_double(stmt, c));
                break;
            case SQLITE_NULL:
                row.insert(name, QVariant());
                break;
            case SQLITE_BLOB:
                row.insert(name, QByteArray(static_cast<const char *>(sqlite3_column_blob(stmt, c)),
                                            sqlite3_column_bytes(stmt, c)));
                break;
            default:
                row.insert(name, QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, c)),
                                                   sqlite3_column_bytes(stmt, c)));
                break;
            }
        }
        rows.append(std::move(row));
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        fail(sql.left(60), rc);
    return rows;
}

int SqliteConnection::execute(const QString &sql, const QVariantList &params)
{
    sqlite3_stmt *stmt = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE)
        fail(sql.left(60), rc);
    return sqlite3_changes(m_db);
}

qint64 SqliteConnection::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

} // namespace studio::catalog
