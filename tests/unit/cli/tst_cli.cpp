#include "catalog/catalog.h"
#include "testsupport.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using studio::test::runCli;

namespace {

QJsonObject lastJson(const studio::test::CliResult &r)
{
    return QJsonDocument::fromJson(r.lastLine()).object();
}

QStringList withDir(QStringList args, const QTemporaryDir &dir)
{
    args << QStringLiteral("--data-dir") << dir.path();
    return args;
}

QJsonObject datasetInList(const QTemporaryDir &dir, const QString &id)
{
    const auto r = runCli(withDir({QStringLiteral("list"), QStringLiteral("--json")}, dir));
    for (const auto &v : lastJson(r).value(QStringLiteral("datasets")).toArray()) {
        if (v.toObject().value(QStringLiteral("id")).toString() == id)
            return v.toObject();
    }
    return {};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionAndHelp()
    {
        auto r = runCli({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("dataset-studio " STUDIO_VERSION));
        r = runCli({QStringLiteral("import"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("--format"));
        r = runCli({QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    }

    void importParagraphsThenListShowsItReady()
    {
        QTemporaryDir dir;
        const QString file = studio::test::dataPath(QStringLiteral("formats/english_prose_head.txt"));
        const auto r = runCli(withDir({QStringLiteral("import"), file, QStringLiteral("--format"),
                                       QStringLiteral("paragraphs"), QStringLiteral("--json")},
                                      dir));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = lastJson(r);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(o.value(QStringLiteral("num_samples")).toInt(), 907);
        QCOMPARE(o.value(QStringLiteral("size_bytes")).toInteger(), QFileInfo(file).size());
        QVERIFY(o.contains(QStringLiteral("error_message")));
        const QString id = o.value(QStringLiteral("id")).toString();
        QVERIFY(r.out.count('\n') == 1); // no progress bar when stdout is not a terminal
        QCOMPARE(datasetInList(dir, id).value(QStringLiteral("status")).toString(), QStringLiteral("ready"));

        const auto show = runCli(withDir({QStringLiteral("show"), id, QStringLiteral("--json")}, dir));
        QCOMPARE(show.exitCode, 0);
        const QJsonObject shown = lastJson(show);
        QCOMPARE(shown.value(QStringLiteral("schema")).toArray().first().toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("text"));
        QCOMPARE(shown.value(QStringLiteral("jobs")).toArray().size(), 1);
        QVERIFY(shown.value(QStringLiteral("tokenizations")).isArray());

        // Without --format, .txt means one sample per line.
        const auto lines = runCli(withDir({QStringLiteral("import"), file, QStringLiteral("--json")}, dir));
        QCOMPARE(lastJson(lines).value(QStringLiteral("num_samples")).toInt(), 5729);

        const auto del = runCli(withDir({QStringLiteral("delete"), id}, dir));
        QCOMPARE(del.exitCode, 0);
        QVERIFY(datasetInList(dir, id).isEmpty());
        QCOMPARE(runCli(withDir({QStringLiteral("show"), id}, dir)).exitCode, 1);
    }

    void badInputFailsWithAMessageAndADatasetInError()
    {
        QTemporaryDir dir;
        auto r = runCli(withDir({QStringLiteral("import"), dir.filePath(QStringLiteral("missing.jsonl"))}, dir));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no such file"), r.err.constData());

        const QString bad = dir.filePath(QStringLiteral("bad.jsonl"));
        studio::test::writeFile(bad, "{\"text\":\"ok\"}\n{\"text\": nope}\n");
        r = runCli(withDir({QStringLiteral("import"), bad, QStringLiteral("--json")}, dir));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains((bad + QStringLiteral(":2")).toUtf8()), r.err.constData());
        const QJsonObject o = lastJson(r);
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("error"));
        QVERIFY(o.value(QStringLiteral("error_message")).toString().contains(QStringLiteral(":2")));
        QCOMPARE(datasetInList(dir, o.value(QStringLiteral("id")).toString()).value(QStringLiteral("status")).toString(),
                 QStringLiteral("error"));

        r = runCli(withDir({QStringLiteral("import"), bad, QStringLiteral("--format"), QStringLiteral("xml")}, dir));
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("Unknown format 'xml'"));
        r = runCli(withDir({QStringLiteral("show"), QStringLiteral("abc")}, dir));
        QCOMPARE(r.exitCode, 2);
    }

    void aDamagedCatalogIsReportedNotOverwritten()
    {
        QTemporaryDir dir;
        const QByteArray garbage(8192, 'z');
        studio::test::writeFile(dir.filePath(QStringLiteral("catalog.sqlite3")), garbage);
        const auto r = runCli(withDir({QStringLiteral("list")}, dir));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("catalog"), r.err.constData());
        QCOMPARE(studio::test::readFile(dir.filePath(QStringLiteral("catalog.sqlite3"))), garbage);
    }

    void aFullDiskFailsTheImportAndLosesNothing()
    {
        QTemporaryDir dir;
        // An existing ready dataset must survive the failed import.
        const QString small = dir.filePath(QStringLiteral("small.txt"));
        studio::test::writeFile(small, "one\ntwo\n");
        const auto first = runCli(withDir({QStringLiteral("import"), small, QStringLiteral("--json")}, dir));
        QCOMPARE(first.exitCode, 0);
        QByteArray big;
        for (int i = 0; i < 60000; ++i)
            big += "{\"text\":\"a sample line that takes some room on the disk\"}\n";
        const QString bigFile = dir.filePath(QStringLiteral("big.jsonl"));
        studio::test::writeFile(bigFile, big);
        // RLIMIT_FSIZE of 1 MiB: writes past it fail with EFBIG, as on a full disk.
        QProcess p;
        p.start(QStringLiteral("/bin/sh"),
                {QStringLiteral("-c"), QStringLiteral("ulimit -f 1024; exec \"$0\" \"$@\""),
                 studio::test::binPath(QStringLiteral("dataset-studio")), QStringLiteral("import"), bigFile,
                 QStringLiteral("--json"), QStringLiteral("--data-dir"), dir.path()});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        const QByteArray err = p.readAllStandardError();
        QVERIFY2(err.contains("limit") || err.contains("full"), err.constData());
        const QString failedId = lastJson({p.exitCode(), p.exitStatus(), p.readAllStandardOutput(), {}}).value(QStringLiteral("id")).toString();
        auto catalog = studio::catalog::Catalog::open(dir.path());
        QCOMPARE(catalog->integrityCheck(), QStringLiteral("ok"));
        QCOMPARE(catalog->dataset(failedId.toLongLong())->status, QStringLiteral("error"));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("datasets/") + failedId + QStringLiteral("/rows"))));
        QVERIFY(QDir(dir.filePath(QStringLiteral("datasets/") + failedId)).entryList(QDir::Dirs | QDir::NoDotAndDotDot).isEmpty());
        const QString firstId = lastJson(first).value(QStringLiteral("id")).toString();
        QCOMPARE(catalog->dataset(firstId.toLongLong())->status, QStringLiteral("ready"));
    }

    void importsParquetAndRejectsACorruptOne()
    {
        QTemporaryDir dir;
        const QString file = studio::test::dataPath(QStringLiteral("parquet/tinystories_snappy.parquet"));
        auto r = runCli(withDir({QStringLiteral("import"), file, QStringLiteral("--json")}, dir));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(lastJson(r).value(QStringLiteral("num_samples")).toInt(), 2500);
        const QString id = lastJson(r).value(QStringLiteral("id")).toString();
        const auto show = runCli(withDir({QStringLiteral("show"), id, QStringLiteral("--json")}, dir));
        QCOMPARE(lastJson(show).value(QStringLiteral("schema")).toArray().first().toObject().value(QStringLiteral("type")).toString(),
                 QStringLiteral("string"));
        // Truncated: the footer is gone.
        QByteArray bytes = studio::test::readFile(file);
        bytes.chop(100);
        const QString broken = dir.filePath(QStringLiteral("broken.parquet"));
        studio::test::writeFile(broken, bytes);
        r = runCli(withDir({QStringLiteral("import"), broken, QStringLiteral("--json")}, dir));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("broken.parquet"), r.err.constData());
        QCOMPARE(lastJson(r).value(QStringLiteral("status")).toString(), QStringLiteral("error"));
    }

    void filesInsteadOfACommandAreImportedWithoutADisplay()
    {
        // "dataset-studio FILE..." is how a file manager opens files with the
        // app (Exec=dataset-studio %F); with no display each is imported headless.
        QTemporaryDir dir;
        const QString a = dir.filePath(QStringLiteral("a.jsonl")), b = dir.filePath(QStringLiteral("b.csv"));
        studio::test::writeFile(a, "{\"text\":\"one\"}\n{\"text\":\"two\"}\n");
        studio::test::writeFile(b, "text\nonly\n");
        const QStringList noDisplay{QStringLiteral("DISPLAY="), QStringLiteral("WAYLAND_DISPLAY="), QStringLiteral("QT_QPA_PLATFORM=")};
        const auto r = runCli(withDir({a, b}, dir), 60000, noDisplay);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("'a.jsonl' is ready: 2 samples"), r.out.constData());
        QVERIFY2(r.out.contains("'b.csv' is ready: 1 sample,"), r.out.constData());
        QCOMPARE(datasetInList(dir, QStringLiteral("2")).value(QStringLiteral("name")).toString(), QStringLiteral("b.csv"));
        // A word that is neither a command nor a file stays a usage error.
        const auto typo = runCli(withDir({dir.filePath(QStringLiteral("missing.jsonl"))}, dir), 60000, noDisplay);
        QCOMPARE(typo.exitCode, 2);
        QVERIFY(typo.err.contains("unknown command"));
    }

    void demoImportsTheBundledSample()
    {
        QTemporaryDir dir;
        const auto r = runCli(withDir({QStringLiteral("demo"), QStringLiteral("--json")}, dir));
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(lastJson(r).value(QStringLiteral("num_samples")).toInt(), 600);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
