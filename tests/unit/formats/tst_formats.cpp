#include "formats/bufferedfile.h"
#include "formats/columnstore.h"
#include "formats/columnstorewriter.h"
#include "formats/formaterror.h"
#include "formats/importformat.h"
#include "formats/utf8.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <random>

#include <fcntl.h>
#include <unistd.h>

using namespace studio::formats;

namespace {

QList<Record> readAll(const QString &path, const QString &format)
{
    auto reader = openRecordReader(path, format);
    QList<Record> out;
    Record r;
    while (reader->next(r))
        out.append(r);
    return out;
}

ValueType fieldType(const Record &r, const char *name)
{
    for (const Field &f : r.fields) {
        if (f.name == name)
            return f.type;
    }
    return ValueType::Null;
}

QString fieldValue(const Record &r, const char *name)
{
    for (const Field &f : r.fields) {
        if (f.name == name)
            return QString::fromStdString(f.value);
    }
    return QStringLiteral("<missing>");
}

// Expects reading to fail with a message containing every fragment.
void expectError(const QString &path, const QString &format, const QStringList &fragments)
{
    try {
        readAll(path, format);
        QFAIL(qPrintable(QStringLiteral("expected an error for %1").arg(path)));
    } catch (const FormatError &e) {
        for (const QString &f : fragments)
            QVERIFY2(e.message().contains(f), qPrintable(e.message() + QStringLiteral(" lacks ") + f));
    }
}

} // namespace

class TestFormats : public QObject
{
    Q_OBJECT
    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes)
    {
        const QString path = m_dir.filePath(name);
        studio::test::writeFile(path, bytes);
        return path;
    }

