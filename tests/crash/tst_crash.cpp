// Crash harness: starts real jobs (import, tokenize, retry, delete, and the
// recovery a restart runs) in a child dataset-studio process, kills it with SIGKILL at a
// seeded random point, restarts, and checks the data directory's invariants
// (crashinvariants.h) after every kill; at the end every interrupted dataset
// is retried to success and every interrupted tokenization re-run to success. STUDIO_CRASH_TRIALS / STUDIO_CRASH_SEED override the
// number of kill points (default 60) and the seed (printed, for replaying).
#include "crashinvariants.h"
#include "testsupport.h"

#include "catalog/catalog.h"
#include "catalog/records.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <random>

using namespace studio::test;

class CrashTest : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_dataDir;
    QStringList m_inputs;
    QHash<QString, qint64> m_expectedRows;
    qint64 m_importMs = 0;
    qint64 m_listMs = 0; // one quick command (process start, catalog, recovery)
    qint64 m_tokenizeMs = 0;

    // The two tokenization option sets the harness uses (side by side on one dataset).
    static QStringList tokenizeArgs(bool windows)
    {
        return windows ? QStringList{QStringLiteral("--max-length"), QStringLiteral("64"), QStringLiteral("--overflow"),
                                     QStringLiteral("windows"), QStringLiteral("--stride"), QStringLiteral("8")}
                       : QStringList{QStringLiteral("--max-length"), QStringLiteral("512")};
    }

    QStringList base() const { return {QStringLiteral("--data-dir"), m_dataDir}; }

    QList<studio::catalog::DatasetRecord> datasets()
    {
        const auto cat = studio::catalog::Catalog::open(m_dataDir);
        return cat->datasets();
    }

    void writeInputs()
    {
        // Big enough that an import takes a while (many kill points inside
        // it), small enough for many trials.
        QByteArray jsonl, csv = "id,text,score\n";
#ifdef STUDIO_SANITIZED_BUILD
        const qint64 rows = 50000; // ASan children run several times slower: keep each trial short
#else
        const qint64 rows = 250000;
#endif
        for (qint64 i = 0; i < rows; ++i) {
            const QByteArray words = QByteArray("sample ") + QByteArray::number(i) + " of the crash harness, with a few words to import";
            jsonl += "{\"id\":" + QByteArray::number(i) + ",\"text\":\"" + words + "\",\"ok\":" + (i % 3 ? "true" : "false") + "}\n";
            csv += QByteArray::number(i) + ",\"" + words + ", quoted\"," + QByteArray::number(i * 0.5) + "\n";
        }
        m_inputs = {m_tmp.filePath(QStringLiteral("input.jsonl")), m_tmp.filePath(QStringLiteral("input.csv"))};
        QVERIFY(writeFile(m_inputs[0], jsonl));
        QVERIFY(writeFile(m_inputs[1], csv));
        m_expectedRows.insert(m_inputs[0], rows);
        m_expectedRows.insert(m_inputs[1], rows);
    }

    void expectInvariants(const QString &when)
    {
        // The restart: any command recovers the jobs a dead process left behind.
        const CliResult list = runCli(base() << QStringLiteral("list") << QStringLiteral("--json"));
        QVERIFY2(list.exitCode == 0 && list.exitStatus == QProcess::NormalExit,
                 qPrintable(when + QStringLiteral(": restart failed: ") + QString::fromUtf8(list.err)));
        const QStringList bad = checkDataDirInvariants(m_dataDir, m_expectedRows);
        QVERIFY2(bad.isEmpty(), qPrintable(when + QStringLiteral(":\n  ") + bad.join(QStringLiteral("\n  "))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_dataDir = m_tmp.filePath(QStringLiteral("data"));
        writeInputs();
        // Calibrate the kill window on one complete import.
        QElapsedTimer t;
        t.start();
        const CliResult r = runCli(base() << QStringLiteral("import") << m_inputs[0] << QStringLiteral("--json"));
        m_importMs = t.elapsed();
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(r.lastLine()).object();
        QCOMPARE(o.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(o.value(QStringLiteral("num_samples")).toInteger(), m_expectedRows.value(m_inputs[0]));
        qInfo("one import of %lld rows takes %lld ms (kill window)", m_expectedRows.value(m_inputs[0]), m_importMs);
        t.restart();
        expectInvariants(QStringLiteral("after the calibration import"));
        m_listMs = std::max<qint64>(t.elapsed(), 20);
        qInfo("one quick command takes about %lld ms (kill window of delete and recovery)", m_listMs);
        t.restart();
        const QString firstId = QJsonDocument::fromJson(r.lastLine()).object().value(QStringLiteral("id")).toVariant().toString();
        const CliResult tok = runCli(base() << QStringLiteral("tokenize") << firstId
                                            << tokenizeArgs(false) << QStringLiteral("--json"));
        m_tokenizeMs = t.elapsed();
        QVERIFY2(tok.exitCode == 0, tok.err.constData());
        qInfo("one tokenization of %lld rows takes %lld ms (kill window)", m_expectedRows.value(m_inputs[0]), m_tokenizeMs);
        expectInvariants(QStringLiteral("after the calibration tokenization"));
    }

    void killAtRandomPoints()
    {
        const qint64 trials = positiveEnvNumber("STUDIO_CRASH_TRIALS", 60);
        const quint64 seed = quint64(positiveEnvNumber("STUDIO_CRASH_SEED", 20261125));
        qInfo("seed %llu, %lld kill points (STUDIO_CRASH_SEED / STUDIO_CRASH_TRIALS to replay)", seed, trials);
        std::mt19937_64 rng(seed);
        auto uniform = [&](qint64 lo, qint64 hi) { return std::uniform_int_distribution<qint64>(lo, hi)(rng); };

        QHash<QString, int> kills, completed;
        // Kill windows by command, from the calibration; a run that finishes
        // first narrows its command's window to the time it took, so a
        // calibration slowed by a busy machine (other tests, an ASan build)
        // does not leave most kill points past the commands' ends.
        QHash<QString, qint64> windows{{QStringLiteral("delete"), m_listMs * 2}, {QStringLiteral("list"), m_listMs * 2},
                                       {QStringLiteral("tokenize"), m_tokenizeMs}, {QStringLiteral("import"), m_importMs},
                                       {QStringLiteral("retry"), m_importMs}};
        qint64 totalKills = 0;
        for (qint64 attempt = 0; totalKills < trials && attempt < trials * 4; ++attempt) {
            const auto all = datasets();
            QList<qint64> notReady, ready;
            for (const auto &d : all)
                (d.status == studio::catalog::status::Ready ? ready : notReady) << d.id;
            const qint64 roll = uniform(0, 99);
            QString action;
            QStringList args = base();
            if (all.size() > 10 || (roll >= 80 && roll < 92 && !all.isEmpty())) {
                action = QStringLiteral("delete");
                args << action << QString::number(all[int(uniform(0, all.size() - 1))].id);
            } else if (roll >= 50 && roll < 80 && !notReady.isEmpty()) {
                action = QStringLiteral("retry");
                args << action << QString::number(notReady[int(uniform(0, notReady.size() - 1))]);
            } else if (roll >= 35 && roll < 50 && !ready.isEmpty()) {
                action = QStringLiteral("tokenize");
                args << action << QString::number(ready[int(uniform(0, ready.size() - 1))])
                     << tokenizeArgs(uniform(0, 1) == 1) << QStringLiteral("--json");
            } else if (roll >= 92) {
                action = QStringLiteral("list"); // the recovery pass itself
                args << action << QStringLiteral("--json");
            } else {
                action = QStringLiteral("import");
                args << action << m_inputs[int(uniform(0, 1))] << QStringLiteral("--json");
            }
            // Kill anywhere in the command's run, a little past its usual end.
            const qint64 delay = uniform(0, windows.value(action) * 13 / 10);
            QProcess p;
            QElapsedTimer ran;
            ran.start();
            p.start(binPath(QStringLiteral("dataset-studio")), args);
            QVERIFY(p.waitForStarted());
            p.closeWriteChannel();
            const QString when = QStringLiteral("attempt %1 (seed %2): %3 killed after %4 ms")
                                     .arg(attempt).arg(seed).arg(args.mid(2).join(QLatin1Char(' '))).arg(delay);
            if (!p.waitForFinished(int(delay))) {
                p.kill(); // SIGKILL
                QVERIFY(p.waitForFinished(30000));
                ++totalKills;
                ++kills[action];
            } else {
                ++completed[action];
                windows[action] = std::max<qint64>(5, std::min(windows.value(action), ran.elapsed()));
                QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                         qPrintable(when + QStringLiteral(" finished first but failed: ")
                                    + QString::fromUtf8(p.readAllStandardError())));
            }
            expectInvariants(when);
            if (QTest::currentTestFailed())
                return;
        }
        QCOMPARE(totalKills, trials);
        qInfo("kill points: %lld (import %d, tokenize %d, retry %d, delete %d, recovery %d); runs that finished "
              "first: import %d, tokenize %d, retry %d, delete %d, list %d",
              totalKills, kills.value(QStringLiteral("import")), kills.value(QStringLiteral("tokenize")),
              kills.value(QStringLiteral("retry")), kills.value(QStringLiteral("delete")), kills.value(QStringLiteral("list")),
              completed.value(QStringLiteral("import")), completed.value(QStringLiteral("tokenize")),
              completed.value(QStringLiteral("retry")), completed.value(QStringLiteral("delete")),
              completed.value(QStringLiteral("list")));
    }

    void everyInterruptedDatasetRetriesToSuccess()
    {
        int retried = 0;
        for (const auto &d : datasets()) {
            if (d.status == studio::catalog::status::Ready)
                continue;
            const CliResult r = runCli(base() << QStringLiteral("retry") << QString::number(d.id) << QStringLiteral("--json"));
            QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("retry %1 (%2): %3").arg(d.id).arg(d.status, QString::fromUtf8(r.err))));
            ++retried;
        }
        for (const auto &d : datasets()) {
            QCOMPARE(d.status, studio::catalog::status::Ready);
            QCOMPARE(d.numSamples, m_expectedRows.value(d.sourcePath));
        }
        // A tokenization is retried by running it again with its options: the
        // new one replaces the interrupted one once it succeeds.
        int retokenized = 0;
        for (const auto &d : datasets()) {
            const auto cat = studio::catalog::Catalog::open(m_dataDir);
            QSet<QString> readyKeys, pending;
            QHash<QString, bool> windowsOf;
            for (const auto &t : cat->tokenizations(d.id)) {
                windowsOf.insert(t.optionsKey, t.options.value(QStringLiteral("overflow")).toString() == QLatin1String("windows"));
                (t.status == studio::catalog::status::Ready ? readyKeys : pending).insert(t.optionsKey);
            }
            for (const QString &key : std::as_const(pending)) {
                const CliResult r = runCli(base() << QStringLiteral("tokenize") << QString::number(d.id)
                                                  << tokenizeArgs(windowsOf.value(key)) << QStringLiteral("--json"));
                QVERIFY2(r.exitCode == 0, qPrintable(QStringLiteral("tokenize %1 again: %2").arg(d.id).arg(QString::fromUtf8(r.err))));
                ++retokenized;
            }
            for (const auto &t : cat->tokenizations(d.id)) {
                QCOMPARE(t.status, studio::catalog::status::Ready);
                QCOMPARE(t.numSamples, d.numSamples);
            }
        }
        expectInvariants(QStringLiteral("after retrying everything"));
        qInfo("retried %d interrupted datasets and re-ran %d interrupted tokenizations to success; data lost: none",
              retried, retokenized);
    }
};

QTEST_GUILESS_MAIN(CrashTest)
#include "tst_crash.moc"
