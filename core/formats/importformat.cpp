#include "formats/importformat.h"

#include "formats/csvreader.h"
#include "formats/formaterror.h"
#include "formats/jsonarrayreader.h"
#include "formats/jsonlinesreader.h"
#include "formats/textreader.h"

#include <QFileInfo>

namespace studio::formats {

QStringList importFormats()
{
    return {QStringLiteral("jsonl"), QStringLiteral("json"), QStringLiteral("csv"), QStringLiteral("tsv"),
            QStringLiteral("parquet"), QStringLiteral("txt"), QStringLiteral("paragraphs")};
}

QString formatFromExtension(const QString &path)
{
    QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson"))
        return QStringLiteral("jsonl");
    if (suffix == QLatin1String("json"))
        return QStringLiteral("json");
    if (suffix == QLatin1String("csv"))
        return QStringLiteral("csv");
    if (suffix == QLatin1String("tsv") || suffix == QLatin1String("tab"))
        return QStringLiteral("tsv");
    if (suffix == QLatin1String("parquet") || suffix == QLatin1String("pq"))
        return QStringLiteral("parquet");
    if (suffix == QLatin1String("txt") || suffix == QLatin1String("text"))
        return QStringLiteral("txt");
    return {};
}

std::unique_ptr<RecordReader> openRecordReader(const QString &path, const QString &format)
{
    if (format == QLatin1String("jsonl"))
        return std::make_unique<JsonLinesReader>(path);
    if (format == QLatin1String("json")) {
        const QFileInfo info(path);
        if (!info.exists())
            throw FormatError(QStringLiteral("%1: no such file").arg(path));
        return std::make_unique<JsonArrayReader>(path);
    }
    if (format == QLatin1String("csv"))
        return std::make_unique<CsvReader>(path, ',');
    if (format == QLatin1String("tsv"))
        return std::make_unique<CsvReader>(path, '\t');
    if (format == QLatin1String("txt"))
        return std::make_unique<TextReader>(path, TextReader::Mode::Lines);
    if (format == QLatin1String("paragraphs"))
        return std::make_unique<TextReader>(path, TextReader::Mode::Paragraphs);
    throw FormatError(QStringLiteral("Unknown format '%1'; use one of: %2")
                          .arg(format, importFormats().join(QStringLiteral(", "))));
}

} // namespace studio::formats
