#include "formats/jsonlinesreader.h"

#include "formats/jsonfields.h"
#include "util/jsontext.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace studio::formats {

JsonLinesReader::JsonLinesReader(const QString &path, std::int64_t maxLineBytes)
    : m_lines(path, maxLineBytes, /*checkUtf8=*/true)
{
}

bool JsonLinesReader::next(Record &record)
{
    std::string_view line;
    while (m_lines.next(line)) {
        if (line.find_first_not_of(" \t\r") == std::string_view::npos)
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = parseJson(line, &error);
        if (error.error != QJsonParseError::NoError)
            m_lines.fail(QStringLiteral("malformed JSON at column %1: %2").arg(error.offset + 1).arg(error.errorString()));
        if (!doc.isObject())
            m_lines.fail(QStringLiteral("expected a JSON object per line (like {\"text\": \"...\"})"));
        record.clear();
        record.line = m_lines.lineNumber();
        appendJsonObject(doc.object(), record);
        return true;
    }
    return false;
}

} // namespace studio::formats
