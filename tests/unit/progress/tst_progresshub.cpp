#include "progress/channels.h"
#include "progress/progresshub.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <set>
#include <thread>
#include <vector>

using namespace studio::progress;

namespace {

QJsonObject progressData(const QString &job, double p)
{
    return {{QStringLiteral("job_id"), job}, {QStringLiteral("progress"), p}, {QStringLiteral("message"), QStringLiteral("m")}};
}

QList<ProgressEvent> eventsOf(const QSignalSpy &spy)
{
    QList<ProgressEvent> out;
    for (const auto &args : spy)
        out.append(args.at(0).value<ProgressEvent>());
    return out;
}

} // namespace

class TestProgressHub : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void channelNames()
    {
        QCOMPARE(datasetProgressChannel(QStringLiteral("42")), QStringLiteral("datasets/42/progress"));
        QCOMPARE(datasetIdOfChannel(QStringLiteral("datasets/42/progress")), QStringLiteral("42"));
        QCOMPARE(datasetIdOfChannel(QStringLiteral("datasets/4/2/progress")), QString());
        QCOMPARE(datasetIdOfChannel(QStringLiteral("datasets")), QString());
    }

    void seqStartsAtOneAndIncreasesByOnePerChannel()
    {
        ProgressHub hub;
        QSignalSpy spy(&hub, &ProgressHub::eventPublished);
        for (int i = 0; i < 5; ++i) {
            hub.publish(QStringLiteral("datasets"), events::Updated, {{QStringLiteral("id"), QStringLiteral("1")}});
            hub.publish(QStringLiteral("datasets/1/progress"), events::Updated, {});
        }
        QList<ProgressEvent> evs = eventsOf(spy);
        QCOMPARE(evs.size(), 10);
        quint64 a = 0, b = 0;
        for (const ProgressEvent &e : evs) {
            quint64 &expected = e.channel == QLatin1String("datasets") ? a : b;
            QCOMPARE(e.seq, ++expected);
            QVERIFY(e.ts > 1600000000000LL);
        }
    }

    void progressNeverGoesBackwardsWithinAJob()
    {
        ProgressHub hub;
        QSignalSpy spy(&hub, &ProgressHub::eventPublished);
        const QString ch = datasetProgressChannel(QStringLiteral("1"));
        hub.publish(ch, events::Progress, progressData(QStringLiteral("7"), 50));
        QTest::qWait(120);
        hub.publish(ch, events::Progress, progressData(QStringLiteral("7"), 40));
        hub.flushPending();
        const auto evs = eventsOf(spy);
        QCOMPARE(evs.size(), 2);
        QCOMPARE(evs.at(1).data.value(QStringLiteral("progress")).toDouble(), 50.0);
        // Another job on the same channel starts from its own zero.
        hub.publish(ch, events::Progress, progressData(QStringLiteral("8"), 10));
        hub.flushPending();
        QCOMPARE(eventsOf(spy).last().data.value(QStringLiteral("progress")).toDouble(), 10.0);
    }

    void exactlyOneTerminalEventPerJob()
    {
        ProgressHub hub;
        QSignalSpy spy(&hub, &ProgressHub::eventPublished);
        const QString ch = datasetProgressChannel(QStringLiteral("1"));
        hub.publish(ch, events::Progress, progressData(QStringLiteral("7"), 10));
        hub.publish(ch, events::Progress, progressData(QStringLiteral("7"), 20)); // coalesced, pending
        hub.publish(ch, events::Completed, progressData(QStringLiteral("7"), 100));
        hub.publish(ch, events::Error, progressData(QStringLiteral("7"), 100));
        hub.publish(ch, events::Completed, progressData(QStringLiteral("7"), 100));
        hub.publish(ch, events::Progress, progressData(QStringLiteral("7"), 30));
        hub.flushPending();
        QTest::qWait(150);
        const auto evs = eventsOf(spy);
        int terminal = 0;
        for (const auto &e : evs)
            terminal += e.isTerminal() ? 1 : 0;
        QCOMPARE(terminal, 1);
        QCOMPARE(evs.last().event, events::Completed);
    }

    void progressIsCoalescedToTenPerSecondAndTheLatestWins()
    {
        ProgressHub hub;
        QSignalSpy spy(&hub, &ProgressHub::eventPublished);
        const QString ch = datasetProgressChannel(QStringLiteral("3"));
        QElapsedTimer clock;
        clock.start();
        for (int i = 1; i <= 2000; ++i) {
            hub.publish(ch, events::Progress, progressData(QStringLiteral("1"), i / 20.0));
            if (i % 200 == 0)
                QTest::qWait(20);
        }
        const qint64 publishing = clock.elapsed();
        QTest::qWait(250);
        const auto evs = eventsOf(spy);
        // At most one event per started 100 ms window, plus the final flush.
        QVERIFY2(evs.size() <= publishing / ProgressHub::kProgressIntervalMs + 3,
                 qPrintable(QStringLiteral("%1 events in %2 ms").arg(evs.size()).arg(publishing)));
        QVERIFY(evs.size() >= 2);
        QCOMPARE(evs.last().data.value(QStringLiteral("progress")).toDouble(), 100.0);
        for (qsizetype i = 1; i < evs.size(); ++i) {
            QVERIFY(evs[i].ts - evs[i - 1].ts >= ProgressHub::kProgressIntervalMs - 5);
            QVERIFY(evs[i].data.value(QStringLiteral("progress")).toDouble()
                    >= evs[i - 1].data.value(QStringLiteral("progress")).toDouble());
        }
    }

    void replayBufferKeepsTheLast256Events()
    {
        ProgressHub hub;
        const QString ch = QStringLiteral("datasets");
        for (int i = 1; i <= 300; ++i)
            hub.publish(ch, events::Updated, {{QStringLiteral("n"), i}});
        auto all = hub.channelState(ch, 0);
        QCOMPARE(all.seq, 300u);
        QCOMPARE(all.replay.size(), ProgressHub::kReplayCapacity);
        QVERIFY(all.gap);
        QCOMPARE(all.replay.first().seq, 45u);
        auto recent = hub.channelState(ch, 290);
        QCOMPARE(recent.replay.size(), 10);
        QVERIFY(!recent.gap);
        QCOMPARE(recent.replay.first().seq, 291u);
        QCOMPARE(recent.last->data.value(QStringLiteral("n")).toInt(), 300);
        auto none = hub.channelState(ch);
        QCOMPARE(none.replay.size(), 0);
        QCOMPARE(hub.channelState(QStringLiteral("datasets/9/progress")).seq, 0u);
    }

    void publishingFromManyThreadsKeepsSeqUniqueAndOrdered()
    {
        ProgressHub hub;
        std::vector<quint64> seen;
        std::mutex m;
        connect(&hub, &ProgressHub::eventPublished, &hub, [&](const ProgressEvent &e) {
            std::lock_guard lock(m);
            seen.push_back(e.seq);
        }, Qt::DirectConnection);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&hub, t] {
                for (int i = 0; i < 500; ++i)
                    hub.publish(QStringLiteral("datasets"), events::Updated, {{QStringLiteral("t"), t}});
            });
        }
        for (auto &th : threads)
            th.join();
        QCOMPARE(seen.size(), size_t(2000));
        for (size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], quint64(i + 1));
    }

    void queuedDeliveryToAnotherThreadPreservesOrder()
    {
        ProgressHub hub;
        QThread worker;
        worker.start();
        QObject receiver;
        receiver.moveToThread(&worker);
        std::vector<quint64> seen;
        std::mutex m;
        connect(&hub, &ProgressHub::eventPublished, &receiver, [&](const ProgressEvent &e) {
            std::lock_guard lock(m);
            seen.push_back(e.seq);
        }, Qt::QueuedConnection);
        std::thread a([&] {
            for (int i = 0; i < 300; ++i)
                hub.publish(QStringLiteral("datasets"), events::Updated, {});
        });
        std::thread b([&] {
            for (int i = 0; i < 300; ++i)
                hub.publish(QStringLiteral("datasets"), events::Updated, {});
        });
        a.join();
        b.join();
        QTRY_COMPARE_WITH_TIMEOUT([&] { std::lock_guard lock(m); return seen.size(); }(), size_t(600), 5000);
        for (size_t i = 0; i < seen.size(); ++i)
            QCOMPARE(seen[i], quint64(i + 1));
        worker.quit();
        worker.wait();
    }
};

QTEST_GUILESS_MAIN(TestProgressHub)
#include "tst_progresshub.moc"
