#include "formats/parquetrows.h"

#include "formats/formaterror.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/rowrangereader.h"
#include "parquet/rowstreamreader.h"
#include "parquet/stringcolumnreader.h"

#include <QJsonDocument>

namespace studio::formats {

namespace {

FormatError wrap(const parquet::ParquetError &e)
{
    return FormatError(QString::fromStdString(e.what()));
}

} // namespace

ParquetRows::ParquetRows(std::vector<Segment> segments, QJsonArray schema)
    : m_segments(std::move(segments))
    , m_schema(std::move(schema))
    , m_files(m_segments.size())
{
    for (const Segment &s : m_segments) {
        m_starts.push_back(m_total);
        m_total += s.numRows;
    }
}

ParquetRows::~ParquetRows() = default;

const parquet::ParquetFile &ParquetRows::file(std::size_t segment) const
{
    auto &slot = m_files[segment];
    if (!slot) {
        try {
            slot = std::make_unique<parquet::ParquetFile>(
                parquet::ParquetFile::open(m_segments[segment].path.toStdString()));
        } catch (const parquet::ParquetError &e) {
            throw wrap(e);
        }
        if (slot->numRows() < m_segments[segment].firstRow + m_segments[segment].numRows)
            throw FormatError(QStringLiteral("%1 holds %2 rows, fewer than the dataset expects: the file changed; "
                                             "download or import it again")
                                  .arg(m_segments[segment].path)
                                  .arg(slot->numRows()));
    }
    return *slot;
}

int ParquetRows::fileColumn(std::size_t segment, int column) const
{
    const QString name = m_schema.at(column).toObject().value(QStringLiteral("name")).toString();
    const int index = file(segment).schema().columnIndex(name.toStdString());
    if (index < 0)
        throw FormatError(QStringLiteral("%1 has no column '%2'").arg(m_segments[segment].path, name));
    return index;
}

template<typename Fn>
void ParquetRows::forEachPart(std::int64_t first, std::int64_t last, Fn &&fn) const
{
    first = std::max<std::int64_t>(0, first);
    last = std::min(last, m_total);
    for (std::size_t s = 0; s < m_segments.size() && first < last; ++s) {
        const std::int64_t segStart = m_starts[s];
        const std::int64_t segEnd = segStart + m_segments[s].numRows;
        if (segEnd <= first || segStart >= last)
            continue;
        const std::int64_t from = std::max(first, segStart);
        const std::int64_t to = std::min(last, segEnd);
        if (!fn(s, m_segments[s].firstRow + (from - segStart), m_segments[s].firstRow + (to - segStart), from))
            return;
    }
}

QList<QJsonObject> ParquetRows::rows(std::int64_t first, std::int64_t count) const
{
    QList<QJsonObject> out;
    try {
        forEachPart(first, first + count, [&](std::size_t s, std::int64_t from, std::int64_t to, std::int64_t) {
            const parquet::RowBlock block = parquet::RowRangeReader(file(s)).read(from, to - from);
            for (std::size_t r = 0; r < block.cells.size(); ++r)
                out.append(QJsonDocument::fromJson(QByteArray::fromStdString(block.rowAsJson(r))).object());
            return true;
        });
    } catch (const parquet::ParquetError &e) {
        throw wrap(e);
    }
    return out;
}

void ParquetRows::scan(int column, std::int64_t first, std::int64_t last, const ValueVisitor &visit) const
{
    if (column < 0 || column >= m_schema.size())
        throw FormatError(QStringLiteral("No column %1 in this dataset").arg(column));
    const bool isString = m_schema.at(column).toObject().value(QStringLiteral("type")).toString() == QLatin1String("string");
    try {
        forEachPart(first, last, [&](std::size_t s, std::int64_t from, std::int64_t to, std::int64_t datasetRow) {
            const parquet::ParquetFile &f = file(s);
            const int col = fileColumn(s, column);
            if (isString) {
                // The hot path: page by page, values are views into decoded pages.
                const int firstGroup = f.rowGroupOfRow(from);
                const int lastGroup = f.rowGroupOfRow(to - 1) + 1;
                parquet::StringColumnReader reader(f, col, firstGroup, lastGroup);
                parquet::StringBatch batch;
                while (reader.next(batch)) {
                    for (std::size_t i = 0; i < batch.size(); ++i) {
                        const std::int64_t row = batch.firstRow + static_cast<std::int64_t>(i);
                        if (row < from)
                            continue;
                        if (row >= to)
                            return true; // this part is done; the next segment follows
                        if (!visit(datasetRow + (row - from), batch.isNull(i) ? ValueType::Null : ValueType::String,
                                   batch.values[i]))
                            return false;
                    }
                }
                return true;
            }
            // Other types: one streaming pass from the first row of the part.
            parquet::RowStreamReader reader(f, std::vector<int>{col}, from);
            std::vector<parquet::RowCell> cells;
            for (std::int64_t row = from; row < to && reader.next(cells); ++row) {
                const parquet::RowCell &cell = cells[0];
                ValueType type = ValueType::String;
                switch (cell.kind) {
                case parquet::RowCell::Kind::Null: type = ValueType::Null; break;
                case parquet::RowCell::Kind::String: type = ValueType::String; break;
                case parquet::RowCell::Kind::Integer: type = ValueType::Integer; break;
                case parquet::RowCell::Kind::Float: type = ValueType::Float; break;
                case parquet::RowCell::Kind::Bool: type = ValueType::Bool; break;
                case parquet::RowCell::Kind::Json: type = ValueType::Json; break;
                }
                if (!visit(datasetRow + (row - from), type, cell.text))
                    return false;
            }
            return true;
        });
    } catch (const parquet::ParquetError &e) {
        throw wrap(e);
    }
}

} // namespace studio::formats
