// Remote monitor load: N WebSocket clients (100, 500, 1,000) subscribed to one
// progress channel on loopback while GPT-2 tokenizations run through the real job engine.
// Prints, per N: delivery latency (client receive time - the event's ts, ms)
// p50 / p99 / max, server memory per idle connection (VmRSS growth of this
// process / N), and the longest gap between two 5 ms timer ticks on the main
// ("GUI") thread while the clients connect and while events flow.
// The clients run in a child process (this program with --client): bare
// sockets on two epoll threads (rawwsclients.h), or with --qt-clients
// QWebSocket clients on four threads. The server process measures only
// itself. Bounded: a few seconds per N.
//   bench_remote [--qt-clients] [N...]
#include "catalog/catalog.h"
#include "jobs/datasetservice.h"
#include "jobs/jobmanager.h"
#include "jobs/jobkinds.h"
#include "progress/progresshub.h"
#include "remote/monitorserver.h"
#include "rawwsclients.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace {

const QString kToken = QStringLiteral("bench-token-0123456789abcdef");
const QString kChannel = QStringLiteral("datasets/999999/progress");
bool g_qtClients = false;
constexpr int kEvents = 40; // progress events at the hub's 10/s, then one completed

qint64 rssKiB()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return 0;
}

// ---- client side (child process) -------------------------------------------

struct Samples {
    std::mutex mutex;
    std::vector<qint64> latencies;
    std::atomic<int> subscribed{0}, finished{0};
};

// A few hundred clients on one thread.
class ClientGroup final : public QObject
{
public:
    ClientGroup(quint16 port, int count, Samples &samples) : m_port(port), m_count(count), m_samples(samples) {}
    void start()
    {
        for (int i = 0; i < m_count; ++i) {
            auto *ws = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
            connect(ws, &QWebSocket::connected, ws, [ws] {
                ws->sendTextMessage(QStringLiteral("{\"type\":\"hello\",\"protocol\":1,\"token\":\"") + kToken + QStringLiteral("\"}"));
                ws->sendTextMessage(QStringLiteral("{\"type\":\"subscribe\",\"channel\":\"") + kChannel + QStringLiteral("\"}"));
            });
            connect(ws, &QWebSocket::textMessageReceived, ws, [this](const QString &text) { onText(text); });
            ws->open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(m_port)));
        }
    }

private:
    // No JSON parsing in the clients: they share the machine's cores with the server.
    void onText(const QString &text)
    {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (text.contains(QLatin1String("\"type\":\"subscribed\""))) {
            ++m_samples.subscribed;
            return;
        }
        const qsizetype ts = text.indexOf(QLatin1String("\"ts\":"));
        if (ts < 0)
            return;
        qsizetype end = ts + 5;
        while (end < text.size() && text.at(end).isDigit())
            ++end;
        const qint64 sent = QStringView(text).mid(ts + 5, end - ts - 5).toLongLong();
        {
            std::lock_guard lock(m_samples.mutex);
            m_samples.latencies.push_back(now - sent);
        }
        if (text.contains(QLatin1String("\"event\":\"completed\"")))
            ++m_samples.finished;
    }

    quint16 m_port;
    int m_count;
    Samples &m_samples;
};

std::atomic<int> g_rawSubscribed{0};

void countRawSubscription()
{
    ++g_rawSubscribed;
}

// The default clients: bare sockets, two epoll threads (rawwsclients.h).
int runBareClients(quint16 port, int clients)
{
    constexpr int kThreads = 2;
    std::vector<RawClientResults> results(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        const int n = clients / kThreads + (t < clients % kThreads ? 1 : 0);
        threads.emplace_back([&results, t, n, port] {
            results[static_cast<std::size_t>(t)] = ::runRawClients(port, n, kToken.toStdString(), kChannel.toStdString(), 120000,
                                                                 countRawSubscription);
        });
    }
    QElapsedTimer deadline;
    deadline.start();
    while (g_rawSubscribed.load() < clients && deadline.elapsed() < 60000)
        QThread::msleep(5);
    std::printf("SUBSCRIBED %d\n", g_rawSubscribed.load());
    std::fflush(stdout);
    for (auto &t : threads)
        t.join();
    std::vector<long long> l;
    int finished = 0;
    for (const auto &r : results) {
        l.insert(l.end(), r.latenciesMs.begin(), r.latenciesMs.end());
        finished += r.finished;
    }
    std::sort(l.begin(), l.end());
    const auto pct = [&l](double p) { return l.empty() ? -1 : l[std::min(l.size() - 1, size_t(p * double(l.size())))]; };
    if (g_rawSubscribed.load() != clients || finished != clients)
        std::fprintf(stderr, "bare clients: %d of %d subscribed, %d saw completed\n", g_rawSubscribed.load(), clients, finished);
    std::printf("LATENCY %zu %lld %lld %lld %d\n", l.size(), pct(0.50), pct(0.99), l.empty() ? -1 : l.back(), finished);
    std::fflush(stdout);
    return 0;
}

