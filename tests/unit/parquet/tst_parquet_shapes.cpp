// Page layouts DuckDB does not write, built with a small test writer:
// pyarrow-style dictionary pages falling back to PLAIN mid-chunk (TinyStories),
// many pages per chunk (random access skips pages without decoding them),
// DELTA_BYTE_ARRAY, REQUIRED columns; and INT96 timestamps.
#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/rowrangereader.h"
#include "parquet/rowstreamreader.h"
#include "parquet/schema.h"
#include "parquet/stringcolumnreader.h"
#include "parquet/valueformatter.h"

#include "testparquetwriter.h"

#include <QtTest>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

using namespace studio::parquet;
using namespace studio::parquet::test;

namespace {

using Values = std::vector<std::optional<std::string>>;

ParquetFile open(const std::string &bytes, const char *name)
{
    return ParquetFile::fromBuffer(std::vector<uint8_t>(bytes.begin(), bytes.end()), name);
}

Values streamAll(const ParquetFile &f)
{
    Values out;
    StringColumnReader(f, "text").forEach([&](std::string_view v, bool isNull) {
        out.push_back(isNull ? std::nullopt : std::optional<std::string>(std::string(v)));
    });
    return out;
}

Values rowsOf(const ParquetFile &f, int64_t first, int64_t count)
{
    Values out;
    for (const auto &row : RowRangeReader(f).read(first, count).cells)
        out.push_back(row.at(0));
    return out;
}

// Story-like values: distinct strings with shared prefixes, some nulls.
Values makeValues(size_t n, size_t seed, bool nulls = true)
{
    static const char *words[] = {"Once upon a time", "there was a little", "dog named", "Spot.", "She liked",
                                  "to play", "in the park", "with her friend", "Tim.", "The sun was bright."};
    Values v;
    for (size_t i = 0; i < n; ++i) {
        if (nulls && (i * 7 + seed) % 11 == 3) {
            v.push_back(std::nullopt);
            continue;
        }
        std::string s;
        for (size_t k = 0; k < 1 + (i + seed) % 6; ++k)
            s += std::string(words[(i * 3 + k + seed) % 10]) + " ";
        s += std::to_string(i + seed * 1000);
        v.push_back(s);
    }
    return v;
}

Values concat(const std::vector<Values> &parts)
{
    Values all;
    for (const auto &p : parts)
        all.insert(all.end(), p.begin(), p.end());
    return all;
}

} // namespace

class TestParquetShapes : public QObject
{
    Q_OBJECT

private slots:
    void dictionaryFallingBackToPlain_data();
    void dictionaryFallingBackToPlain();
    void randomAccessSkipsPagesWithoutDecoding();
    void deltaByteArray_data();
    void deltaByteArray();
    void requiredColumn();
    void int96Timestamps();
};

void TestParquetShapes::dictionaryFallingBackToPlain_data()
{
    QTest::addColumn<bool>("snappy");
    QTest::addColumn<bool>("v2");
    QTest::newRow("snappy, v1 (TinyStories)") << true << false;
    QTest::newRow("uncompressed, v1") << false << false;
    QTest::newRow("snappy, v2") << true << true;
}

void TestParquetShapes::dictionaryFallingBackToPlain()
{
    QFETCH(bool, snappy);
    QFETCH(bool, v2);
    const auto kind = v2 ? TestPage::Kind::V2 : TestPage::Kind::V1;
    std::vector<TestRowGroup> groups;
    std::vector<Values> expected;
    for (size_t g = 0; g < 3; ++g) {
        TestRowGroup rg;
        // The first pages use the dictionary; once it "fills up", PLAIN pages follow.
        const Values dictPart = makeValues(40, g);
        for (const auto &v : dictPart)
            if (v && std::find(rg.dictionary.begin(), rg.dictionary.end(), *v) == rg.dictionary.end())
                rg.dictionary.push_back(*v);
        for (size_t p = 0; p < 4; ++p) {
            Values page(dictPart.begin() + ptrdiff_t(p * 10), dictPart.begin() + ptrdiff_t(p * 10 + 10));
            rg.pages.push_back({kind, TestPage::Encoding::Dictionary, page});
            expected.push_back(page);
        }
        for (size_t p = 0; p < 3; ++p) {
            const Values page = makeValues(25 + p, 100 + g * 10 + p);
            rg.pages.push_back({kind, TestPage::Encoding::Plain, page});
            expected.push_back(page);
        }
        groups.push_back(rg);
    }
    const Values all = concat(expected);
    const ParquetFile f = open(writeTestParquet(groups, {snappy, false}), "fallback.parquet");
    QCOMPARE(f.numRows(), int64_t(all.size()));
    QCOMPARE(f.numRowGroups(), 3);
    QCOMPARE(f.schema().columns().at(0).typeName, std::string("string"));
    QVERIFY(streamAll(f) == all);
    QVERIFY(rowsOf(f, 0, f.numRows()) == all);
    // Ranges across page and row group boundaries.
    for (int64_t first : {0, 9, 10, 39, 40, 57, 110, 115, 200}) {
        const Values got = rowsOf(f, first, 13);
        QVERIFY2(got == Values(all.begin() + first, all.begin() + std::min<int64_t>(first + 13, int64_t(all.size()))),
                 qPrintable(QString::number(first)));
    }
}

