#include "parquet/columnchunkreader.h"

#include "parquet/parqueterror.h"
#include "parquet/rlebitpackeddecoder.h"
#include "parquet/schema.h"
#include "parquet/thriftcompactreader.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace studio::parquet {

namespace {

// Largest number of entries accepted in one page (bounds level/value buffers).
constexpr int64_t kMaxPageEntries = int64_t(1) << 24;

int bitWidth(int maxLevel)
{
    return maxLevel == 0 ? 0 : static_cast<int>(std::bit_width(static_cast<unsigned>(maxLevel)));
}

} // namespace

ColumnChunkReader::ColumnChunkReader(std::span<const uint8_t> file, const ColumnChunk &chunk, const LeafColumn &leaf,
                                     int64_t rowGroupRows, std::string context)
    : m_file(file)
    , m_chunk(chunk)
    , m_leaf(leaf)
    , m_context(std::move(context))
    , m_rowsLeft(rowGroupRows)
{
    if (!chunk.filePath.empty())
        fail("column data stored in another file (\"" + chunk.filePath + "\") is not supported");
    if (!chunk.hasMetaData)
        fail("the column chunk has no metadata (encrypted files are not supported)");
    const ColumnMetaData &md = chunk.metaData;
    if (md.type != leaf.physicalType)
        fail("the column chunk's type " + physicalTypeName(md.type) + " differs from the schema's "
             + physicalTypeName(leaf.physicalType));
    int64_t start = md.dataPageOffset;
    if (md.dictionaryPageOffset && *md.dictionaryPageOffset > 0 && *md.dictionaryPageOffset < start)
        start = *md.dictionaryPageOffset;
    const int64_t fileSize = static_cast<int64_t>(file.size());
    if (start < 4 || start >= fileSize || md.totalCompressedSize < 0 || md.totalCompressedSize > fileSize - start)
        fail("the column chunk's offset " + std::to_string(start) + " and size " + std::to_string(md.totalCompressedSize)
             + " lie outside the file (" + std::to_string(fileSize) + " bytes); the file is corrupt or truncated");
    if (md.numValues < 0)
        fail("negative value count in the column chunk");
    m_pos = m_begin = size_t(start);
    m_end = size_t(start + md.totalCompressedSize);
    m_valuesLeft = md.numValues;
}

void ColumnChunkReader::fail(const std::string &what) const
{
    throw ParquetError(m_context + ": " + what);
}

PageHeader ColumnChunkReader::peekHeader(size_t &headerSize)
{
    ThriftCompactReader r(m_file.subspan(m_pos, m_end - m_pos), "page header");
    PageHeader h;
    try {
        h = PageHeader::read(r);
    } catch (const ParquetError &e) {
        fail(std::string(e.what()) + " at offset " + std::to_string(m_pos));
    }
    headerSize = r.position();
    if (uint64_t(h.compressedPageSize) > m_end - m_pos - headerSize)
        fail("a page of " + std::to_string(h.compressedPageSize) + " bytes at offset " + std::to_string(m_pos)
             + " runs past the end of its column chunk; the file is corrupt or truncated");
    return h;
}

int64_t ColumnChunkReader::rowsInPage(const DecodedPage &page)
{
    if (page.repLevels.empty())
        return page.numLevels;
    return std::count(page.repLevels.begin(), page.repLevels.end(), uint8_t(0));
}

bool ColumnChunkReader::next(DecodedPage &page)
{
    try {
        while (m_valuesLeft > 0 && m_pos < m_end) {
            size_t hs = 0;
            const PageHeader h = peekHeader(hs);
            const std::span<const uint8_t> body = m_file.subspan(m_pos + hs, size_t(h.compressedPageSize));
            m_pos += hs + size_t(h.compressedPageSize);
            if (h.type == PageType::DictionaryPage) {
                loadDictionary(h, body);
                continue;
            }
            if (h.type != PageType::DataPage && h.type != PageType::DataPageV2)
                continue; // index pages and unknown page types carry no values
            decodeDataPage(h, body, page);
            return true;
        }
    } catch (const ParquetError &e) {
        if (std::string_view(e.what()).starts_with(m_context))
            throw;
        fail(e.what());
    }
    if (m_valuesLeft > 0)
        fail("the column chunk ends before its " + std::to_string(m_chunk.metaData.numValues) + " values");
    return false;
}

int64_t ColumnChunkReader::skipPages(int64_t rows)
{
    int64_t skipped = 0;
    try {
        while (m_valuesLeft > 0 && m_pos < m_end && skipped < rows) {
            size_t hs = 0;
            const PageHeader h = peekHeader(hs);
            const std::span<const uint8_t> body = m_file.subspan(m_pos + hs, size_t(h.compressedPageSize));
            if (h.type == PageType::DictionaryPage) {
                m_pos += hs + size_t(h.compressedPageSize);
                loadDictionary(h, body);
                continue;
            }
            if (h.type != PageType::DataPage && h.type != PageType::DataPageV2) {
                m_pos += hs + size_t(h.compressedPageSize);
                continue;
            }
            int64_t pageRows = -1;
            if (h.type == PageType::DataPageV2)
                pageRows = h.numRows;
            else if (m_leaf.maxRepetitionLevel == 0)
                pageRows = h.numValues;
            if (pageRows < 0 || pageRows > rows - skipped || h.numValues > m_valuesLeft || pageRows > m_rowsLeft)
                break;
            m_pos += hs + size_t(h.compressedPageSize);
            m_valuesLeft -= h.numValues;
            m_rowsLeft -= pageRows;
            skipped += pageRows;
        }
    } catch (const ParquetError &e) {
        if (std::string_view(e.what()).starts_with(m_context))
            throw;
        fail(e.what());
    }
    return skipped;
}