private Q_SLOTS:
    void formatFromExtension()
    {
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.JSONL")), QStringLiteral("jsonl"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.ndjson")), QStringLiteral("jsonl"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.json")), QStringLiteral("json"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.tsv")), QStringLiteral("tsv"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.txt")), QStringLiteral("txt"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("a.parquet")), QStringLiteral("parquet"));
        QCOMPARE(studio::formats::formatFromExtension(QStringLiteral("README")), QString());
    }

    void utf8Validation()
    {
        QCOMPARE(findInvalidUtf8("plain ascii text, long enough to use the fast path"), std::string_view::npos);
        QCOMPARE(findInvalidUtf8("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"), std::string_view::npos);
        QCOMPARE(findInvalidUtf8("ab\xFFzz"), size_t(2));
        QCOMPARE(findInvalidUtf8("\xC0\xAF"), size_t(0));         // overlong
        QCOMPARE(findInvalidUtf8("x\xED\xA0\x80"), size_t(1));     // surrogate
        QCOMPARE(findInvalidUtf8("x\xF4\x90\x80\x80"), size_t(1)); // above U+10FFFF
        QCOMPARE(findInvalidUtf8("abc\xE2\x9C"), size_t(3));       // truncated
    }

    void jsonLines()
    {
        const QString path = write(QStringLiteral("a.jsonl"),
                                   "\xEF\xBB\xBF{\"text\":\"hello\",\"n\":1,\"f\":1.5,\"ok\":true,\"tags\":[\"a\"],\"none\":null}\r\n"
                                   "\n"
                                   "{\"text\":\"caf\xC3\xA9 \\u00e9\",\"extra\":{\"k\":2}}\n");
        const auto rows = readAll(path, QStringLiteral("jsonl"));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(fieldValue(rows[0], "text"), QStringLiteral("hello"));
        QCOMPARE(rows[0].fields.size(), size_t(6));
        QCOMPARE(fieldType(rows[0], "n"), ValueType::Integer);
        QCOMPARE(fieldType(rows[0], "f"), ValueType::Float);
        QCOMPARE(fieldType(rows[0], "ok"), ValueType::Bool);
        QCOMPARE(fieldType(rows[0], "tags"), ValueType::Json);
        QCOMPARE(fieldValue(rows[0], "tags"), QStringLiteral("[\"a\"]"));
        QCOMPARE(fieldType(rows[0], "none"), ValueType::Null);
        QCOMPARE(fieldValue(rows[0], "none"), QString());
        QCOMPARE(fieldValue(rows[1], "text"), QStringLiteral("café é"));
        QCOMPARE(rows[1].line, 3);
    }

    void jsonLinesMalformedLineNamesFileAndLine()
    {
        const QString path = write(QStringLiteral("bad.jsonl"), "{\"text\":\"a\"}\n{\"text\":\"b\",}\n");
        expectError(path, QStringLiteral("jsonl"), {path + QStringLiteral(":2"), QStringLiteral("malformed JSON")});
        const QString notObject = write(QStringLiteral("arr.jsonl"), "{\"text\":\"a\"}\n[1,2]\n");
        expectError(notObject, QStringLiteral("jsonl"), {QStringLiteral(":2"), QStringLiteral("JSON object")});
    }

    void invalidUtf8IsRejectedWithTheLine()
    {
        const QString path = write(QStringLiteral("latin1.txt"), "fine\nna\xEFve caf\xE9\n");
        expectError(path, QStringLiteral("txt"), {path + QStringLiteral(":2"), QStringLiteral("UTF-8")});
        const QString jl = write(QStringLiteral("latin1.jsonl"), "{\"text\":\"caf\xE9\"}\n");
        expectError(jl, QStringLiteral("jsonl"), {QStringLiteral(":1"), QStringLiteral("UTF-8")});
    }

    void jsonArrayStreamsElements()
    {
        const QString path = write(QStringLiteral("a.json"),
                                   "[\n {\"text\": \"a, ] } tricky \\\" quote\"},\n {\"text\": \"b\", \"nested\": {\"x\": [1, {\"y\": 2}]}}\n]\n");
        const auto rows = readAll(path, QStringLiteral("json"));
        QCOMPARE(rows.size(), 2);
        QCOMPARE(fieldValue(rows[0], "text"), QStringLiteral("a, ] } tricky \" quote"));
        QCOMPARE(fieldValue(rows[1], "nested"), QStringLiteral("{\"x\":[1,{\"y\":2}]}"));
        QCOMPARE(readAll(write(QStringLiteral("empty.json"), "[ ]"), QStringLiteral("json")).size(), 0);
    }

    void jsonArrayErrors()
    {
        expectError(write(QStringLiteral("t.json"), "[{\"text\":\"a\"}, {\"text\":"), QStringLiteral("json"),
                    {QStringLiteral("truncated")});
        expectError(write(QStringLiteral("o.json"), "{\"text\":\"a\"}"), QStringLiteral("json"),
                    {QStringLiteral("JSON array")});
        expectError(write(QStringLiteral("s.json"), "[{\"text\":\"a\"} {\"text\":\"b\"}]"), QStringLiteral("json"),
                    {QStringLiteral("expected ','")});
        expectError(write(QStringLiteral("n.json"), "[1, 2]"), QStringLiteral("json"), {QStringLiteral("not an object")});
    }

    void csvWithQuotesEmbeddedNewlinesAndTypes()
    {
        const QString path = write(QStringLiteral("a.csv"),
                                   "id,text,score,empty\r\n"
                                   "1,\"hello, world\",0.5,\r\n"
                                   "2,\"line one\nline \"\"two\"\"\",-3,\r\n"
                                   "3,plain,abc,\"\"\r\n");
        const auto rows = readAll(path, QStringLiteral("csv"));
        QCOMPARE(rows.size(), 3);
        QCOMPARE(fieldValue(rows[0], "text"), QStringLiteral("hello, world"));
        QCOMPARE(rows[0].fields[0].type, ValueType::Integer);
        QCOMPARE(rows[0].fields[2].type, ValueType::Float);
        QCOMPARE(rows[0].fields[3].type, ValueType::Null);
        QCOMPARE(fieldValue(rows[1], "text"), QStringLiteral("line one\nline \"two\""));
        QCOMPARE(rows[1].fields[2].type, ValueType::Integer);
        QCOMPARE(rows[2].fields[2].type, ValueType::String);
        QCOMPARE(rows[2].fields[3].type, ValueType::String);
        QCOMPARE(rows[2].line, 5);
        const auto tsv = readAll(write(QStringLiteral("a.tsv"), "text\tlabel\nhi there\t1\n"), QStringLiteral("tsv"));
        QCOMPARE(fieldValue(tsv[0], "text"), QStringLiteral("hi there"));
    }

    void csvRaggedRowsAndBrokenQuotesAreErrors()
    {
        const QString ragged = write(QStringLiteral("r.csv"), "a,b\n1,2\n3,4,5\n");
        expectError(ragged, QStringLiteral("csv"), {ragged + QStringLiteral(":3"), QStringLiteral("3 fields"),
                                                    QStringLiteral("header has 2")});
        expectError(write(QStringLiteral("q.csv"), "a,b\n1,\"open\n"), QStringLiteral("csv"),
                    {QStringLiteral("unbalanced quote")});
        expectError(write(QStringLiteral("e.csv"), ""), QStringLiteral("csv"), {QStringLiteral("header")});
        expectError(write(QStringLiteral("d.csv"), "a,a\n1,2\n"), QStringLiteral("csv"), {QStringLiteral("twice")});
    }

    void textLinesAndParagraphs()
    {
        const QString path = write(QStringLiteral("t.txt"), "one\r\ntwo\n\n  \nthree\nfour\n");
        const auto lines = readAll(path, QStringLiteral("txt"));
        QCOMPARE(lines.size(), 6); // every line is a sample, as Hugging Face's text loader does
        QCOMPARE(fieldValue(lines[0], "text"), QStringLiteral("one"));
        const auto paragraphs = readAll(path, QStringLiteral("paragraphs"));
        QCOMPARE(paragraphs.size(), 2);
        QCOMPARE(fieldValue(paragraphs[0], "text"), QStringLiteral("one\ntwo"));
        QCOMPARE(fieldValue(paragraphs[1], "text"), QStringLiteral("three\nfour"));
        QCOMPARE(paragraphs[1].line, 5);
    }

    void paragraphCountOfARealCorpus()
    {
        const QString path = studio::test::dataPath(QStringLiteral("formats/english_prose_head.txt"));
        QCOMPARE(readAll(path, QStringLiteral("paragraphs")).size(), 907); // counted by awk, see PROVENANCE.md
        QCOMPARE(readAll(path, QStringLiteral("txt")).size(), 5729);       // wc -l
    }

    void missingAndDirectoryInputs()
    {
        expectError(m_dir.filePath(QStringLiteral("nope.txt")), QStringLiteral("txt"), {QStringLiteral("no such file")});
        expectError(m_dir.path(), QStringLiteral("jsonl"), {QStringLiteral("directory")});
        expectError(write(QStringLiteral("x.bin"), "x"), QStringLiteral("xml"), {QStringLiteral("Unknown format")});
    }

    void aTwoGigabyteSingleLineIsAnErrorNotAnAllocation()
    {
        // A sparse file: 2 GiB of zero bytes and no newline, costing no disk.
        const QString path = m_dir.filePath(QStringLiteral("huge.jsonl"));
        const int fd = ::open(QFile::encodeName(path).constData(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
        QVERIFY(fd >= 0);
        QCOMPARE(::ftruncate(fd, qint64(2) << 30), 0);
        ::close(fd);
        expectError(path, QStringLiteral("jsonl"), {path + QStringLiteral(":1"), QStringLiteral("longer than 256 MiB")});
    }

    void columnStoreRoundTrip()
    {
        const QString dir = m_dir.filePath(QStringLiteral("store"));
        {
            ColumnStoreWriter w(dir);
            Record r;
            r.fields = {{"text", ValueType::String, "first"}, {"n", ValueType::Integer, "1"}};
            w.append(r);
            r.fields = {{"text", ValueType::String, ""}, {"late", ValueType::Json, "{\"a\":1}"}};
            w.append(r);
            r.fields = {{"n", ValueType::Float, "2.5"}};
            w.append(r);
            w.finish();
            QCOMPARE(w.rowCount(), 3);
        }
        auto store = ColumnStore::open(dir);
        QCOMPARE(store->rowCount(), 3);
        QCOMPARE(store->columnCount(), 3);
        QCOMPARE(store->columnIndex(QStringLiteral("late")), 2);
        QCOMPARE(store->schema().at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("string"));
        QCOMPARE(store->schema().at(1).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("float64"));
        QCOMPARE(store->schema().at(2).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("json"));
        QCOMPARE(store->value(0, 0).bytes, std::string_view("first"));
        QCOMPARE(store->value(1, 0).type, ValueType::String);
        QCOMPARE(store->value(1, 0).bytes.size(), size_t(0));
        QCOMPARE(store->value(2, 0).type, ValueType::Null);
        QCOMPARE(store->value(0, 2).type, ValueType::Null);
        QCOMPARE(store->value(1, 2).bytes, std::string_view("{\"a\":1}"));
        QCOMPARE(store->value(2, 1).bytes, std::string_view("2.5"));
        QVERIFY_THROWS_EXCEPTION(FormatError, store->value(3, 0));
    }

    // Writes around the page cache move whole aligned blocks and the tail
    // goes through the cache: every byte must land where it belongs, at every
    // size around the block edges, with the header written over the start.
    void bufferedFileKeepsEveryByteInBothCachingModes()
    {
        std::mt19937 random(20261202);
        for (const auto caching : {BufferedFile::Caching::PageCache, BufferedFile::Caching::Direct}) {
            for (const std::size_t total : {std::size_t(1024), std::size_t(4095), std::size_t(4096), std::size_t(4097),
                                            std::size_t(8192 * 3 + 17), std::size_t(300001)}) {
                std::string bytes(total, '\0');
                for (char &c : bytes)
                    c = static_cast<char>(random());
                const QString path = m_dir.filePath(QStringLiteral("buffered-%1-%2").arg(int(caching)).arg(total));
                bool wentDirect = false;
                {
                    BufferedFile f(path, caching, 8192);
                    wentDirect = f.direct();
                    for (std::size_t at = 0; at < total;) {
                        const std::size_t piece = std::min<std::size_t>(total - at, std::size_t(1) << (random() % 17));
                        f.write(std::string_view(bytes).substr(at, piece));
                        at += piece;
                    }
                    QCOMPARE(f.size(), total);
                    f.close(std::string_view("HEADER", 6));
                }
                if (caching == BufferedFile::Caching::Direct)
                    qInfo("total %zu: written around the page cache: %s", total, wentDirect ? "yes" : "no (file system)");
                bytes.replace(0, 6, "HEADER");
                QFile file(path);
                QVERIFY(file.open(QIODevice::ReadOnly));
                QCOMPARE(file.readAll(), QByteArray::fromStdString(bytes));
            }
        }
    }

    void bufferedFileReportsAFullDisk()
    {
        if (!QFile::exists(QStringLiteral("/dev/full")))
            QSKIP("no /dev/full here");
        for (const auto caching : {BufferedFile::Caching::PageCache, BufferedFile::Caching::Direct}) {
            BufferedFile f(QStringLiteral("/dev/full"), caching, 4096);
            const std::string block(10000, 'x');
            try {
                f.write(block);
                f.close();
                QFAIL("writing to /dev/full did not fail");
            } catch (const FormatError &e) {
                QVERIFY2(e.message().contains(QStringLiteral("disk is full")), qPrintable(e.message()));
            }
        }
    }

    void aDamagedColumnStoreIsReported()
    {
        const QString dir = m_dir.filePath(QStringLiteral("damaged"));
        {
            ColumnStoreWriter w(dir);
            Record r;
            r.fields = {{"text", ValueType::String, "abc"}};
            w.append(r);
            w.append(r);
            w.finish();
        }
        QFile off(QDir(dir).filePath(QStringLiteral("c0.off")));
        QVERIFY(off.open(QIODevice::ReadWrite));
        off.resize(8); // one row short of the manifest
        off.close();
        QVERIFY_THROWS_EXCEPTION(FormatError, ColumnStore::open(dir));
        QVERIFY_THROWS_EXCEPTION(FormatError, ColumnStore::open(m_dir.filePath(QStringLiteral("absent"))));
    }
};

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
