#include "formats/columnstorewriter.h"

#include "formats/formaterror.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

namespace studio::formats {

namespace {

QString schemaType(unsigned seen)
{
    seen &= ~(1u << unsigned(ValueType::Null));
    if (seen == 0)
        return QStringLiteral("null");
    if (seen == (1u << unsigned(ValueType::String)))
        return QStringLiteral("string");
    if (seen == (1u << unsigned(ValueType::Integer)))
        return QStringLiteral("int64");
    const unsigned numeric = (1u << unsigned(ValueType::Integer)) | (1u << unsigned(ValueType::Float));
    if ((seen & ~numeric) == 0)
        return QStringLiteral("float64");
    if (seen == (1u << unsigned(ValueType::Bool)))
        return QStringLiteral("bool");
    if (seen == (1u << unsigned(ValueType::Json)))
        return QStringLiteral("json");
    return QStringLiteral("mixed");
}

} // namespace

ColumnStoreWriter::ColumnStoreWriter(const QString &directory)
    : m_dir(directory)
{
    if (!QDir().mkpath(directory))
        throw FormatError(QStringLiteral("Cannot create %1: check the data directory is writable").arg(directory));
}

ColumnStoreWriter::~ColumnStoreWriter() = default;

ColumnStoreWriter::Column &ColumnStoreWriter::column(const std::string &name)
{
    auto it = m_index.find(name);
    if (it != m_index.end())
        return *m_columns[it->second];
    const std::size_t i = m_columns.size();
    auto c = std::make_unique<Column>();
    c->name = name;
    const QDir dir(m_dir);
    const QString base = QStringLiteral("c") + QString::number(i);
    c->data = std::make_unique<BufferedFile>(dir.filePath(base + QStringLiteral(".data")));
    c->offsets = std::make_unique<BufferedFile>(dir.filePath(base + QStringLiteral(".off")));
    c->types = std::make_unique<BufferedFile>(dir.filePath(base + QStringLiteral(".typ")));
    // Rows before this column appeared hold null.
    for (std::int64_t r = 0; r < m_rows; ++r) {
        c->offsets->writeU64(0);
        c->types->writeByte(0);
    }
    if (m_rows > 0)
        c->typesSeen |= 1u << unsigned(ValueType::Null);
    m_index.emplace(name, i);
    m_columns.push_back(std::move(c));
    m_touched.push_back(false);
    return *m_columns.back();
}

void ColumnStoreWriter::append(const Record &record)
{
    std::fill(m_touched.begin(), m_touched.end(), false);
    for (const Field &f : record.fields) {
        Column &c = column(f.name);
        const std::size_t i = m_index.find(f.name)->second;
        if (m_touched[i])
            continue; // a repeated key: the first one wins
        m_touched[i] = true;
        c.data->write(f.value);
        c.offsets->writeU64(c.data->size());
        c.types->writeByte(static_cast<std::uint8_t>(f.type));
        c.typesSeen |= 1u << unsigned(f.type);
    }
    for (std::size_t i = 0; i < m_columns.size(); ++i) {
        if (m_touched[i])
            continue;
        Column &c = *m_columns[i];
        c.offsets->writeU64(c.data->size());
        c.types->writeByte(0);
        c.typesSeen |= 1u << unsigned(ValueType::Null);
    }
    ++m_rows;
}

std::uint64_t ColumnStoreWriter::bytesWritten() const
{
    std::uint64_t total = 0;
    for (const auto &c : m_columns)
        total += c->data->size() + c->offsets->size() + c->types->size();
    return total;
}

QJsonArray ColumnStoreWriter::schema() const
{
    QJsonArray columns;
    for (const auto &c : m_columns)
        columns.append(QJsonObject{{QStringLiteral("name"), QString::fromStdString(c->name)},
                                   {QStringLiteral("type"), schemaType(c->typesSeen)}});
    return columns;
}

void ColumnStoreWriter::finish(const QJsonObject &extra)
{
    for (auto &c : m_columns) {
        c->data->close();
        c->offsets->close();
        c->types->close();
    }
    QJsonObject manifest = extra;
    manifest.insert(QStringLiteral("version"), 1);
    manifest.insert(QStringLiteral("num_rows"), qint64(m_rows));
    manifest.insert(QStringLiteral("columns"), schema());
    QSaveFile file(QDir(m_dir).filePath(QStringLiteral("manifest.json")));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(manifest).toJson()) < 0 || !file.commit())
        throw FormatError(QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
}

} // namespace studio::formats
