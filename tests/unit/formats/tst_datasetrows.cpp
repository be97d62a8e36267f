#include "formats/columnstorewriter.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "formats/parquetrows.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace studio::formats;

namespace {

// DuckDB's reading of the fixture: the text column of every row.
QStringList expectedTexts()
{
    QStringList out;
    const QList<QByteArray> lines =
        studio::test::readFile(studio::test::dataPath(QStringLiteral("parquet/tinystories_snappy.expected.jsonl"))).split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (!lines[i].isEmpty())
            out << QJsonDocument::fromJson(lines[i]).array().at(0).toString();
    }
    return out;
}

QString fixture()
{
    return studio::test::dataPath(QStringLiteral("parquet/tinystories_snappy.parquet"));
}

QJsonArray textSchema()
{
    return QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("text")}, {QStringLiteral("type"), QStringLiteral("string")}}};
}

// Resident KiB of this process's mappings of files whose path ends with `suffix`.
qint64 residentKiB(const QByteArray &suffix)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return -1;
    qint64 total = 0;
    bool inside = false;
    for (const QByteArray &line : smaps.readAll().split('\n')) {
        const QList<QByteArray> parts = line.simplified().split(' ');
        if (!parts.isEmpty() && parts.first().contains('-') && !line.startsWith("VmFlags"))
            inside = parts.size() >= 6 && parts.last().endsWith(suffix);
        else if (inside && line.startsWith("Rss:"))
            total += parts.value(1).toLongLong();
    }
    return total;
}

// rows [first, last) of `column` as scan() visits them: "type:value" each.
QStringList scanned(const DatasetRows &rows, int column, std::int64_t first, std::int64_t last)
{
    QStringList out;
    rows.scan(column, first, last, [&](std::int64_t, ValueType type, std::string_view v) {
        out << QString::number(int(type)) + QLatin1Char(':') + QString::fromUtf8(v.data(), qsizetype(v.size()));
        return true;
    });
    return out;
}

QStringList blockOf(const ValueBlock &block)
{
    QStringList out;
    for (std::size_t i = 0; i < block.size(); ++i) {
        const std::string_view v = block.at(i);
        out << QString::number(int(block.type(i))) + QLatin1Char(':') + QString::fromUtf8(v.data(), qsizetype(v.size()));
    }
    return out;
}

} // namespace

