#pragma once

#include "parquet/decodedpage.h"
#include "parquet/decompressor.h"
#include "parquet/filemetadata.h"
#include "parquet/pageheader.h"
#include "parquet/valuedecoder.h"

#include <cstdint>
#include <span>
#include <string>

namespace studio::parquet {

struct LeafColumn;

// Iterates the pages of one column chunk (one leaf column in one row group):
// reads page headers, loads the dictionary, decompresses and decodes levels
// and values. Memory is bounded by the largest page. All offsets and sizes
// are checked against the file; errors name the file, column and row group.
class ColumnChunkReader
{
public:
    // file: the whole file's bytes (mapping); context: "file.parquet: column \"text\", row group 3"
    ColumnChunkReader(std::span<const uint8_t> file, const ColumnChunk &chunk, const LeafColumn &leaf,
                      int64_t rowGroupRows, std::string context);

    // Decodes the next data page into page; returns false at the end of the chunk.
    bool next(DecodedPage &page);

    // Skips whole data pages lying entirely within the next `rows` rows without
    // decompressing them, where the page header tells its row count (flat
    // columns, or v2 pages). Returns the number of rows skipped (<= rows).
    int64_t skipPages(int64_t rows);

    // Rows starting in a decoded page (entries with repetition level 0).
    static int64_t rowsInPage(const DecodedPage &page);

    const LeafColumn &leaf() const { return m_leaf; }
    // The chunk's bytes in the file: [begin, end).
    size_t begin() const { return m_begin; }
    size_t end() const { return m_end; }
    const std::string &context() const { return m_context; }

private:
    [[noreturn]] void fail(const std::string &what) const;
    PageHeader peekHeader(size_t &headerSize);
    void loadDictionary(const PageHeader &h, std::span<const uint8_t> body);
    void decodeDataPage(const PageHeader &h, std::span<const uint8_t> body, DecodedPage &page);
    void decodeLevels(const uint8_t *data, size_t size, int maxLevel, size_t n, std::vector<uint8_t> &out,
                      bool v1Prefixed, size_t &consumed);

    std::span<const uint8_t> m_file;
    const ColumnChunk &m_chunk;
    const LeafColumn &m_leaf;
    std::string m_context;
    size_t m_pos = 0;      // next page header
    size_t m_begin = 0;    // first page header
    size_t m_end = 0;      // end of the chunk
    int64_t m_valuesLeft = 0;
    int64_t m_rowsLeft = 0;
    bool m_haveDictionary = false;
    DecodedPage m_dictionary;
    Decompressor m_pageDecompressor;
    Decompressor m_dictDecompressor;
    ValueDecoder m_values;
};

} // namespace studio::parquet
