#pragma once

#include "parquet/columnchunkreader.h"
#include "parquet/filemetadata.h"
#include "parquet/schema.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

// studio_parquet at a glance:
//   footer only, from a tail buffer (Hub):  footerLengthFromTail(), parseFileMetaData(),
//                                           parseFileMetaDataFromTail()      (filemetadata.h)
//   footer only, from a file (import):      ParquetSummary::read()           (parquetsummary.h)
//   one string column, fast, page by page:  StringColumnReader               (stringcolumnreader.h)
//   rows i..j as display text / JSON:       RowRangeReader                   (rowrangereader.h)
//   every row, typed cells (import, scans): RowStreamReader                  (rowstreamreader.h)
// A ParquetFile is immutable after open: several threads may read it at once,
// each with its own readers (e.g. one StringColumnReader per row group range).
namespace studio::parquet {

// An open parquet file: the file is memory-mapped (read-only) and its footer
// decoded and validated on open. Column data is decoded on demand through
// column chunk readers, StringColumnReader and RowRangeReader.
// Movable, not copyable; readers borrow from it and must not outlive it.
class ParquetFile
{
public:
    // Opens and maps a file and parses its footer. Throws ParquetError naming the
    // file for missing files, non-parquet files, truncated or corrupt footers.
    static ParquetFile open(const std::string &path);
    // Same over bytes held in memory (tests, downloads held in RAM); `name` is used in messages.
    static ParquetFile fromBuffer(std::vector<uint8_t> bytes, const std::string &name);

    ParquetFile(ParquetFile &&) noexcept;
    ParquetFile &operator=(ParquetFile &&) noexcept;
    ~ParquetFile();

    const std::string &name() const;
    const FileMetaData &metadata() const;
    const Schema &schema() const;
    std::span<const uint8_t> bytes() const;

    int64_t numRows() const;
    int numRowGroups() const;
    int64_t rowGroupNumRows(int rowGroup) const;
    int64_t rowGroupFirstRow(int rowGroup) const;
    // Row group containing a row (binary search); -1 when out of range.
    int rowGroupOfRow(int64_t row) const;

    // Reader over one leaf column's chunk in a row group.
    ColumnChunkReader columnChunk(int rowGroup, int leafIndex) const;
    // Lets the kernel drop mapped pages of [offset, offset + length) from this
    // process's resident memory once read (they stay in the page cache), so
    // streaming a large file keeps RSS bounded. No-op for in-memory buffers.
    void releaseRange(size_t offset, size_t length) const;

    // "file.parquet: column \"text\", row group 3" for messages.
    std::string context(int rowGroup, int leafIndex) const;

private:
    struct Impl;
    explicit ParquetFile(std::unique_ptr<Impl> d);
    static ParquetFile finishOpen(std::unique_ptr<Impl> d);
    std::unique_ptr<Impl> m_d;
};

} // namespace studio::parquet
