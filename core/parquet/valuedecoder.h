#pragma once

#include "parquet/decodedpage.h"
#include "parquet/parquettypes.h"

#include <cstdint>
#include <span>
#include <vector>

namespace studio::parquet {

struct LeafColumn;

// Decodes the non-null values of a data page or a dictionary page, in any of
// the supported encodings, into a DecodedPage. Keeps scratch buffers between
// pages. Throws ParquetError on corrupt data.
class ValueDecoder
{
public:
    // Width in bytes of a fixed-width physical type in DecodedPage::fixed
    // (0 for BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY, which decode to strings).
    static int fixedWidth(PhysicalType type);

    // Appends `count` values encoded with `encoding` in data to page.
    // `dictionary` is required for PLAIN_DICTIONARY / RLE_DICTIONARY.
    void decode(const LeafColumn &leaf, Encoding encoding, std::span<const uint8_t> data, size_t count,
                const DecodedPage *dictionary, DecodedPage &page);

private:
    void decodePlain(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count, DecodedPage &page);
    void decodeDictionaryIndices(std::span<const uint8_t> data, size_t count, const DecodedPage &dictionary,
                                 DecodedPage &page);
    void decodeDeltaBinaryPacked(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count,
                                 DecodedPage &page);
    void decodeDeltaLengthByteArray(std::span<const uint8_t> data, size_t count, DecodedPage &page);
    void decodeDeltaByteArray(std::span<const uint8_t> data, size_t count, DecodedPage &page);
    void decodeByteStreamSplit(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count,
                               DecodedPage &page);
    void decodeRleBoolean(std::span<const uint8_t> data, size_t count, DecodedPage &page);

    std::vector<uint32_t> m_indices;
    std::vector<int64_t> m_lengths;
    std::vector<int64_t> m_prefixes;
};

} // namespace studio::parquet
