#include "testparquetwriter.h"

#include <snappy.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

namespace studio::parquet::test {

namespace {

std::vector<PageLocation> g_locations;

void varint(std::string &o, uint64_t v)
{
    while (v >= 0x80) {
        o.push_back(char(uint8_t(v) | 0x80));
        v >>= 7;
    }
    o.push_back(char(v));
}

uint64_t zigzag(int64_t v)
{
    return (uint64_t(v) << 1) ^ uint64_t(v >> 63);
}

// Thrift compact protocol writer (just what the footer and page headers need).
class Thrift
{
public:
    std::string out;

    void i32(int16_t id, int32_t v) { field(id, 5); varint(out, zigzag(v)); }
    void i64(int16_t id, int64_t v) { field(id, 6); varint(out, zigzag(v)); }
    void boolean(int16_t id, bool v) { field(id, v ? 1 : 2); }
    void binary(int16_t id, const std::string &s) { field(id, 8); str(s); }
    void str(const std::string &s) { varint(out, s.size()); out += s; }
    void beginStruct(int16_t id) { field(id, 12); push(); }
    void beginListElementStruct() { push(); }
    void endStruct() { out.push_back(0); m_last = m_stack.back(); m_stack.pop_back(); }
    void list(int16_t id, uint8_t elementType, size_t n)
    {
        field(id, 9);
        if (n < 15) {
            out.push_back(char(uint8_t(n << 4) | elementType));
        } else {
            out.push_back(char(0xf0 | elementType));
            varint(out, n);
        }
    }
    void beginRoot() { push(); }

private:
    void push() { m_stack.push_back(m_last); m_last = 0; }
    void field(int16_t id, uint8_t type)
    {
        const int delta = id - m_last;
        if (delta > 0 && delta <= 15) {
            out.push_back(char(uint8_t(delta << 4) | type));
        } else {
            out.push_back(char(type));
            varint(out, zigzag(id));
        }
        m_last = id;
    }
    int16_t m_last = 0;
    std::vector<int16_t> m_stack;
};

// RLE/bit-packed hybrid as one bit-packed run.
std::string bitPacked(const std::vector<uint32_t> &values, int width)
{
    std::string o;
    const size_t groups = (values.size() + 7) / 8;
    varint(o, (uint64_t(groups) << 1) | 1);
    std::string bits(groups * size_t(width), '\0');
    for (size_t i = 0; i < values.size(); ++i)
        for (int b = 0; b < width; ++b)
            if (values[i] >> b & 1) {
                const size_t bit = i * size_t(width) + size_t(b);
                bits[bit / 8] = char(uint8_t(bits[bit / 8]) | (1u << (bit % 8)));
            }
    return o + bits;
}

std::string deltaBinaryPacked(const std::vector<int64_t> &v)
{
    std::string o;
    varint(o, 128);
    varint(o, 4);
    varint(o, v.size());
    varint(o, zigzag(v.empty() ? 0 : v[0]));
    for (size_t start = 1; start < v.size(); start += 128) {
        const size_t n = std::min<size_t>(128, v.size() - start);
        std::vector<int64_t> deltas(n);
        for (size_t i = 0; i < n; ++i)
            deltas[i] = v[start + i] - v[start + i - 1];
        const int64_t minDelta = *std::min_element(deltas.begin(), deltas.end());
        varint(o, zigzag(minDelta));
        std::string widths, body;
        for (size_t m = 0; m < 4; ++m) {
            std::vector<uint32_t> vals;
            for (size_t i = m * 32; i < std::min(n, m * 32 + 32); ++i)
                vals.push_back(uint32_t(deltas[i] - minDelta));
            if (vals.empty()) {
                widths.push_back(0);
                continue;
            }
            uint32_t mx = *std::max_element(vals.begin(), vals.end());
            const int w = int(std::bit_width(mx));
            widths.push_back(char(w));
            vals.resize(32, 0);
            std::string bits(32 * size_t(w) / 8, '\0');
            for (size_t i = 0; i < 32; ++i)
                for (int b = 0; b < w; ++b)
                    if (vals[i] >> b & 1) {
                        const size_t bit = i * size_t(w) + size_t(b);
                        bits[bit / 8] = char(uint8_t(bits[bit / 8]) | (1u << (bit % 8)));
                    }
            body += bits;
        }
        o += widths + body;
    }
    return o;
}

std::string le32(uint32_t v)
{
    std::string s(4, '\0');
    std::memcpy(s.data(), &v, 4);
    return s;
}

std::string encodeValues(const TestPage &page, const std::vector<std::string> &dict)
{
    std::vector<std::string> vals;
    for (const auto &v : page.values)
        if (v)
            vals.push_back(*v);
    std::string o;
    switch (page.encoding) {
    case TestPage::Encoding::Plain:
        for (const auto &v : vals)
            o += le32(uint32_t(v.size())) + v;
        return o;
    case TestPage::Encoding::Dictionary: {
        std::unordered_map<std::string_view, uint32_t> index;
        for (size_t i = 0; i < dict.size(); ++i)
            index.emplace(dict[i], uint32_t(i));
        std::vector<uint32_t> idx;
        for (const auto &v : vals) {
            const auto it = index.find(v);
            if (it == index.end())
                throw std::logic_error("value missing from the dictionary");
            idx.push_back(it->second);
        }
        const int w = std::max(1, int(std::bit_width(uint32_t(dict.size() - 1))));
        o.push_back(char(w));
        return o + bitPacked(idx, w);
    }
    case TestPage::Encoding::DeltaLengthByteArray: {
        std::vector<int64_t> lens;
        for (const auto &v : vals)
            lens.push_back(int64_t(v.size()));
        o = deltaBinaryPacked(lens);
        for (const auto &v : vals)
            o += v;
        return o;
    }
    case TestPage::Encoding::DeltaByteArray: {
        std::vector<int64_t> prefixes, lens;
        std::string prev, suffixes;
        for (const auto &v : vals) {
            size_t p = 0;
            while (p < prev.size() && p < v.size() && prev[p] == v[p])
                ++p;
            prefixes.push_back(int64_t(p));
            lens.push_back(int64_t(v.size() - p));
            suffixes += v.substr(p);
            prev = v;
        }
        return deltaBinaryPacked(prefixes) + deltaBinaryPacked(lens) + suffixes;
    }
    }
    return o;
}

int32_t encodingId(TestPage::Encoding e)
{
    switch (e) {
    case TestPage::Encoding::Plain: return 0;
    case TestPage::Encoding::Dictionary: return 8;
    case TestPage::Encoding::DeltaLengthByteArray: return 6;
    case TestPage::Encoding::DeltaByteArray: return 7;
    }
    return 0;
}

} // namespace

const std::vector<PageLocation> &lastPageLocations()
{
    return g_locations;
}

std::string writeTestParquet(const std::vector<TestRowGroup> &rowGroups, const TestFileOptions &options)
{
    g_locations.clear();
    std::string file = "PAR1";
    const auto compress = [&](const std::string &raw) {
        if (!options.snappy)
            return raw;
        std::string c;
        snappy::Compress(raw.data(), raw.size(), &c);
        return c;
    };
    struct ChunkInfo { int64_t numValues, start, dictOffset, dataOffset, size; int64_t rows; };
    std::vector<ChunkInfo> chunks;
    int64_t totalRows = 0;
    for (size_t g = 0; g < rowGroups.size(); ++g) {
        const TestRowGroup &rg = rowGroups[g];
        ChunkInfo ci{0, int64_t(file.size()), -1, 0, 0, 0};
        if (!rg.dictionary.empty()) {
            std::string raw;
            for (const auto &v : rg.dictionary)
                raw += le32(uint32_t(v.size())) + v;
            const std::string body = compress(raw);
            Thrift h;
            h.beginRoot();
            h.i32(1, 2);
            h.i32(2, int32_t(raw.size()));
            h.i32(3, int32_t(body.size()));
            h.beginStruct(7);
            h.i32(1, int32_t(rg.dictionary.size()));
            h.i32(2, 0);
            h.endStruct();
            h.endStruct();
            ci.dictOffset = int64_t(file.size());
            file += h.out + body;
        }
        ci.dataOffset = int64_t(file.size());
        for (size_t p = 0; p < rg.pages.size(); ++p) {
            const TestPage &page = rg.pages[p];
            std::vector<uint32_t> defs;
            int32_t nulls = 0;
            for (const auto &v : page.values) {
                defs.push_back(v ? 1 : 0);
                nulls += v ? 0 : 1;
            }
            const std::string values = encodeValues(page, rg.dictionary);
            const std::string levels = options.required ? std::string() : bitPacked(defs, 1);
            Thrift h;
            h.beginRoot();
            std::string body;
            int32_t uncompressed = 0;
            if (page.kind == TestPage::Kind::V1) {
                const std::string raw = (options.required ? std::string() : le32(uint32_t(levels.size())) + levels) + values;
                body = compress(raw);
                uncompressed = int32_t(raw.size());
                h.i32(1, 0);
                h.i32(2, uncompressed);
                h.i32(3, int32_t(body.size()));
                h.beginStruct(5);
                h.i32(1, int32_t(page.values.size()));
                h.i32(2, encodingId(page.encoding));
                h.i32(3, 3);
                h.i32(4, 3);
                h.endStruct();
            } else {
                body = levels + compress(values);
                uncompressed = int32_t(levels.size() + values.size());
                h.i32(1, 3);
                h.i32(2, uncompressed);
                h.i32(3, int32_t(body.size()));
                h.beginStruct(8);
                h.i32(1, int32_t(page.values.size()));
                h.i32(2, nulls);
                h.i32(3, int32_t(page.values.size()));
                h.i32(4, encodingId(page.encoding));
                h.i32(5, int32_t(levels.size()));
                h.i32(6, 0);
                h.boolean(7, options.snappy);
                h.endStruct();
            }
            h.endStruct();
            file += h.out;
            g_locations.push_back({g, p, file.size(), body.size()});
            file += body;
            ci.numValues += int64_t(page.values.size());
            ci.rows += int64_t(page.values.size());
        }
        ci.size = int64_t(file.size()) - ci.start;
        chunks.push_back(ci);
        totalRows += ci.rows;
    }
    Thrift f;
    f.beginRoot();
    f.i32(1, 1);
    f.list(2, 12, 2);
    f.beginListElementStruct();
    f.binary(4, "schema");
    f.i32(5, 1);
    f.endStruct();
    f.beginListElementStruct();
    f.i32(1, 6);
    f.i32(3, options.required ? 0 : 1);
    f.binary(4, "text");
    f.i32(6, 0);
    f.endStruct();
    f.i64(3, totalRows);
    f.list(4, 12, chunks.size());
    for (const ChunkInfo &c : chunks) {
        f.beginListElementStruct();
        f.list(1, 12, 1);
        f.beginListElementStruct();
        f.i64(2, c.start);
        f.beginStruct(3);
        f.i32(1, 6);
        f.list(2, 5, 2);
        varint(f.out, zigzag(0));
        varint(f.out, zigzag(8));
        f.list(3, 8, 1);
        f.str("text");
        f.i32(4, options.snappy ? 1 : 0);
        f.i64(5, c.numValues);
        f.i64(6, c.size);
        f.i64(7, c.size);
        f.i64(9, c.dataOffset);
        if (c.dictOffset >= 0)
            f.i64(11, c.dictOffset);
        f.endStruct();
        f.endStruct();
        f.i64(2, c.size);
        f.i64(3, c.rows);
        f.endStruct();
    }
    f.binary(6, "dataset-studio test writer");
    f.endStruct();
    file += f.out + le32(uint32_t(f.out.size())) + "PAR1";
    return file;
}

} // namespace studio::parquet::test