// --qt-clients: QWebSocket clients on four threads (heavier: they take more
// of the cores the server needs, so the figures include more client time).
int runQtClients(quint16 port, int clients)
{
    Samples samples;
    constexpr int kThreads = 4;
    std::vector<std::unique_ptr<QThread>> threads;
    std::vector<ClientGroup *> groups;
    for (int t = 0; t < kThreads; ++t) {
        const int n = clients / kThreads + (t < clients % kThreads ? 1 : 0);
        auto thread = std::make_unique<QThread>();
        auto *group = new ClientGroup(port, n, samples);
        group->moveToThread(thread.get());
        QObject::connect(thread.get(), &QThread::finished, group, &QObject::deleteLater);
        thread->start();
        QMetaObject::invokeMethod(group, [group] { group->start(); }, Qt::QueuedConnection);
        groups.push_back(group);
        threads.push_back(std::move(thread));
    }
    QElapsedTimer deadline;
    deadline.start();
    while (samples.subscribed.load() < clients && deadline.elapsed() < 60000)
        QThread::msleep(5);
    std::printf("SUBSCRIBED %d\n", samples.subscribed.load());
    std::fflush(stdout);
    while (samples.finished.load() < samples.subscribed.load() && deadline.elapsed() < 120000)
        QThread::msleep(10);
    for (auto &t : threads) {
        t->quit();
        t->wait();
    }
    std::vector<qint64> &l = samples.latencies;
    std::sort(l.begin(), l.end());
    const auto pct = [&l](double p) { return l.empty() ? -1 : l[std::min(l.size() - 1, size_t(p * double(l.size())))]; };
    std::printf("LATENCY %zu %lld %lld %lld %d\n", l.size(), static_cast<long long>(pct(0.50)),
                static_cast<long long>(pct(0.99)), static_cast<long long>(l.empty() ? -1 : l.back()), samples.finished.load());
    std::fflush(stdout);
    return 0;
}

// ---- server side ------------------------------------------------------------

// Longest gap between ticks of a 5 ms timer on the thread it lives on.
class StallMeter final : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            if (m_last > 0)
                m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset() { m_worst = 0; m_last = 0; }
    double worstMs() const { return double(m_worst) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0, m_worst = 0;
};

QByteArray loadAverage()
{
    QFile f(QStringLiteral("/proc/loadavg"));
    return f.open(QIODevice::ReadOnly) ? f.readAll().split(' ').first() : QByteArray("?");
}

void generate(const QString &path, int lines)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    for (int i = 0; i < lines; ++i)
        f.write("{\"text\":\"Once upon a time there was a little girl named Lily, sample " + QByteArray::number(i) + ".\"}\n");
}

// Runs the event loop (blocking in it, not spinning: a busy main thread would
// take a core from the server and the clients) until done() or the timeout.
bool waitUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QEventLoop loop;
        QTimer::singleShot(5, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return true;
}