void ColumnChunkReader::loadDictionary(const PageHeader &h, std::span<const uint8_t> body)
{
    if (m_haveDictionary)
        fail("the column chunk has more than one dictionary page");
    if (h.dictionaryEncoding != Encoding::Plain && h.dictionaryEncoding != Encoding::PlainDictionary)
        fail("dictionary page encoding " + encodingName(h.dictionaryEncoding) + " is not supported");
    const std::span<const uint8_t> data =
        m_dictDecompressor.decompress(m_chunk.metaData.codec, body, size_t(h.uncompressedPageSize));
    m_dictionary.clear();
    if (h.dictionaryNumValues > kMaxPageEntries)
        fail("the dictionary holds " + std::to_string(h.dictionaryNumValues) + " values, more than the reader's limit");
    m_values.decode(m_leaf, Encoding::Plain, data, size_t(h.dictionaryNumValues), nullptr, m_dictionary);
    m_haveDictionary = true;
}

void ColumnChunkReader::decodeLevels(const uint8_t *data, size_t size, int maxLevel, size_t n,
                                     std::vector<uint8_t> &out, bool v1Prefixed, size_t &consumed)
{
    consumed = 0;
    if (v1Prefixed) {
        if (size < 4)
            fail("the page is too short for its levels");
        uint32_t len;
        std::memcpy(&len, data, 4);
        if (len > size - 4)
            fail("the page's level data runs past its end");
        data += 4;
        size = len;
        consumed = 4 + size_t(len);
    } else {
        consumed = size;
    }
    out.resize(n);
    RleBitPackedDecoder rle(data, size, bitWidth(maxLevel));
    rle.decode(out.data(), n);
    for (size_t i = 0; i < n; ++i)
        if (out[i] > maxLevel)
            fail("a level of " + std::to_string(out[i]) + " exceeds the column's maximum " + std::to_string(maxLevel));
}

void ColumnChunkReader::decodeDataPage(const PageHeader &h, std::span<const uint8_t> body, DecodedPage &page)
{
    page.clear();
    const int64_t n = h.numValues;
    if (n > m_valuesLeft)
        fail("a page holds more values than its column chunk declares");
    if (n > kMaxPageEntries)
        fail("a page holds " + std::to_string(n) + " values, more than the reader's limit of "
             + std::to_string(kMaxPageEntries));
    if (m_leaf.maxRepetitionLevel == 0 && n > m_rowsLeft)
        fail("a page holds more rows than its row group declares");
    const int maxDef = m_leaf.maxDefinitionLevel;
    const int maxRep = m_leaf.maxRepetitionLevel;
    std::span<const uint8_t> values;
    if (h.type == PageType::DataPage) {
        const std::span<const uint8_t> data =
            m_pageDecompressor.decompress(m_chunk.metaData.codec, body, size_t(h.uncompressedPageSize));
        size_t off = 0, used = 0;
        if (maxRep > 0) {
            if (h.repetitionLevelEncoding != Encoding::Rle)
                fail("repetition level encoding " + encodingName(h.repetitionLevelEncoding) + " is not supported");
            decodeLevels(data.data(), data.size(), maxRep, size_t(n), page.repLevels, true, used);
            off += used;
        }
        if (maxDef > 0) {
            if (h.definitionLevelEncoding != Encoding::Rle)
                fail("definition level encoding " + encodingName(h.definitionLevelEncoding) + " is not supported");
            decodeLevels(data.data() + off, data.size() - off, maxDef, size_t(n), page.defLevels, true, used);
            off += used;
        }
        values = data.subspan(off);
    } else {
        const size_t repLen = size_t(h.repetitionLevelsByteLength);
        const size_t defLen = size_t(h.definitionLevelsByteLength);
        if (repLen > body.size() || defLen > body.size() - repLen || repLen + defLen > size_t(h.uncompressedPageSize))
            fail("a v2 page's level lengths exceed the page");
        size_t used = 0;
        if (maxRep > 0)
            decodeLevels(body.data(), repLen, maxRep, size_t(n), page.repLevels, false, used);
        if (maxDef > 0)
            decodeLevels(body.data() + repLen, defLen, maxDef, size_t(n), page.defLevels, false, used);
        const std::span<const uint8_t> rest = body.subspan(repLen + defLen);
        const size_t expected = size_t(h.uncompressedPageSize) - repLen - defLen;
        values = h.isCompressed ? m_pageDecompressor.decompress(m_chunk.metaData.codec, rest, expected) : rest;
    }
    page.numLevels = n;
    int64_t nonNull = n;
    if (maxDef > 0)
        nonNull = std::count(page.defLevels.begin(), page.defLevels.end(), uint8_t(maxDef));
    page.numValues = nonNull;
    m_values.decode(m_leaf, h.encoding, values, size_t(nonNull), m_haveDictionary ? &m_dictionary : nullptr, page);
    m_valuesLeft -= n;
    m_rowsLeft -= maxRep == 0 ? n : rowsInPage(page);
}

} // namespace studio::parquet
