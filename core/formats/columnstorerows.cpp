#include "formats/columnstorerows.h"

#include <QJsonDocument>

namespace studio::formats {

ColumnStoreRows::ColumnStoreRows(std::unique_ptr<ColumnStore> store)
    : m_store(std::move(store))
{
}

std::int64_t ColumnStoreRows::rowCount() const
{
    return m_store->rowCount();
}

QJsonArray ColumnStoreRows::schema() const
{
    return m_store->schema();
}

QList<QJsonObject> ColumnStoreRows::rows(std::int64_t first, std::int64_t count) const
{
    QList<QJsonObject> out;
    const std::int64_t last = std::min(m_store->rowCount(), first + std::max<std::int64_t>(0, count));
    for (std::int64_t r = std::max<std::int64_t>(0, first); r < last; ++r) {
        QJsonObject row;
        for (int c = 0; c < m_store->columnCount(); ++c) {
            const auto v = m_store->value(r, c);
            const QString name = m_store->columnName(c);
            switch (v.type) {
            case ValueType::Null:
                row.insert(name, QJsonValue());
                break;
            case ValueType::String:
                row.insert(name, QString::fromUtf8(v.bytes.data(), static_cast<qsizetype>(v.bytes.size())));
                break;
            default: {
                // Numbers, booleans and nested values are stored as JSON text.
                const QByteArray wrapped = "[" + QByteArray(v.bytes.data(), static_cast<qsizetype>(v.bytes.size())) + "]";
                row.insert(name, QJsonDocument::fromJson(wrapped).array().at(0));
                break;
            }
            }
        }
        out.append(row);
    }
    return out;
}

void ColumnStoreRows::scan(int column, std::int64_t first, std::int64_t last, const ValueVisitor &visit) const
{
    last = std::min(last, m_store->rowCount());
    first = std::max<std::int64_t>(0, first);
    std::int64_t r = first;
    for (; r < last; ++r) {
        const auto v = m_store->value(r, column);
        if (!visit(r, v.type, v.bytes))
            break;
    }
    m_store->releaseBefore(column, r); // a streaming pass stays flat in memory
}

void ColumnStoreRows::readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const
{
    m_store->readBlock(column, first, last, out); // maps nothing: nothing to release
}

} // namespace studio::formats
