#include "formats/csvreader.h"

#include "formats/formaterror.h"

#include <charconv>

namespace studio::formats {

namespace {

ValueType inferType(const std::string &v, bool quoted)
{
    if (v.empty())
        return quoted ? ValueType::String : ValueType::Null;
    if (quoted)
        return ValueType::String;
    const char *b = v.data();
    const char *e = b + v.size();
    long long i = 0;
    auto r = std::from_chars(b, e, i);
    if (r.ec == std::errc() && r.ptr == e)
        return ValueType::Integer;
    double d = 0;
    auto rd = std::from_chars(b, e, d);
    if (rd.ec == std::errc() && rd.ptr == e && v.find_first_of("0123456789") != std::string::npos)
        return ValueType::Float;
    return ValueType::String;
}

} // namespace

CsvReader::CsvReader(const QString &path, char delimiter, std::int64_t maxRecordBytes)
    : m_lines(path, maxRecordBytes, /*checkUtf8=*/true)
    , m_delimiter(delimiter)
    , m_maxRecord(maxRecordBytes)
{
    std::vector<bool> quoted;
    if (!readRow(m_header, quoted))
        throw FormatError(QStringLiteral("%1: the file is empty; a CSV file needs a header row").arg(path));
    for (std::size_t i = 0; i < m_header.size(); ++i) {
        if (m_header[i].empty())
            m_header[i] = "column_" + std::to_string(i + 1);
        for (std::size_t j = 0; j < i; ++j) {
            if (m_header[j] == m_header[i])
                m_lines.fail(QStringLiteral("the header names the column \"%1\" twice")
                                 .arg(QString::fromStdString(m_header[i])));
        }
    }
}

bool CsvReader::readRow(std::vector<std::string> &fields, std::vector<bool> &quoted)
{
    std::string_view line;
    do {
        if (!m_lines.next(line))
            return false;
    } while (line.empty()); // blank lines between rows carry no record
    fields.assign(1, std::string());
    quoted.assign(1, false);
    bool inQuotes = false;
    std::size_t total = 0;
    for (;;) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            const char c = line[i];
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        fields.back().push_back('"');
                        ++i;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    fields.back().push_back(c);
                }
            } else if (c == m_delimiter) {
                fields.emplace_back();
                quoted.push_back(false);
            } else if (c == '"' && fields.back().empty() && !quoted.back()) {
                inQuotes = true;
                quoted.back() = true;
            } else {
                fields.back().push_back(c);
            }
        }
        if (!inQuotes)
            return true;
        // A quoted field continues on the next line.
        total += line.size() + 1;
        if (static_cast<std::int64_t>(total) > m_maxRecord)
            m_lines.fail(QStringLiteral("a quoted field runs past %1 MiB (unbalanced quote?)").arg(m_maxRecord >> 20));
        if (!m_lines.next(line))
            m_lines.fail(QStringLiteral("the file ends inside a quoted field (unbalanced quote)"));
        fields.back().push_back('\n');
    }
}

bool CsvReader::next(Record &record)
{
    const std::int64_t startLine = m_lines.lineNumber() + 1;
    if (!readRow(m_fields, m_quoted))
        return false;
    if (m_fields.size() != m_header.size())
        m_lines.fail(QStringLiteral("row has %1 fields but the header has %2").arg(m_fields.size()).arg(m_header.size()));
    record.clear();
    record.line = startLine;
    record.fields.resize(m_fields.size());
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        Field &f = record.fields[i];
        f.name = m_header[i];
        f.type = inferType(m_fields[i], m_quoted[i]);
        f.value = std::move(m_fields[i]);
    }
    return true;
}

} // namespace studio::formats
