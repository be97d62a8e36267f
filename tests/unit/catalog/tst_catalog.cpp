#include "catalog/catalog.h"
#include "catalog/catalogerror.h"
#include "catalog/schemamigrations.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace studio::catalog;

class TestCatalog : public QObject
{
    Q_OBJECT
private:
    static DatasetRecord sample(const QString &name)
    {
        DatasetRecord d;
        d.name = name;
        d.source = QStringLiteral("local");
        d.sourcePath = QStringLiteral("/tmp/") + name;
        d.format = QStringLiteral("jsonl");
        d.schema = QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("text")},
                                          {QStringLiteral("type"), QStringLiteral("string")}}};
        return d;
    }

private Q_SLOTS:
    void createsFileWithWalAndLatestSchema()
    {
        QTemporaryDir dir;
        auto catalog = Catalog::open(dir.path());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("catalog.sqlite3"))));
        QCOMPARE(catalog->schemaVersion(), latestSchemaVersion());
        QCOMPARE(catalog->integrityCheck(), QStringLiteral("ok"));
        sqlite3 *raw = nullptr;
        QCOMPARE(sqlite3_open(dir.filePath(QStringLiteral("catalog.sqlite3")).toUtf8().constData(), &raw), SQLITE_OK);
        sqlite3_stmt *stmt = nullptr;
        sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &stmt, nullptr);
        QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0))), QByteArray("wal"));
        sqlite3_finalize(stmt);
        sqlite3_close(raw);
    }

    void roundTripsEveryDatasetFieldAcrossReopen()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            auto catalog = Catalog::open(dir.path());
            DatasetRecord d = sample(QStringLiteral("a.jsonl"));
            d.source = QStringLiteral("hub");
            d.repoId = QStringLiteral("roneneldan/TinyStories");
            d.config = QStringLiteral("default");
            d.split = QStringLiteral("train[:1%]");
            d.revision = QStringLiteral("main");
            d.metadata = QJsonObject{{QStringLiteral("k"), 1}};
            id = catalog->insertDataset(d);
            catalog->updateDataset(id, {{QStringLiteral("status"), status::Ready},
                                        {QStringLiteral("num_samples"), 21197},
                                        {QStringLiteral("size_bytes"), qint64(5) << 33},
                                        {QStringLiteral("progress"), 100.0}});
        }
        auto catalog = Catalog::open(dir.path());
        const auto d = catalog->dataset(id);
        QVERIFY(d.has_value());
        QCOMPARE(d->name, QStringLiteral("a.jsonl"));
        QCOMPARE(d->repoId, QStringLiteral("roneneldan/TinyStories"));
        QCOMPARE(d->split, QStringLiteral("train[:1%]"));
        QCOMPARE(d->status, status::Ready);
        QCOMPARE(d->numSamples, 21197);
        QCOMPARE(d->sizeBytes, qint64(5) << 33);
        QCOMPARE(d->schema.size(), 1);
        QCOMPARE(d->metadata.value(QStringLiteral("k")).toInt(), 1);
        QVERIFY(d->createdAt > 0);
        QVERIFY(d->updatedAt >= d->createdAt);
        QCOMPARE(d->toSummaryJson().value(QStringLiteral("id")).toString(), QString::number(id));
    }

    void migratesAnOlderSchemaKeepingData()
    {
        QTemporaryDir dir;
        qint64 id = 0;
        {
            auto v1 = Catalog::open(dir.path(), 1);
            QCOMPARE(v1->schemaVersion(), 1);
            id = v1->insertDataset(sample(QStringLiteral("old")));
        }
        auto latest = Catalog::open(dir.path());
        QCOMPARE(latest->schemaVersion(), latestSchemaVersion());
        QCOMPARE(latest->dataset(id)->name, QStringLiteral("old"));
        // Migration 2 added cancellation requests to jobs.
        JobRecord j;
        j.kind = QStringLiteral("import");
        j.datasetId = id;
        const qint64 jobId = latest->insertJob(j);
        latest->updateJob(jobId, {{QStringLiteral("cancel_requested"), 1}});
        QVERIFY(latest->job(jobId)->cancelRequested);
    }

    void refusesACatalogFromANewerVersion()
    {
        QTemporaryDir dir;
        {
            auto c = Catalog::open(dir.path());
        }
        sqlite3 *raw = nullptr;
        sqlite3_open(dir.filePath(QStringLiteral("catalog.sqlite3")).toUtf8().constData(), &raw);
        sqlite3_exec(raw, "INSERT INTO schema_migrations VALUES (999, 0)", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        try {
            Catalog::open(dir.path());
            QFAIL("a newer schema must be refused");
        } catch (const CatalogError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("newer Dataset Studio")), qPrintable(e.message()));
        }
    }

    void transactionRollsBackOnError()
    {
        QTemporaryDir dir;
        auto catalog = Catalog::open(dir.path());
        const qint64 id = catalog->insertDataset(sample(QStringLiteral("x")));
        try {
            catalog->transaction([&](Catalog &c) {
                c.updateDataset(id, {{QStringLiteral("status"), status::Ready}});
                c.insertDataset(sample(QStringLiteral("y")));
                throw std::runtime_error("boom");
            });
            QFAIL("the exception must propagate");
        } catch (const std::runtime_error &) {
        }
        QCOMPARE(catalog->dataset(id)->status, status::Queued);
        QCOMPARE(catalog->datasets().size(), 1);
    }

    void deletingADatasetCascadesToItsTokenizationsAndJobsOnly()
    {
        QTemporaryDir dir;
        auto catalog = Catalog::open(dir.path());
        const qint64 a = catalog->insertDataset(sample(QStringLiteral("a")));
        const qint64 b = catalog->insertDataset(sample(QStringLiteral("b")));
        for (qint64 ds : {a, b}) {
            TokenizationRecord t;
            t.datasetId = ds;
            t.tokenizer = QStringLiteral("gpt2");
            t.optionsKey = QStringLiteral("k");
            catalog->insertTokenization(t);
            JobRecord j;
            j.kind = QStringLiteral("import");
            j.datasetId = ds;
            catalog->insertJob(j);
        }
        QVERIFY(catalog->deleteDataset(a));
        QVERIFY(!catalog->dataset(a));
        QCOMPARE(catalog->tokenizations(a).size(), 0);
        QCOMPARE(catalog->jobsForDataset(a).size(), 0);
        QCOMPARE(catalog->tokenizations(b).size(), 1);
        QCOMPARE(catalog->jobsForDataset(b).size(), 1);
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir dir;
        auto catalog = Catalog::open(dir.path());
        JobRecord j;
        j.kind = QStringLiteral("import");
        j.datasetId = 12345; // no such dataset
        QVERIFY_THROWS_EXCEPTION(CatalogError, catalog->insertJob(j));
    }

    void aDamagedFileIsReportedAndLeftUntouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("catalog.sqlite3"));
        QByteArray garbage = QByteArray("SQLite format 3") + '\0' + QByteArray(4096, 'x');
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(garbage);
        f.close();
        try {
            Catalog::open(dir.path());
            QFAIL("a damaged catalog must not open");
        } catch (const CatalogError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("damaged")) || e.message().contains(QStringLiteral("Cannot")),
                     qPrintable(e.message()));
            QVERIFY2(e.message().contains(path), qPrintable(e.message()));
        }
        QFile again(path);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QCOMPARE(again.readAll(), garbage);
    }

    void anUnwritableDataDirectoryGivesAClearMessage()
    {
        // /proc is read-only even for root.
        try {
            Catalog::open(QStringLiteral("/proc/dataset-studio-test"));
            QFAIL("an unwritable data directory must be refused");
        } catch (const CatalogError &e) {
            QVERIFY2(e.message().contains(QStringLiteral("--data-dir")), qPrintable(e.message()));
        }
    }

    void twoConnectionsShareOneFile()
    {
        QTemporaryDir dir;
        auto first = Catalog::open(dir.path());
        auto second = Catalog::open(dir.path());
        const qint64 id = first->insertDataset(sample(QStringLiteral("shared")));
        second->updateDataset(id, {{QStringLiteral("status"), status::Ready}});
        QCOMPARE(first->dataset(id)->status, status::Ready);
    }
};

QTEST_GUILESS_MAIN(TestCatalog)
#include "tst_catalog.moc"