class TestDatasetRows : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columnStoreRowsAndScan()
    {
        QTemporaryDir dir;
        {
            ColumnStoreWriter w(dir.path());
            for (int i = 0; i < 10; ++i) {
                Record r;
                r.fields = {{"text", ValueType::String, "row " + std::to_string(i)},
                            {"n", ValueType::Integer, std::to_string(i * 10)},
                            {"tags", ValueType::Json, "[\"a\",1]"}};
                w.append(r);
            }
            w.finish();
        }
        auto rows = DatasetRows::open(dir.path());
        QCOMPARE(rows->rowCount(), 10);
        QCOMPARE(rows->columnIndex(QStringLiteral("n")), 1);
        const auto page = rows->rows(8, 50);
        QCOMPARE(page.size(), 2);
        QCOMPARE(page[0].value(QStringLiteral("text")).toString(), QStringLiteral("row 8"));
        QCOMPARE(page[0].value(QStringLiteral("n")).toInt(), 80);
        QCOMPARE(page[1].value(QStringLiteral("tags")).toArray().at(1).toInt(), 1);
        QStringList seen;
        rows->scan(0, 3, 6, [&](std::int64_t row, ValueType, std::string_view v) {
            seen << QString::number(row) + QLatin1Char('=') + QString::fromUtf8(v.data(), qsizetype(v.size()));
            return true;
        });
        QCOMPARE(seen, (QStringList{QStringLiteral("3=row 3"), QStringLiteral("4=row 4"), QStringLiteral("5=row 5")}));
    }

    // A pass over a dataset in batches, as the tokenize job makes, keeps a
    // bounded part of the mapped files resident, not what it has read so far.
    // (The kernel maps ahead of a touched page, up to a large folio (2 MB), and
    // earlier neighbours with it: hence a bound, not a page or two.)
    void aStreamingScanKeepsFewPagesResident()
    {
        if (!QFile::exists(QStringLiteral("/proc/self/smaps")))
            QSKIP("no /proc/self/smaps here");
        QTemporaryDir dir;
        constexpr int kRows = 800000; // 16 MB of text, 6.4 MB of offsets
        {
            ColumnStoreWriter w(dir.path());
            Record r;
            for (int i = 0; i < kRows; ++i) {
                r.fields = {{"text", ValueType::String, std::string(20, char('a' + i % 26))}};
                w.append(r);
            }
            w.finish();
        }
        auto rows = DatasetRows::open(dir.path());
        qint64 worstData = 0, worstOffsets = 0, bytes = 0;
        for (std::int64_t first = 0; first < kRows; first += 2048) {
            rows->scan(0, first, first + 2048, [&](std::int64_t, ValueType, std::string_view v) {
                bytes += static_cast<qint64>(v.size());
                return true;
            });
            worstData = std::max(worstData, residentKiB("/c0.data"));
            worstOffsets = std::max(worstOffsets, residentKiB("/c0.off"));
        }
        QCOMPARE(bytes, qint64(kRows) * 20);
        qInfo("most resident during the pass: %lld of 15,625 KiB of text, %lld of 6,250 KiB of offsets", worstData, worstOffsets);
        QVERIFY2(worstData < 5000, qPrintable(QString::number(worstData)));
        QVERIFY2(worstOffsets < 2500, qPrintable(QString::number(worstOffsets)));

        // Read in blocks (as the tokenize job does), the text is not mapped at all.
        auto again = DatasetRows::open(dir.path());
        ValueBlock block;
        worstData = worstOffsets = bytes = 0;
        for (std::int64_t first = 0; first < kRows; first += 2048) {
            again->readBlock(0, first, first + 2048, block);
            for (std::size_t i = 0; i < block.size(); ++i)
                bytes += static_cast<qint64>(block.at(i).size());
            worstData = std::max(worstData, residentKiB("/c0.data"));
            worstOffsets = std::max(worstOffsets, residentKiB("/c0.off"));
        }
        QCOMPARE(bytes, qint64(kRows) * 20);
        qInfo("read in blocks: most resident %lld KiB of text, %lld KiB of offsets", worstData, worstOffsets);
        QCOMPARE(worstData, qint64(0));
        QVERIFY2(worstOffsets < 2500, qPrintable(QString::number(worstOffsets)));
    }

    // readBlock gives what scan gives, one block reused across batches of
    // every size (larger, smaller, empty, clipped at the end), for every type.
    void readBlockEqualsScan()
    {
        QTemporaryDir dir;
        constexpr int kRows = 5000;
        {
            ColumnStoreWriter w(dir.path());
            for (int i = 0; i < kRows; ++i) {
                Record r;
                if (i % 97 == 5)
                    r.fields = {{"text", ValueType::Null, ""}};
                else if (i % 89 == 3)
                    r.fields = {{"text", ValueType::Json, "[{\"role\":\"user\",\"content\":\"hi\"}]"}};
                else
                    r.fields = {{"text", ValueType::String, std::string(std::size_t(i % 300), char('a' + i % 26)) + "\u00e9"}};
                w.append(r);
            }
            w.finish();
        }
        auto rows = DatasetRows::open(dir.path());
        ValueBlock block;
        const std::vector<std::pair<std::int64_t, std::int64_t>> ranges{
            {0, 2048}, {2048, 2100}, {2100, 4900}, {10, 10}, {4900, 9000}, {0, 1}, {-5, 3}};
        for (const auto &[first, last] : ranges) {
            rows->readBlock(0, first, last, block);
            QCOMPARE(blockOf(block), scanned(*rows, 0, first, last));
        }
        // The default (through scan) on parquet rows, the same block reused.
        ParquetRows parquet({{fixture(), 990, 220}, {fixture(), 0, 50}}, textSchema());
        for (const auto &[first, last] : std::vector<std::pair<std::int64_t, std::int64_t>>{{0, 270}, {200, 230}, {260, 400}}) {
            parquet.readBlock(0, first, last, block);
            QCOMPARE(blockOf(block), scanned(parquet, 0, first, last));
        }
    }

    // Blocks are views into the mapping; a pass in row order hands the pages
    // far behind back, so the resident size stays flat: 100 MB of texts read
    // (every byte touched) with the mapped share growing by far less.
    void readingInOrderKeepsTheMappedPagesFlat()
    {
        QTemporaryDir dir;
        constexpr int kRows = 1'000'000;
        {
            ColumnStoreWriter w(dir.path());
            Record r;
            r.fields = {{"text", ValueType::String, std::string(100, 'x')}};
            for (int i = 0; i < kRows; ++i) {
                r.fields[0].value = std::string(90, char('a' + i % 26)) + std::to_string(1000000000 + i);
                w.append(r);
            }
            w.finish();
        }
        const auto rssFileKb = [] {
            QFile status(QStringLiteral("/proc/self/status"));
            if (!status.open(QIODevice::ReadOnly))
                return qint64(-1);
            for (const QByteArray &line : status.readAll().split('\n'))
                if (line.startsWith("RssFile:"))
                    return line.mid(8).trimmed().split(' ').first().toLongLong();
            return qint64(-1);
        };
        auto rows = DatasetRows::open(dir.path());
        const qint64 before = rssFileKb();
        QVERIFY(before >= 0);
        qint64 peak = before;
        std::uint64_t bytes = 0, checksum = 0;
        ValueBlock block;
        for (std::int64_t first = 0; first < kRows; first += 2048) {
            rows->readBlock(0, first, first + 2048, block);
            for (std::size_t i = 0; i < block.size(); ++i) {
                const std::string_view v = block.at(i);
                bytes += v.size();
                for (const char c : v)
                    checksum += static_cast<unsigned char>(c);
            }
            peak = std::max(peak, rssFileKb());
        }
        QCOMPARE(bytes, std::uint64_t(kRows) * 100);
        QVERIFY(checksum > 0);
        qInfo("100 MB read in order: mapped resident size grew by at most %lld kB", peak - before);
        QVERIFY2(peak - before < 40 * 1024, qPrintable(QStringLiteral("grew by %1 kB").arg(peak - before)));
    }

    // A column store damaged after it was opened: offsets out of order, a value
    // past the end of its file, a type byte nobody wrote. Each is an error
    // naming the row, never a read outside the files.
    void readBlockReportsDamage_data()
    {
        QTest::addColumn<int>("damage");
        QTest::newRow("offsets out of order") << 0;
        QTest::newRow("data file cut short") << 1;
        QTest::newRow("unknown type") << 2;
    }
    void readBlockReportsDamage()
    {
        QFETCH(int, damage);
        QTemporaryDir dir;
        {
            ColumnStoreWriter w(dir.path());
            for (int i = 0; i < 100; ++i) {
                Record r;
                r.fields = {{"text", ValueType::String, "value " + std::to_string(i)}};
                w.append(r);
            }
            w.finish();
        }
        auto rows = DatasetRows::open(dir.path());
        ValueBlock block;
        rows->readBlock(0, 0, 100, block);
        QCOMPARE(block.size(), std::size_t(100));
        if (damage == 0) {
            QFile off(dir.filePath(QStringLiteral("c0.off")));
            QVERIFY(off.open(QIODevice::ReadWrite));
            const std::uint64_t backwards = 3;
            QVERIFY(off.seek(50 * 8));
            off.write(reinterpret_cast<const char *>(&backwards), 8);
        } else if (damage == 1) {
            QVERIFY(QFile::resize(dir.filePath(QStringLiteral("c0.data")), 40));
        } else {
            QFile typ(dir.filePath(QStringLiteral("c0.typ")));
            QVERIFY(typ.open(QIODevice::ReadWrite));
            QVERIFY(typ.seek(60));
            typ.write("\x09", 1);
        }
        try {
            rows->readBlock(0, 0, 100, block);
            QFAIL("the damage went unnoticed");
        } catch (const FormatError &e) {
            QVERIFY2(e.message().contains(damage == 1 ? QStringLiteral("shorter") : QStringLiteral("damaged")), qPrintable(e.message()));
        }
    }

    void parquetSegmentsConcatenateRowRanges()
    {
        const QStringList expected = expectedTexts();
        QCOMPARE(expected.size(), 2500);
        // Rows 990..1210 of the file, then rows 0..50: crossing a row group boundary.
        ParquetRows rows({{fixture(), 990, 220}, {fixture(), 0, 50}}, textSchema());
        QCOMPARE(rows.rowCount(), 270);
        QStringList seen;
        std::int64_t nextRow = 0;
        rows.scan(0, 0, rows.rowCount(), [&](std::int64_t row, ValueType type, std::string_view v) {
            if (row != nextRow++ || type != ValueType::String)
                return false;
            seen << QString::fromUtf8(v.data(), qsizetype(v.size()));
            return true;
        });
        QCOMPARE(seen.size(), 270);
        for (int i = 0; i < 220; ++i)
            QCOMPARE(seen[i], expected[990 + i]);
        for (int i = 0; i < 50; ++i)
            QCOMPARE(seen[220 + i], expected[i]);
        const auto page = rows.rows(215, 10);
        QCOMPARE(page.size(), 10);
        QCOMPARE(page[0].value(QStringLiteral("text")).toString(), expected[1205]);
        QCOMPARE(page[5].value(QStringLiteral("text")).toString(), expected[0]);
        // Stopping early is honoured.
        int visits = 0;
        rows.scan(0, 100, 200, [&](std::int64_t, ValueType, std::string_view) { return ++visits < 3; });
        QCOMPARE(visits, 3);
    }

    void parquetFolderManifest()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::copy(fixture(), dir.filePath(QStringLiteral("data.parquet"))));
        const QJsonObject manifest{{QStringLiteral("version"), 1},
                                   {QStringLiteral("kind"), QStringLiteral("parquet")},
                                   {QStringLiteral("num_rows"), 2500},
                                   {QStringLiteral("columns"), textSchema()},
                                   {QStringLiteral("segments"),
                                    QJsonArray{QJsonObject{{QStringLiteral("path"), QStringLiteral("data.parquet")},
                                                           {QStringLiteral("first_row"), 0},
                                                           {QStringLiteral("num_rows"), 2500}}}}};
        studio::test::writeFile(dir.filePath(QStringLiteral("manifest.json")), QJsonDocument(manifest).toJson());
        auto rows = DatasetRows::open(dir.path());
        QCOMPARE(rows->rowCount(), 2500);
        QCOMPARE(rows->rows(2499, 1).first().value(QStringLiteral("text")).toString(), expectedTexts().last());
    }

    void parquetNonStringColumnsMatchDuckDb()
    {
        const QList<QByteArray> lines =
            studio::test::readFile(studio::test::dataPath(QStringLiteral("parquet/types.expected.jsonl"))).split('\n');
        const QJsonArray names = QJsonDocument::fromJson(lines[0]).array();
        const int i64 = static_cast<int>(names.toVariantList().indexOf(QStringLiteral("i64")));
        QJsonArray schema;
        for (const auto &n : names)
            schema.append(QJsonObject{{QStringLiteral("name"), n.toString()}, {QStringLiteral("type"), QStringLiteral("mixed")}});
        ParquetRows rows({{studio::test::dataPath(QStringLiteral("parquet/types_zstd_v2.parquet")), 100, 1500}}, schema);
        int checked = 0;
        rows.scan(i64, 0, rows.rowCount(), [&](std::int64_t row, ValueType type, std::string_view v) {
            const QJsonValue expected = QJsonDocument::fromJson(lines[100 + row + 1]).array().at(i64);
            if (expected.isNull() ? type != ValueType::Null
                                  : QString::fromUtf8(v.data(), qsizetype(v.size())) != expected.toString())
                return false;
            ++checked;
            return true;
        });
        QCOMPARE(checked, 1500);
    }

    void aSegmentBeyondItsFileIsReported()
    {
        ParquetRows rows({{fixture(), 2400, 200}}, textSchema());
        QVERIFY_THROWS_EXCEPTION(FormatError, rows.scan(0, 0, 10, [](std::int64_t, ValueType, std::string_view) { return true; }));
        ParquetRows missing({{QStringLiteral("/nonexistent.parquet"), 0, 1}}, textSchema());
        QVERIFY_THROWS_EXCEPTION(FormatError, missing.rows(0, 1));
        QVERIFY_THROWS_EXCEPTION(FormatError, DatasetRows::open(QStringLiteral("/nonexistent-folder")));
    }
};

QTEST_GUILESS_MAIN(TestDatasetRows)
#include "tst_datasetrows.moc"
