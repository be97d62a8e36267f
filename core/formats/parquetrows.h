#pragma once

#include "formats/datasetrows.h"

#include <QString>

#include <memory>
#include <vector>

namespace studio::parquet {
class ParquetFile;
}

namespace studio::formats {

// DatasetRows over parquet segments: row ranges of one or more parquet files,
// concatenated in order (a Hub split slice across shards, or one imported file).
class ParquetRows final : public DatasetRows
{
public:
    struct Segment {
        QString path;
        std::int64_t firstRow = 0; // within the file
        std::int64_t numRows = 0;
    };
    ParquetRows(std::vector<Segment> segments, QJsonArray schema); // throws FormatError
    ~ParquetRows() override;

    std::int64_t rowCount() const override { return m_total; }
    QJsonArray schema() const override { return m_schema; }
    QList<QJsonObject> rows(std::int64_t first, std::int64_t count) const override;
    void scan(int column, std::int64_t first, std::int64_t last, const ValueVisitor &visit) const override;

private:
    struct Open;
    // Calls fn(segmentIndex, fileFirst, fileLast, datasetRowOfFileFirst) for the
    // parts of [first, last) each segment holds.
    template<typename Fn>
    void forEachPart(std::int64_t first, std::int64_t last, Fn &&fn) const;
    const parquet::ParquetFile &file(std::size_t segment) const;
    int fileColumn(std::size_t segment, int column) const;

    std::vector<Segment> m_segments;
    std::vector<std::int64_t> m_starts; // dataset row where each segment starts
    std::int64_t m_total = 0;
    QJsonArray m_schema;
    mutable std::vector<std::unique_ptr<parquet::ParquetFile>> m_files;
};

} // namespace studio::formats