int runServer(const QList<int> &counts)
{
    QTemporaryDir dir;
    const QString input = dir.filePath(QStringLiteral("load.jsonl"));
    generate(input, 300000);
    auto catalog = studio::catalog::Catalog::open(dir.filePath(QStringLiteral("data")));
    studio::progress::ProgressHub hub;
    studio::jobs::JobManager jobs(*catalog, hub);
    studio::jobs::registerJobKinds(jobs);
    studio::jobs::DatasetService service(*catalog, hub, jobs);
    StallMeter stall;

    // The load: GPT-2 tokenizations (max_length 512) of an imported dataset,
    // back to back for as long as the benchmark runs; each uses every core.
    bool loaded = !qEnvironmentVariableIsSet("STUDIO_BENCH_NO_LOAD");
    int tokenizations = 0;
    const qint64 datasetId = service.importLocal(input).datasetId;
    if (!waitUntil([&] { return jobs.activeJobs().isEmpty(); }, 120000))
        qFatal("the import did not finish");
    qint64 tokenizeJob = -1;
    const auto tokenize = [&] {
        tokenizeJob = service.startTokenization(datasetId, studio::jobs::TokenizeOptions()).jobId;
        ++tokenizations;
    };
    QObject::connect(&jobs, &studio::jobs::JobManager::jobFinished, &jobs, [&](qint64 jobId, const QString &, const QString &) {
        if (loaded && jobId == tokenizeJob)
            tokenize();
    });
    if (loaded)
        tokenize();

    // What the machine alone does to a 5 ms timer (same load, no server): compare the stalls below with it.
    stall.reset();
    waitUntil([] { return false; }, 3000);
    std::printf("baseline main-thread stall without the server (tokenizing): %.1f ms; load average %s\n",
                stall.worstMs(), loadAverage().constData());
    std::printf("%-8s %10s %8s %8s %8s %14s %14s %14s\n", "clients", "samples", "p50 ms", "p99 ms", "max ms",
                "KiB/idle conn", "stall conn ms", "stall events ms");
    for (const int n : counts) {
        studio::remote::MonitorServer server(hub, *catalog);
        studio::remote::MonitorConfig config;
        config.port = 0;
        config.token = kToken;
        if (!server.start(config))
            qFatal("%s", qPrintable(server.errorString()));
        waitUntil([] { return false; }, 300); // settle
        const qint64 rss0 = rssKiB();
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(),
                    {g_qtClients ? QStringLiteral("--qt-client") : QStringLiteral("--client"), QString::number(server.port()),
                     QString::number(n)});
        stall.reset();
        QByteArray out;
        if (!waitUntil([&] { out += child.readAllStandardOutput(); return out.contains("SUBSCRIBED"); }, 90000))
            qFatal("clients did not subscribe");
        const double stallConnect = stall.worstMs();
        waitUntil([] { return false; }, 300);
        const qint64 perConn = (rssKiB() - rss0) * 1024 / std::max(1, n);
        stall.reset();
        QJsonObject data{{QStringLiteral("dataset_id"), QStringLiteral("999999")}, {QStringLiteral("job"), QStringLiteral("import")},
                         {QStringLiteral("job_id"), QStringLiteral("bench-%1").arg(n)}, {QStringLiteral("status"), QStringLiteral("processing")},
                         {QStringLiteral("message"), QStringLiteral("Importing...")}};
        for (int i = 1; i <= kEvents; ++i) {
            data.insert(QStringLiteral("progress"), i * 100.0 / (kEvents + 1));
            hub.publish(kChannel, QStringLiteral("progress"), data);
            waitUntil([] { return false; }, 100); // the hub sends at most 10 progress events per second
        }
        data.insert(QStringLiteral("progress"), 100.0);
        hub.publish(kChannel, QStringLiteral("completed"), data);
        if (!waitUntil([&] { out += child.readAllStandardOutput(); return out.contains("LATENCY"); }, 120000))
            qFatal("clients did not finish");
        const double stallEvents = stall.worstMs();
        child.waitForFinished(30000);
        const QList<QByteArray> f = out.mid(out.indexOf("LATENCY")).trimmed().split(' ');
        std::printf("%-8d %10s %8s %8s %8s %14lld %14.1f %14.1f\n", n, f.value(1).constData(), f.value(2).constData(),
                    f.value(3).constData(), f.value(4).constData(), static_cast<long long>(perConn / 1024), stallConnect,
                    stallEvents);
        std::fflush(stdout);
        server.stop();
    }
    loaded = false;
    waitUntil([&] { return jobs.activeJobs().isEmpty(); }, 60000);
    std::printf("(%d GPT-2 tokenizations of 300,000 samples ran meanwhile; latency in whole ms of the wall clock)\n", tokenizations);
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() >= 4 && args.at(1) == QLatin1String("--client"))
        return runBareClients(static_cast<quint16>(args.at(2).toUInt()), args.at(3).toInt());
    if (args.size() >= 4 && args.at(1) == QLatin1String("--qt-client"))
        return runQtClients(static_cast<quint16>(args.at(2).toUInt()), args.at(3).toInt());
    QList<int> counts;
    for (int i = 1; i < args.size(); ++i) {
        if (args.at(i) == QLatin1String("--qt-clients"))
            g_qtClients = true;
        else
            counts.append(args.at(i).toInt());
    }
    if (counts.isEmpty())
        counts = {100, 500, 1000};
    return runServer(counts);
}
