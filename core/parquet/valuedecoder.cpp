#include "parquet/valuedecoder.h"

#include "parquet/deltabinarypackeddecoder.h"
#include "parquet/parqueterror.h"
#include "parquet/rlebitpackeddecoder.h"
#include "parquet/schema.h"

#include <cstring>
#include <string>

namespace studio::parquet {

namespace {

[[noreturn]] void truncated(const char *what, size_t count)
{
    throw ParquetError(std::string(what) + " data is too short for its " + std::to_string(count) + " values");
}

} // namespace

int ValueDecoder::fixedWidth(PhysicalType type)
{
    switch (type) {
    case PhysicalType::Boolean: return 1;
    case PhysicalType::Int32:
    case PhysicalType::Float: return 4;
    case PhysicalType::Int64:
    case PhysicalType::Double: return 8;
    case PhysicalType::Int96: return 12;
    default: return 0;
    }
}

void ValueDecoder::decode(const LeafColumn &leaf, Encoding encoding, std::span<const uint8_t> data, size_t count,
                          const DecodedPage *dictionary, DecodedPage &page)
{
    page.width = fixedWidth(leaf.physicalType);
    switch (encoding) {
    case Encoding::Plain:
        decodePlain(leaf, data, count, page);
        return;
    case Encoding::PlainDictionary:
    case Encoding::RleDictionary:
        if (!dictionary)
            throw ParquetError("dictionary-encoded page without a dictionary page");
        decodeDictionaryIndices(data, count, *dictionary, page);
        return;
    case Encoding::Rle:
        if (leaf.physicalType != PhysicalType::Boolean)
            break;
        decodeRleBoolean(data, count, page);
        return;
    case Encoding::DeltaBinaryPacked:
        if (leaf.physicalType != PhysicalType::Int32 && leaf.physicalType != PhysicalType::Int64)
            break;
        decodeDeltaBinaryPacked(leaf, data, count, page);
        return;
    case Encoding::DeltaLengthByteArray:
        if (leaf.physicalType != PhysicalType::ByteArray)
            break;
        decodeDeltaLengthByteArray(data, count, page);
        return;
    case Encoding::DeltaByteArray:
        if (leaf.physicalType != PhysicalType::ByteArray && leaf.physicalType != PhysicalType::FixedLenByteArray)
            break;
        decodeDeltaByteArray(data, count, page);
        return;
    case Encoding::ByteStreamSplit:
        if (leaf.physicalType == PhysicalType::Boolean || leaf.physicalType == PhysicalType::ByteArray
            || leaf.physicalType == PhysicalType::Int96)
            break;
        decodeByteStreamSplit(leaf, data, count, page);
        return;
    default:
        break;
    }
    throw ParquetError("encoding " + encodingName(encoding) + " is not supported for " + physicalTypeName(leaf.physicalType)
                       + " values");
}

void ValueDecoder::decodePlain(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count, DecodedPage &page)
{
    const uint8_t *p = data.data();
    const uint8_t *end = p + data.size();
    switch (leaf.physicalType) {
    case PhysicalType::Boolean: {
        if (count > data.size() * 8)
            truncated("PLAIN BOOLEAN", count);
        const size_t base = page.fixed.size();
        page.fixed.resize(base + count);
        for (size_t i = 0; i < count; ++i)
            page.fixed[base + i] = (p[i >> 3] >> (i & 7)) & 1;
        return;
    }
    case PhysicalType::ByteArray: {
        if (count > data.size() / 4)
            truncated("PLAIN BYTE_ARRAY", count);
        const size_t base = page.strings.size();
        page.strings.resize(base + count);
        std::string_view *out = page.strings.data() + base;
        for (size_t i = 0; i < count; ++i) {
            if (end - p < 4)
                truncated("PLAIN BYTE_ARRAY", count);
            uint32_t len;
            std::memcpy(&len, p, 4);
            p += 4;
            if (len > size_t(end - p))
                throw ParquetError("PLAIN BYTE_ARRAY value of " + std::to_string(len) + " bytes runs past the end of its page");
            out[i] = std::string_view(reinterpret_cast<const char *>(p), len);
            p += len;
        }
        return;
    }
    case PhysicalType::FixedLenByteArray: {
        const size_t w = size_t(leaf.typeLength);
        if (count > data.size() / w)
            truncated("PLAIN FIXED_LEN_BYTE_ARRAY", count);
        const size_t base = page.strings.size();
        page.strings.resize(base + count);
        for (size_t i = 0; i < count; ++i)
            page.strings[base + i] = std::string_view(reinterpret_cast<const char *>(p + i * w), w);
        return;
    }
    default: {
        const size_t w = size_t(page.width);
        if (count > data.size() / w)
            truncated("PLAIN", count);
        const size_t base = page.fixed.size();
        page.fixed.resize(base + count * w);
        if (count > 0) // an empty page's data pointer may be null: memcpy(…, nullptr, 0) is UB
            std::memcpy(page.fixed.data() + base, p, count * w);
        return;
    }
    }
}

void ValueDecoder::decodeDictionaryIndices(std::span<const uint8_t> data, size_t count, const DecodedPage &dict,
                                           DecodedPage &page)
{
    if (count == 0)
        return;
    if (data.empty())
        throw ParquetError("dictionary-encoded page has no bit width");
    const int bitWidth = data[0];
    if (bitWidth > 32)
        throw ParquetError("dictionary index bit width " + std::to_string(bitWidth) + " is out of range");
    m_indices.resize(count);
    RleBitPackedDecoder rle(data.data() + 1, data.size() - 1, bitWidth);
    rle.decode(m_indices.data(), count);
    const uint32_t *idx = m_indices.data();
    if (!dict.strings.empty() || dict.width == 0) {
        const size_t n = dict.strings.size();
        const size_t base = page.strings.size();
        page.strings.resize(base + count);
        std::string_view *out = page.strings.data() + base;
        const std::string_view *values = dict.strings.data();
        for (size_t i = 0; i < count; ++i) {
            if (idx[i] >= n)
                throw ParquetError("dictionary index " + std::to_string(idx[i]) + " is out of range (dictionary has "
                                   + std::to_string(n) + " values)");
            out[i] = values[idx[i]];
        }
        return;
    }
    const size_t w = size_t(dict.width);
    const size_t n = dict.fixed.size() / w;
    const size_t base = page.fixed.size();
    page.fixed.resize(base + count * w);
    uint8_t *out = page.fixed.data() + base;
    for (size_t i = 0; i < count; ++i) {
        if (idx[i] >= n)
            throw ParquetError("dictionary index " + std::to_string(idx[i]) + " is out of range (dictionary has "
                               + std::to_string(n) + " values)");
        std::memcpy(out + i * w, dict.fixed.data() + size_t(idx[i]) * w, w);
    }
}

void ValueDecoder::decodeRleBoolean(std::span<const uint8_t> data, size_t count, DecodedPage &page)
{
    if (data.size() < 4)
        truncated("RLE BOOLEAN", count);
    uint32_t len;
    std::memcpy(&len, data.data(), 4);
    if (len > data.size() - 4)
        throw ParquetError("RLE BOOLEAN length runs past the end of its page");
    const size_t base = page.fixed.size();
    page.fixed.resize(base + count);
    RleBitPackedDecoder rle(data.data() + 4, len, 1);
    rle.decode(page.fixed.data() + base, count);
}

void ValueDecoder::decodeDeltaBinaryPacked(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count,
                                           DecodedPage &page)
{
    DeltaBinaryPackedDecoder::decode(data.data(), data.size(), count, m_lengths);
    if (m_lengths.size() != count)
        truncated("DELTA_BINARY_PACKED", count);
    const size_t w = leaf.physicalType == PhysicalType::Int32 ? 4 : 8;
    const size_t base = page.fixed.size();
    page.fixed.resize(base + count * w);
    uint8_t *out = page.fixed.data() + base;
    for (size_t i = 0; i < count; ++i) {
        if (w == 4) {
            const int32_t v = static_cast<int32_t>(m_lengths[i]);
            std::memcpy(out + i * 4, &v, 4);
        } else {
            std::memcpy(out + i * 8, &m_lengths[i], 8);
        }
    }
}

void ValueDecoder::decodeDeltaLengthByteArray(std::span<const uint8_t> data, size_t count, DecodedPage &page)
{
    const size_t used = DeltaBinaryPackedDecoder::decode(data.data(), data.size(), count, m_lengths);
    if (m_lengths.size() != count)
        truncated("DELTA_LENGTH_BYTE_ARRAY", count);
    const uint8_t *p = data.data() + used;
    size_t left = data.size() - used;
    const size_t base = page.strings.size();
    page.strings.resize(base + count);
    for (size_t i = 0; i < count; ++i) {
        const int64_t len = m_lengths[i];
        if (len < 0 || uint64_t(len) > left)
            throw ParquetError("DELTA_LENGTH_BYTE_ARRAY value length " + std::to_string(len) + " is invalid");
        page.strings[base + i] = std::string_view(reinterpret_cast<const char *>(p), size_t(len));
        p += len;
        left -= size_t(len);
    }
}

void ValueDecoder::decodeDeltaByteArray(std::span<const uint8_t> data, size_t count, DecodedPage &page)
{
    const size_t used = DeltaBinaryPackedDecoder::decode(data.data(), data.size(), count, m_prefixes);
    if (m_prefixes.size() != count)
        truncated("DELTA_BYTE_ARRAY", count);
    // Suffixes are a DELTA_LENGTH_BYTE_ARRAY stream; decode them into a scratch page.
    DecodedPage suffixes;
    decodeDeltaLengthByteArray(data.subspan(used), count, suffixes);
    // Each value is a prefix of the previous value plus its suffix: size the
    // arena first so the views taken into it stay valid.
    uint64_t total = 0;
    uint64_t prevLen = 0;
    for (size_t i = 0; i < count; ++i) {
        const int64_t pre = m_prefixes[i];
        if (pre < 0 || uint64_t(pre) > prevLen)
            throw ParquetError("DELTA_BYTE_ARRAY prefix length " + std::to_string(pre) + " exceeds the previous value");
        prevLen = uint64_t(pre) + suffixes.strings[i].size();
        total += prevLen;
        if (total > (uint64_t(1) << 31))
            throw ParquetError("DELTA_BYTE_ARRAY page expands to more than 2 GiB");
    }
    // One value stream per page, so the arena is empty here and never
    // reallocates while views into it exist.
    page.arena.resize(size_t(total));
    char *out = page.arena.data();
    const char *prev = out;
    const size_t base = page.strings.size();
    page.strings.resize(base + count);
    for (size_t i = 0; i < count; ++i) {
        const size_t pre = size_t(m_prefixes[i]);
        std::memmove(out, prev, pre);
        std::memcpy(out + pre, suffixes.strings[i].data(), suffixes.strings[i].size());
        const size_t len = pre + suffixes.strings[i].size();
        page.strings[base + i] = std::string_view(out, len);
        prev = out;
        out += len;
    }
}

void ValueDecoder::decodeByteStreamSplit(const LeafColumn &leaf, std::span<const uint8_t> data, size_t count,
                                         DecodedPage &page)
{
    const bool flba = leaf.physicalType == PhysicalType::FixedLenByteArray;
    const size_t w = flba ? size_t(leaf.typeLength) : size_t(page.width);
    if (count > data.size() / w || data.size() != count * w)
        throw ParquetError("BYTE_STREAM_SPLIT data size does not match its value count");
    uint8_t *out;
    if (flba) {
        page.arena.resize(count * w);
        out = reinterpret_cast<uint8_t *>(page.arena.data());
    } else {
        const size_t base = page.fixed.size();
        page.fixed.resize(base + count * w);
        out = page.fixed.data() + base;
    }
    for (size_t b = 0; b < w; ++b)
        for (size_t i = 0; i < count; ++i)
            out[i * w + b] = data[b * count + i];
    if (flba) {
        const size_t base = page.strings.size();
        page.strings.resize(base + count);
        for (size_t i = 0; i < count; ++i)
            page.strings[base + i] = std::string_view(page.arena.data() + i * w, w);
    }
}

} // namespace studio::parquet