void TestParquetShapes::randomAccessSkipsPagesWithoutDecoding()
{
    TestRowGroup rg;
    std::vector<Values> pages;
    for (size_t p = 0; p < 10; ++p) {
        pages.push_back(makeValues(100, p));
        rg.pages.push_back({TestPage::Kind::V1, TestPage::Encoding::Plain, pages.back()});
    }
    const Values all = concat(pages);
    std::string bytes = writeTestParquet({rg}, {true, false});
    // Corrupt the snappy bodies of pages 0-6: reading rows in pages 7-9 must
    // not touch them, reading row 0 must report the corruption.
    for (const PageLocation &loc : lastPageLocations())
        if (loc.page < 7)
            std::memset(bytes.data() + loc.bodyOffset, 0xff, loc.bodySize);
    const ParquetFile f = open(bytes, "skipping.parquet");
    QVERIFY(rowsOf(f, 750, 30) == Values(all.begin() + 750, all.begin() + 780));
    QVERIFY(rowsOf(f, 700, 300) == Values(all.begin() + 700, all.end()));
    RowStreamReader stream(f, {}, 760);
    std::vector<RowCell> row;
    for (int64_t r = 760; r < 1000; ++r) {
        QVERIFY(stream.next(row));
        QCOMPARE(row[0].kind == RowCell::Kind::Null ? std::optional<std::string>() : row[0].text, all[size_t(r)]);
    }
    QVERIFY(!stream.next(row));
    try {
        rowsOf(f, 650, 60);
        QFAIL("a corrupt page was read without an error");
    } catch (const ParquetError &e) {
        QVERIFY2(std::string(e.what()).find("skipping.parquet: column \"text\", row group 0") != std::string::npos,
                 e.what());
    }
    QVERIFY_THROWS_EXCEPTION(ParquetError, streamAll(f));
}

void TestParquetShapes::deltaByteArray_data()
{
    QTest::addColumn<int>("encoding");
    QTest::addColumn<bool>("v2");
    QTest::addColumn<bool>("snappy");
    QTest::newRow("DELTA_BYTE_ARRAY v1") << int(TestPage::Encoding::DeltaByteArray) << false << false;
    QTest::newRow("DELTA_BYTE_ARRAY v2 snappy") << int(TestPage::Encoding::DeltaByteArray) << true << true;
    QTest::newRow("DELTA_LENGTH_BYTE_ARRAY v1 snappy") << int(TestPage::Encoding::DeltaLengthByteArray) << false << true;
}

void TestParquetShapes::deltaByteArray()
{
    QFETCH(int, encoding);
    QFETCH(bool, v2);
    QFETCH(bool, snappy);
    TestRowGroup rg;
    std::vector<Values> pages;
    for (size_t p = 0; p < 3; ++p) {
        Values v = makeValues(300 + p * 50, p); // several 128-value delta blocks
        std::sort(v.begin(), v.end());          // shared prefixes, as in sorted keys
        v.push_back(std::string());             // an empty string after a long one
        v.push_back(std::string("x"));
        pages.push_back(v);
        rg.pages.push_back({v2 ? TestPage::Kind::V2 : TestPage::Kind::V1, TestPage::Encoding(encoding), v});
    }
    const Values all = concat(pages);
    const ParquetFile f = open(writeTestParquet({rg}, {snappy, false}), "delta.parquet");
    QVERIFY(streamAll(f) == all);
    QVERIFY(rowsOf(f, 333, 400) == Values(all.begin() + 333, all.begin() + 733));
}

void TestParquetShapes::requiredColumn()
{
    TestRowGroup rg;
    const Values v = makeValues(500, 4, false);
    rg.pages.push_back({TestPage::Kind::V1, TestPage::Encoding::Plain, Values(v.begin(), v.begin() + 200)});
    rg.pages.push_back({TestPage::Kind::V2, TestPage::Encoding::Plain, Values(v.begin() + 200, v.end())});
    const ParquetFile f = open(writeTestParquet({rg}, {true, true}), "required.parquet");
    QCOMPARE(f.schema().leaves().at(0).maxDefinitionLevel, int16_t(0));
    QVERIFY(streamAll(f) == v);
    StringBatch batch;
    StringColumnReader reader(f, 0);
    QVERIFY(reader.next(batch));
    QVERIFY(batch.nulls.empty());
    QCOMPARE(batch.size(), size_t(200));
}

void TestParquetShapes::int96Timestamps()
{
    SchemaElement e;
    e.name = "legacy_ts";
    e.type = PhysicalType::Int96;
    LeafColumn leaf;
    leaf.element = &e;
    leaf.physicalType = PhysicalType::Int96;
    QCOMPARE(Schema::leafTypeName(leaf), std::string("timestamp[ns]"));
    const ValueFormatter fmt(leaf);
    DecodedPage page;
    page.width = 12;
    auto add = [&](int64_t nanosOfDay, uint32_t julianDay) {
        uint8_t b[12];
        std::memcpy(b, &nanosOfDay, 8);
        std::memcpy(b + 8, &julianDay, 4);
        page.fixed.insert(page.fixed.end(), b, b + 12);
    };
    add(1'500'000'000, 2440588);                     // 1970-01-01 00:00:01.5
    add((13 * 3600 + 7) * 1'000'000'000LL + 123, 2460000); // 2023-02-24 13:00:07.000000123
    std::string s;
    fmt.appendDisplay(s, page, 0);
    QCOMPARE(s, std::string("1970-01-01 00:00:01.5"));
    s.clear();
    fmt.appendDisplay(s, page, 1);
    QCOMPARE(s, std::string("2023-02-24 13:00:07.000000123"));
}

QTEST_GUILESS_MAIN(TestParquetShapes)
#include "tst_parquet_shapes.moc"
