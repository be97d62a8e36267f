#include "formats/textreader.h"

namespace studio::formats {

namespace {

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
}

} // namespace

TextReader::TextReader(const QString &path, Mode mode, std::int64_t maxSampleBytes)
    : m_lines(path, maxSampleBytes, /*checkUtf8=*/true)
    , m_mode(mode)
    , m_maxSample(maxSampleBytes)
{
}

bool TextReader::next(Record &record)
{
    std::string_view line;
    if (m_mode == Mode::Lines) {
        if (!m_lines.next(line))
            return false;
        record.fields.resize(1);
        record.fields[0].name = "text";
        record.fields[0].type = ValueType::String;
        record.fields[0].value.assign(line);
        record.line = m_lines.lineNumber();
        return true;
    }
    m_paragraph.clear();
    std::int64_t start = 0;
    while (m_lines.next(line)) {
        if (isBlank(line)) {
            if (!m_paragraph.empty())
                break;
            continue;
        }
        if (m_paragraph.empty())
            start = m_lines.lineNumber();
        else
            m_paragraph.push_back('\n');
        m_paragraph.append(line);
        if (static_cast<std::int64_t>(m_paragraph.size()) > m_maxSample)
            m_lines.fail(QStringLiteral("paragraph is longer than %1 MiB").arg(m_maxSample >> 20));
    }
    if (m_paragraph.empty())
        return false;
    record.fields.resize(1);
    record.fields[0].name = "text";
    record.fields[0].type = ValueType::String;
    record.fields[0].value = m_paragraph;
    record.line = start;
    return true;
}

} // namespace studio::formats
