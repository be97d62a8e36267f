#include "formats/datasetrows.h"

#include "formats/columnstorerows.h"
#include "formats/formaterror.h"
#include "formats/parquetrows.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace studio::formats {

int DatasetRows::columnIndex(const QString &name) const
{
    const QJsonArray columns = schema();
    for (qsizetype i = 0; i < columns.size(); ++i) {
        if (columns.at(i).toObject().value(QStringLiteral("name")).toString() == name)
            return static_cast<int>(i);
    }
    return -1;
}

void DatasetRows::readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const
{
    out.clear();
    scan(column, first, last, [&out](std::int64_t, ValueType type, std::string_view bytes) {
        out.append(bytes, type);
        return true;
    });
}

std::unique_ptr<DatasetRows> DatasetRows::open(const QString &rowsFolder)
{
    const QDir dir(rowsFolder);
    QFile manifestFile(dir.filePath(QStringLiteral("manifest.json")));
    if (rowsFolder.isEmpty() || !manifestFile.open(QIODevice::ReadOnly))
        throw FormatError(QStringLiteral("The dataset's rows are missing (%1): import or download it again")
                              .arg(rowsFolder.isEmpty() ? QStringLiteral("no storage recorded") : rowsFolder));
    const QJsonObject manifest = QJsonDocument::fromJson(manifestFile.readAll()).object();
    if (manifest.value(QStringLiteral("kind")).toString() != QLatin1String("parquet"))
        return std::make_unique<ColumnStoreRows>(ColumnStore::open(rowsFolder));
    std::vector<ParquetRows::Segment> segments;
    for (const QJsonValue &v : manifest.value(QStringLiteral("segments")).toArray()) {
        const QJsonObject o = v.toObject();
        QString path = o.value(QStringLiteral("path")).toString();
        if (QDir::isRelativePath(path))
            path = dir.filePath(path);
        segments.push_back({path, o.value(QStringLiteral("first_row")).toInteger(),
                            o.value(QStringLiteral("num_rows")).toInteger()});
    }
    return std::make_unique<ParquetRows>(std::move(segments), manifest.value(QStringLiteral("columns")).toArray());
}

} // namespace studio::formats
