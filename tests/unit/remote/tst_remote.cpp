// The remote monitor server with real clients: QWebSocket (JSON protocol and
// Socket.IO framing), QNetworkAccessManager and raw QTcpSocket for HTTP, and
// the real dataset-studio executable for --monitor.
#include "remotetestclient.h"
#include "testsupport.h"

#include "catalog/catalog.h"
#include "progress/channels.h"
#include "progress/progresshub.h"
#include "remote/eventencoding.h"
#include "remote/monitorserver.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QSslError>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace studio;
using namespace studio::test;

namespace {

const QString kToken = QStringLiteral("test-token-0123456789abcdef");

QJsonObject progressData(const QString &dataset, const QString &job, double p)
{
    return {{QStringLiteral("dataset_id"), dataset}, {QStringLiteral("job"), QStringLiteral("import")},
            {QStringLiteral("job_id"), job},         {QStringLiteral("progress"), p},
            {QStringLiteral("status"), QStringLiteral("processing")},
            {QStringLiteral("message"), QStringLiteral("Importing…")}};
}

struct Fixture {
    QTemporaryDir dir;
    std::unique_ptr<catalog::Catalog> catalog;
    progress::ProgressHub hub;
    std::unique_ptr<remote::MonitorServer> server;

    explicit Fixture(const remote::MonitorLimits &limits = {}, bool start = true)
    {
        catalog = catalog::Catalog::open(dir.path());
        server = std::make_unique<remote::MonitorServer>(hub, *catalog);
        if (start) {
            remote::MonitorConfig config;
            config.port = 0;
            config.token = kToken;
            config.limits = limits;
            if (!server->start(config))
                qWarning("server did not start: %s", qPrintable(server->errorString()));
        }
    }
    quint16 port() const { return server->port(); }
    QUrl ws(const QString &path = QStringLiteral("/ws")) const
    {
        return QUrl(QStringLiteral("ws://127.0.0.1:%1%2").arg(port()).arg(path));
    }
    QUrl http(const QString &path) const { return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(path)); }
    qint64 addDataset(const QString &name)
    {
        catalog::DatasetRecord d;
        d.name = name;
        d.source = QStringLiteral("local");
        d.sourcePath = QStringLiteral("/tmp/") + name + QStringLiteral(".jsonl");
        d.status = QStringLiteral("processing");
        return catalog->insertDataset(d);
    }
    // A client past hello.
    std::unique_ptr<WsClient> client(const QString &origin = {})
    {
        auto c = std::make_unique<WsClient>(origin);
        if (!c->open(ws()) || !c->hello(kToken))
            return nullptr;
        return c;
    }
    // The server still answers a fresh client.
    bool stillServes()
    {
        auto c = client();
        if (!c)
            return false;
        c->sendJson({{QStringLiteral("type"), QStringLiteral("ping")}});
        return c->next(QStringLiteral("pong")).has_value();
    }
};

struct HttpReply {
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[k, v] : headers)
            if (k.compare(name, Qt::CaseInsensitive) == 0)
                return v;
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

HttpReply get(const QUrl &url, const QByteArray &bearer = {})
{
    HttpReply r;
#if defined(__SANITIZE_THREAD__)
    // QNetworkAccessManager hands buffers to its own HTTP thread through Qt
    // internals TSan cannot see (uninstrumented Qt): speak HTTP over a plain
    // QTcpSocket in TSan builds instead.
    QByteArray request = "GET " + url.path(QUrl::FullyEncoded).toLatin1() + " HTTP/1.1\r\nHost: " + url.host().toLatin1()
                         + ':' + QByteArray::number(url.port()) + "\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    const QByteArray raw = rawHttp(static_cast<quint16>(url.port()), request + "\r\n");
    r.status = statusOf(raw);
    const qsizetype split = raw.indexOf("\r\n\r\n");
    r.body = split < 0 ? QByteArray() : raw.mid(split + 4);
    for (const QByteArray &line : raw.left(split).split('\n').mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
#else
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    if (!bearer.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + bearer);
    QNetworkReply *reply = nam.get(request);
    (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    r.body = reply->readAll();
    r.error = reply->error();
    r.headers = reply->rawHeaderPairs();
    delete reply;
#endif
    return r;
}

} // namespace

class TestRemote : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void startRefusesUnsafeConfigurations();
    void healthzAndPageHeaders();
    void unknownPathsAre404();
    void apiNeedsTheToken();
    void badHostIsRefused();
    void originIsChecked();
    void requestHeadLimits();
    void helloWelcomeAndPing();
    void wrongTokenOrNoHelloCloses4401();
    void subscribeDeliversInOrderWithSeqAndTs();
    void noCrossTalkBetweenDatasets();
    void lateJoinerGetsSnapshot();
    void datasetsChannelSnapshotFromCatalog();
    void replayAfterReconnectWithSince();
    void malformedMessagesGetErrorsThenClose();
    void unknownChannelAndTooManySubscriptions();
    void oversizeMessageCloses1009();
    void slowConsumerIsClosed1008();
    void connectionCap();
    void failureThrottle();
    void socketIoProtocol();
    void socketIoRejectsBadTokenAndMalformedPackets();
    void socketIoHeartbeatTimeout();
    void clientCountSignal();
    void tlsServesWss();
    void cliMonitorOption();
    void eventFramesFollowRfc6455();
    void cliStopSignalDuringTheJobEndsServing();
};

void TestRemote::initTestCase()
{
    qRegisterMetaType<progress::ProgressEvent>();
}

void TestRemote::startRefusesUnsafeConfigurations()
{
    Fixture f({}, false);
    remote::MonitorConfig c;
    c.address = QHostAddress(QHostAddress::Any);
    c.port = 0;
    QVERIFY(!f.server->start(c));
    QVERIFY2(f.server->errorString().contains(QStringLiteral("without an access token")), qPrintable(f.server->errorString()));
    QVERIFY(!f.server->isRunning());
    c.token = QStringLiteral("short");
    QVERIFY(!f.server->start(c));
    QVERIFY(f.server->errorString().contains(QStringLiteral("too short")));
    // Loopback without a token: one is generated (>= 128 bits).
    remote::MonitorConfig loop;
    loop.port = 0;
    QVERIFY(f.server->start(loop));
    QVERIFY(f.server->token().size() >= 22);
    QVERIFY(f.server->url().toString().contains(QStringLiteral("#token=") + f.server->token()));
    // The port is taken: a clear message.
    Fixture other({}, false);
    remote::MonitorConfig same;
    same.port = f.server->port();
    QVERIFY(!other.server->start(same));
    QVERIFY2(other.server->errorString().contains(QString::number(same.port)), qPrintable(other.server->errorString()));
}

void TestRemote::healthzAndPageHeaders()
{
    Fixture f;
    const HttpReply h = get(f.http(QStringLiteral("/healthz")));
    QCOMPARE(h.status, 200);
    QCOMPARE(h.json().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
    QVERIFY(!h.json().value(QStringLiteral("version")).toString().isEmpty());
    const HttpReply page = get(f.http(QStringLiteral("/")));
    QCOMPARE(page.status, 200);
    QVERIFY(page.header("Content-Type").startsWith("text/html"));
    QVERIFY(page.body.contains("monitor.js"));
    const QByteArray csp = page.header("Content-Security-Policy");
    QVERIFY(csp.contains("default-src 'self'"));
    QVERIFY(csp.contains("connect-src 'self' ws: wss:"));
    QVERIFY(csp.contains("frame-ancestors 'none'"));
    QCOMPARE(page.header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(page.header("Referrer-Policy"), QByteArray("no-referrer"));
    QVERIFY(!page.header("Cache-Control").isEmpty());
    for (const QString &asset : {QStringLiteral("/monitor.js"), QStringLiteral("/monitor.css"), QStringLiteral("/favicon.svg")}) {
        const HttpReply a = get(f.http(asset));
        QCOMPARE(a.status, 200);
        QVERIFY(!a.body.isEmpty());
    }
    QVERIFY(get(f.http(QStringLiteral("/monitor.js"))).header("Content-Type").startsWith("text/javascript"));
}

void TestRemote::unknownPathsAre404()
{
    Fixture f;
    QCOMPARE(get(f.http(QStringLiteral("/nope"))).status, 404);
    QCOMPARE(get(f.http(QStringLiteral("/api"))).status, 404);
    const quint16 port = f.port();
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    QCOMPARE(statusOf(rawHttp(port, "GET /../../etc/passwd HTTP/1.1\r\n" + host + "\r\n")), 404);
    QCOMPARE(statusOf(rawHttp(port, "GET /%2e%2e/catalog.sqlite3 HTTP/1.1\r\n" + host + "\r\n")), 404);
    QCOMPARE(statusOf(rawHttp(port, "POST /api/datasets HTTP/1.1\r\n" + host + "\r\n")), 405);
    QCOMPARE(statusOf(rawHttp(port, "GET /ws HTTP/1.1\r\n" + host + "\r\n")), 426);
    const QByteArray polling = rawHttp(port, "GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n" + host + "\r\n");
    QCOMPARE(statusOf(polling), 400);
    QVERIFY(polling.contains("transports: ['websocket']"));
    QVERIFY(f.stillServes());
}

void TestRemote::apiNeedsTheToken()
{
    Fixture f;
    const qint64 id = f.addDataset(QStringLiteral("alpha"));
    const HttpReply none = get(f.http(QStringLiteral("/api/datasets")));
    QCOMPARE(none.status, 401);
    QVERIFY(none.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("Bearer")));
    QCOMPARE(get(f.http(QStringLiteral("/api/datasets")), "wrong-token-wrong-token").status, 401);
    const HttpReply list = get(f.http(QStringLiteral("/api/datasets")), kToken.toUtf8());
    QCOMPARE(list.status, 200);
    const QJsonArray datasets = list.json().value(QStringLiteral("datasets")).toArray();
    QCOMPARE(datasets.size(), 1);
    QCOMPARE(datasets.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("alpha"));
    const HttpReply one = get(f.http(QStringLiteral("/api/datasets/%1").arg(id)), kToken.toUtf8());
    QCOMPARE(one.status, 200);
    QCOMPARE(one.json().value(QStringLiteral("id")).toString(), QString::number(id));
    QVERIFY(one.json().value(QStringLiteral("tokenizations")).isArray());
    QCOMPARE(get(f.http(QStringLiteral("/api/datasets/999")), kToken.toUtf8()).status, 404);
    QCOMPARE(get(f.http(QStringLiteral("/api/datasets/x")), kToken.toUtf8()).status, 404);
}

void TestRemote::badHostIsRefused()
{
    Fixture f;
    const quint16 port = f.port();
    const QByteArray evil = rawHttp(port, "GET / HTTP/1.1\r\nHost: evil.example:" + QByteArray::number(port) + "\r\n\r\n");
    QCOMPARE(statusOf(evil), 403);
    QVERIFY(evil.contains("DNS rebinding"));
    QCOMPARE(statusOf(rawHttp(port, upgradeRequest("/ws", port, {}, "attacker.test"))), 403);
    QCOMPARE(statusOf(rawHttp(port, "GET / HTTP/1.1\r\n\r\n")), 400); // no Host at all
    for (const QByteArray &host : {QByteArray("localhost"), QByteArray("127.0.0.1"), QByteArray("[::1]")})
        QCOMPARE(statusOf(rawHttp(port, "GET /healthz HTTP/1.1\r\nHost: " + host + ":" + QByteArray::number(port) + "\r\n\r\n")), 200);
    QVERIFY(f.server->stats().rejectedHost >= 2);
    QVERIFY(f.stillServes());
}

void TestRemote::originIsChecked()
{
    Fixture f;
    const quint16 port = f.port();
    const QByteArray bad = rawHttp(port, upgradeRequest("/ws", port, "http://evil.example"));
    QCOMPARE(statusOf(bad), 403);
    QVERIFY(bad.contains("cross-site WebSocket hijacking"));
    QCOMPARE(statusOf(rawHttp(port, upgradeRequest("/socket.io/?EIO=4&transport=websocket", port, "null"))), 403);
    // Same host, other port: another origin.
    QCOMPARE(statusOf(rawHttp(port, upgradeRequest("/ws", port, "http://127.0.0.1:1"))), 403);
    WsClient evilClient(QStringLiteral("http://evil.example"));
    QVERIFY(!evilClient.open(f.ws(), 3000));
    // The server's own origin (and localhost) are welcome; so is no Origin (with the token).
    auto own = f.client(QStringLiteral("http://127.0.0.1:%1").arg(port));
    QVERIFY(own);
    auto local = f.client(QStringLiteral("http://localhost:%1").arg(port));
    QVERIFY(local);
    QVERIFY(f.server->stats().rejectedOrigin >= 3);
    QVERIFY(f.stillServes());
}

void TestRemote::requestHeadLimits()
{
    remote::MonitorLimits limits;
    limits.handshakeTimeoutMs = 1000;
    Fixture f(limits);
    const quint16 port = f.port();
    // Too large a head: 431.
    const QByteArray big = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fill: " + QByteArray(20000, 'a') + "\r\n\r\n";
    QCOMPARE(statusOf(rawHttp(port, big)), 431);
    // Malformed: 400.
    QCOMPARE(statusOf(rawHttp(port, "GET\r\n\r\n")), 400);
    QCOMPARE(statusOf(rawHttp(port, "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n")), 400);
    QCOMPARE(statusOf(rawHttp(port, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")), 400);
    // An unfinished head: 408 after the deadline.
    QCOMPARE(statusOf(rawHttp(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")), 408);
    QVERIFY(f.stillServes());
}

void TestRemote::helloWelcomeAndPing()
{
    Fixture f;
    WsClient c;
    QVERIFY(c.open(f.ws()));
    const auto welcome = c.hello(kToken);
    QVERIFY(welcome);
    QCOMPARE(welcome->value(QStringLiteral("protocol")).toInt(), 1);
    QVERIFY(welcome->value(QStringLiteral("server")).toString().startsWith(QStringLiteral("dataset-studio/")));
    c.sendJson({{QStringLiteral("type"), QStringLiteral("ping")}});
    QVERIFY(c.next(QStringLiteral("pong")));
    // A second hello is an error, not a crash.
    c.sendJson({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("protocol"), 1}});
    const auto err = c.next(QStringLiteral("error"));
    QVERIFY(err);
    QCOMPARE(err->value(QStringLiteral("code")).toString(), QStringLiteral("bad_message"));
    QVERIFY(!c.isClosed());
}

void TestRemote::wrongTokenOrNoHelloCloses4401()
{
    remote::MonitorLimits limits;
    limits.helloTimeoutMs = 300;
    Fixture f(limits);
    {
        WsClient c;
        QVERIFY(c.open(f.ws()));
        QVERIFY(!c.hello(QStringLiteral("not-the-token-at-all")));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4401);
    }
    {
        WsClient c; // says nothing
        QVERIFY(c.open(f.ws()));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4401);
    }
    {
        WsClient c; // subscribes before hello
        QVERIFY(c.open(f.ws()));
        c.sendJson({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("channel"), QStringLiteral("datasets")}});
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4401);
    }
    {
        WsClient c; // garbage before hello
        QVERIFY(c.open(f.ws()));
        c.sendText(QStringLiteral("{nope"));
        QVERIFY(c.waitClosed());
        QCOMPARE(c.closeCode(), 4401);
    }
    QVERIFY(f.server->stats().helloTimeouts >= 1);
    QVERIFY(f.stillServes());
}

void TestRemote::subscribeDeliversInOrderWithSeqAndTs()
{
    Fixture f;
    auto c = f.client();
    QVERIFY(c);
    const QString ch = progress::datasetProgressChannel(QStringLiteral("1"));
    const auto sub = c->subscribe(ch);
    QVERIFY(sub);
    QCOMPARE(sub->value(QStringLiteral("seq")).toInt(), 0);
    QVERIFY(sub->value(QStringLiteral("snapshot")).isNull());
    QCOMPARE(sub->value(QStringLiteral("replayed")).toInt(), 0);
    for (int i = 1; i <= 5; ++i) {
        f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("1"), QStringLiteral("7"), i * 10.0));
        f.hub.flushPending();
    }
    QJsonObject done = progressData(QStringLiteral("1"), QStringLiteral("7"), 100.0);
    done.insert(QStringLiteral("status"), QStringLiteral("ready"));
    f.hub.publish(ch, progress::events::Completed, done);
    QVERIFY(c->waitFor([&] { return c->events(ch).size() == 6; }));
    const QList<QJsonObject> evs = c->events(ch);
    double last = -1;
    for (int i = 0; i < evs.size(); ++i) {
        const QJsonObject &e = evs.at(i);
        QCOMPARE(e.value(QStringLiteral("seq")).toInt(), i + 1);
        QVERIFY(e.value(QStringLiteral("ts")).toDouble() > 1.6e12);
        QCOMPARE(e.value(QStringLiteral("channel")).toString(), ch);
        const double p = e.value(QStringLiteral("data")).toObject().value(QStringLiteral("progress")).toDouble();
        QVERIFY(p >= last);
        last = p;
    }
    QCOMPARE(evs.last().value(QStringLiteral("event")).toString(), QStringLiteral("completed"));
    // Unsubscribed: nothing more arrives.
    c->sendJson({{QStringLiteral("type"), QStringLiteral("unsubscribe")}, {QStringLiteral("channel"), ch}});
    QVERIFY(c->next(QStringLiteral("unsubscribed")));
    f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("1"), QStringLiteral("8"), 5));
    QTest::qWait(200);
    QCOMPARE(c->events(ch).size(), 6);
}

void TestRemote::noCrossTalkBetweenDatasets()
{
    Fixture f;
    auto a = f.client();
    auto b = f.client();
    QVERIFY(a && b);
    const QString ch1 = progress::datasetProgressChannel(QStringLiteral("1"));
    const QString ch2 = progress::datasetProgressChannel(QStringLiteral("2"));
    QVERIFY(a->subscribe(ch1));
    QVERIFY(b->subscribe(ch2));
    for (int i = 0; i < 20; ++i) {
        f.hub.publish(i % 2 ? ch1 : ch2, progress::events::Progress,
                      progressData(i % 2 ? QStringLiteral("1") : QStringLiteral("2"), QStringLiteral("j"), i));
        f.hub.flushPending();
    }
    QVERIFY(a->waitFor([&] { return a->events(ch1).size() == 10 && b->events(ch2).size() == 10; }));
    QTest::qWait(100);
    for (const QJsonObject &m : a->messages())
        if (m.value(QStringLiteral("type")).toString() == QLatin1String("event"))
            QCOMPARE(m.value(QStringLiteral("data")).toObject().value(QStringLiteral("dataset_id")).toString(), QStringLiteral("1"));
    for (const QJsonObject &m : b->messages())
        if (m.value(QStringLiteral("type")).toString() == QLatin1String("event"))
            QCOMPARE(m.value(QStringLiteral("data")).toObject().value(QStringLiteral("dataset_id")).toString(), QStringLiteral("2"));
    QCOMPARE(a->events(ch2).size(), 0);
    QCOMPARE(b->events(ch1).size(), 0);
}

void TestRemote::lateJoinerGetsSnapshot()
{
    Fixture f;
    const QString ch = progress::datasetProgressChannel(QStringLiteral("3"));
    for (int i = 1; i <= 4; ++i) {
        f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("3"), QStringLiteral("9"), i * 20.0));
        f.hub.flushPending();
    }
    auto c = f.client();
    QVERIFY(c);
    const auto sub = c->subscribe(ch);
    QVERIFY(sub);
    QCOMPARE(sub->value(QStringLiteral("seq")).toInt(), 4);
    QCOMPARE(sub->value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("progress")).toDouble(), 80.0);
    QCOMPARE(sub->value(QStringLiteral("replayed")).toInt(), 0);
    QTest::qWait(100);
    QCOMPARE(c->events(ch).size(), 0); // the snapshot alone, no replay without since
    f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("3"), QStringLiteral("9"), 90.0));
    f.hub.flushPending();
    QVERIFY(c->waitFor([&] { return c->events(ch).size() == 1; }));
    QCOMPARE(c->events(ch).first().value(QStringLiteral("seq")).toInt(), 5);
}

void TestRemote::datasetsChannelSnapshotFromCatalog()
{
    Fixture f;
    const qint64 id = f.addDataset(QStringLiteral("beta"));
    auto c = f.client();
    QVERIFY(c);
    const auto sub = c->subscribe(progress::datasetsChannel());
    QVERIFY(sub);
    const QJsonArray list = sub->value(QStringLiteral("snapshot")).toObject().value(QStringLiteral("datasets")).toArray();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("id")).toString(), QString::number(id));
    QCOMPARE(list.at(0).toObject().value(QStringLiteral("name")).toString(), QStringLiteral("beta"));
    f.hub.publish(progress::datasetsChannel(), progress::events::Updated, f.catalog->dataset(id)->toSummaryJson());
    QVERIFY(c->waitFor([&] { return c->events(progress::datasetsChannel()).size() == 1; }));
    QCOMPARE(c->events(progress::datasetsChannel()).first().value(QStringLiteral("event")).toString(), QStringLiteral("updated"));
}

void TestRemote::replayAfterReconnectWithSince()
{
    Fixture f;
    const QString ch = progress::datasetProgressChannel(QStringLiteral("4"));
    qint64 lastSeen = 0;
    {
        auto c = f.client();
        QVERIFY(c);
        QVERIFY(c->subscribe(ch));
        for (int i = 1; i <= 3; ++i) {
            f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("4"), QStringLiteral("1"), i));
            f.hub.flushPending();
        }
        QVERIFY(c->waitFor([&] { return c->events(ch).size() == 3; }));
        lastSeen = c->events(ch).last().value(QStringLiteral("seq")).toInteger();
    } // disconnected
    for (int i = 4; i <= 7; ++i) {
        f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("4"), QStringLiteral("1"), i));
        f.hub.flushPending();
    }
    f.hub.publish(ch, progress::events::Completed, progressData(QStringLiteral("4"), QStringLiteral("1"), 100));
    auto c = f.client();
    QVERIFY(c);
    const auto sub = c->subscribe(ch, lastSeen);
    QVERIFY(sub);
    QCOMPARE(sub->value(QStringLiteral("seq")).toInt(), 8);
    QCOMPARE(sub->value(QStringLiteral("replayed")).toInt(), 5);
    QVERIFY(c->waitFor([&] { return c->events(ch).size() == 5; }));
    // New live events continue the sequence with nothing twice.
    f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("4"), QStringLiteral("2"), 1));
    f.hub.flushPending();
    QVERIFY(c->waitFor([&] { return c->events(ch).size() == 6; }));
    QTest::qWait(100);
    const QList<QJsonObject> evs = c->events(ch);
    QCOMPARE(evs.size(), 6);
    for (int i = 0; i < evs.size(); ++i)
        QCOMPARE(evs.at(i).value(QStringLiteral("seq")).toInteger(), lastSeen + 1 + i);
    QCOMPARE(evs.at(4).value(QStringLiteral("event")).toString(), QStringLiteral("completed"));
    // A since from another server run (beyond this channel's seq) replays nothing.
    auto other = f.client();
    const auto foreign = other->subscribe(ch, 5000);
    QVERIFY(foreign);
    QCOMPARE(foreign->value(QStringLiteral("replayed")).toInt(), 0);
}

void TestRemote::malformedMessagesGetErrorsThenClose()
{
    remote::MonitorLimits limits;
    limits.maxProtocolErrors = 4;
    Fixture f(limits);
    auto c = f.client();
    QVERIFY(c);
    const QStringList bad{QStringLiteral("{not json"), QStringLiteral("[1,2]"), QStringLiteral("{\"type\":42}")};
    for (const QString &m : bad) {
        c->sendText(m);
        const auto err = c->next(QStringLiteral("error"));
        QVERIFY2(err, qPrintable(m));
        QCOMPARE(err->value(QStringLiteral("code")).toString(), QStringLiteral("bad_message"));
    }
    c->sendJson({{QStringLiteral("type"), QStringLiteral("ping")}});
    QVERIFY(c->next(QStringLiteral("pong"))); // still served after each
    c->sendJson({{QStringLiteral("type"), QStringLiteral("launch_missiles")}});
    QVERIFY(c->waitClosed());
    QCOMPARE(c->closeCode(), 1008);
    QVERIFY(f.stillServes());
}

void TestRemote::unknownChannelAndTooManySubscriptions()
{
    remote::MonitorLimits limits;
    limits.maxSubscriptions = 3;
    Fixture f(limits);
    auto c = f.client();
    QVERIFY(c);
    c->sendJson({{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("channel"), QStringLiteral("jobs/1")}});
    auto err = c->next(QStringLiteral("error"));
    QVERIFY(err);
    QCOMPARE(err->value(QStringLiteral("code")).toString(), QStringLiteral("unknown_channel"));
    for (int i = 1; i <= 3; ++i)
        QVERIFY(c->subscribe(progress::datasetProgressChannel(QString::number(i))));
    c->sendJson({{QStringLiteral("type"), QStringLiteral("subscribe")},
                 {QStringLiteral("channel"), progress::datasetProgressChannel(QStringLiteral("4"))}});
    err = c->next(QStringLiteral("error"));
    QVERIFY(err);
    QCOMPARE(err->value(QStringLiteral("code")).toString(), QStringLiteral("too_many_subscriptions"));
    // Re-subscribing to one it has is fine, and the existing ones still deliver.
    QVERIFY(c->subscribe(progress::datasetProgressChannel(QStringLiteral("2"))));
    f.hub.publish(progress::datasetProgressChannel(QStringLiteral("3")), progress::events::Completed,
                  progressData(QStringLiteral("3"), QStringLiteral("1"), 100));
    QVERIFY(c->waitFor([&] { return c->events(progress::datasetProgressChannel(QStringLiteral("3"))).size() == 1; }));
    QVERIFY(f.stillServes());
}

void TestRemote::oversizeMessageCloses1009()
{
    Fixture f;
    auto c = f.client();
    QVERIFY(c);
    c->sendText(QString(70 * 1024, QLatin1Char('x')));
    QVERIFY(c->waitClosed());
    QCOMPARE(c->closeCode(), 1009);
    // Before hello too.
    WsClient early;
    QVERIFY(early.open(f.ws()));
    early.sendText(QStringLiteral("{\"type\":\"hello\",\"protocol\":1,\"token\":\"") + QString(80 * 1024, QLatin1Char('a'))
                   + QStringLiteral("\"}"));
    QVERIFY(early.waitClosed());
    QCOMPARE(early.closeCode(), 1009);
    QVERIFY(f.stillServes());
}

void TestRemote::slowConsumerIsClosed1008()
{
#if defined(__SANITIZE_THREAD__)
    QSKIP("pushing a socket past its budget takes minutes under TSan; the plain and ASan builds run this test");
#endif
    remote::MonitorLimits limits;
    limits.outboundBudgetBytes = 64 * 1024; // the 1 MiB default works the same, with more data to push
    Fixture f(limits);
    const quint16 port = f.port();
    // A client that subscribes and then never reads.
    QTcpSocket slow;
    slow.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
    slow.connectToHost(QStringLiteral("127.0.0.1"), port);
    QVERIFY(slow.waitForConnected(5000));
    slow.write(upgradeRequest("/ws", port));
    QByteArray handshake;
    QVERIFY(QTest::qWaitFor([&] { handshake += slow.readAll(); return handshake.contains("\r\n\r\n"); }, 5000));
    QCOMPARE(statusOf(handshake), 101);
    slow.write(maskedTextFrame(QByteArrayLiteral("{\"type\":\"hello\",\"protocol\":1,\"token\":\"") + kToken.toUtf8() + "\"}"));
    slow.write(maskedTextFrame("{\"type\":\"subscribe\",\"channel\":\"datasets\"}"));
    slow.setReadBufferSize(1);
    auto good = f.client();
    QVERIFY(good);
    QVERIFY(good->subscribe(progress::datasetsChannel()));
    QTest::qWait(200);
    // 8 KiB per event, one per turn of the event loop: the reader that keeps up
    // stays below the budget, the one that never reads goes far beyond it.
    const QString filler(8 * 1024, QLatin1Char('z'));
    int sent = 0;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     for (int i = 0; i < 1; ++i, ++sent)
                         f.hub.publish(progress::datasetsChannel(), progress::events::Updated,
                                       {{QStringLiteral("id"), QString::number(sent)}, {QStringLiteral("filler"), filler}});
                     return f.server->stats().slowConsumerCloses >= 1 || sent > 20000;
                 },
                 60000),
             "the slow client was never closed");
    // The reader that keeps up got every event, in order.
    const bool gotAll = good->waitFor([&] { return good->events(progress::datasetsChannel()).size() == sent; }, 60000);
    QVERIFY2(gotAll, qPrintable(QStringLiteral("sent %1 got %2 closed %3 slow %4").arg(sent).arg(good->events(progress::datasetsChannel()).size()).arg(good->isClosed()).arg(f.server->stats().slowConsumerCloses)));
    QVERIFY(!good->isClosed());
    // Draining the slow socket now shows the 1008 close frame at the end.
    slow.setReadBufferSize(0);
    QByteArray all;
    QVERIFY(QTest::qWaitFor([&] { all += slow.readAll(); return slow.state() == QAbstractSocket::UnconnectedState; }, 30000));
    all += slow.readAll();
    const qsizetype close = all.lastIndexOf(QByteArray("\x88", 1));
    QVERIFY(close >= 0);
    const int code = (static_cast<unsigned char>(all[close + 2]) << 8) | static_cast<unsigned char>(all[close + 3]);
    QCOMPARE(code, 1008);
    QVERIFY(f.stillServes());
}

void TestRemote::connectionCap()
{
    remote::MonitorLimits limits;
    limits.maxConnections = 3;
    Fixture f(limits);
    std::vector<std::unique_ptr<WsClient>> clients;
    for (int i = 0; i < 3; ++i) {
        clients.push_back(f.client());
        QVERIFY(clients.back());
    }
    const QByteArray refused = rawHttp(f.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(statusOf(refused), 503);
    QVERIFY(refused.contains("at most 3 connections"));
    clients.pop_back();
    const bool dropped = QTest::qWaitFor([&] { return f.server->stats().connections == 2; }, 5000);
    QVERIFY2(dropped, qPrintable(QStringLiteral("connections %1 sessions %2").arg(f.server->stats().connections).arg(f.server->stats().sessions)));
    QVERIFY(f.stillServes());
    QVERIFY(f.server->stats().rejectedConnections >= 1);
}

void TestRemote::failureThrottle()
{
    remote::MonitorLimits limits;
    limits.maxAuthFailures = 3;
    Fixture f(limits);
    for (int i = 0; i < 3; ++i) {
        WsClient c;
        QVERIFY(c.open(f.ws()));
        QVERIFY(!c.hello(QStringLiteral("guess-guess-guess-%1").arg(i)));
        QCOMPARE(c.closeCode(), 4401);
    }
    // Now even the right token is refused from this address for a while.
    const QByteArray blocked = rawHttp(f.port(), upgradeRequest("/ws", f.port()));
    QCOMPARE(statusOf(blocked), 429);
    QVERIFY(!headerOf(blocked, "Retry-After").isEmpty());
    QCOMPARE(get(f.http(QStringLiteral("/api/datasets")), kToken.toUtf8()).status, 429);
    QCOMPARE(get(f.http(QStringLiteral("/healthz"))).status, 200); // no token needed there
}

void TestRemote::socketIoProtocol()
{
    Fixture f;
    WsClient c;
    QVERIFY(c.open(f.ws(QStringLiteral("/socket.io/?EIO=4&transport=websocket"))));
    QVERIFY(c.waitFor([&] { return !c.texts().isEmpty(); }));
    const QString open = c.texts().first();
    QVERIFY(open.startsWith(QLatin1Char('0')));
    const QJsonObject handshake = QJsonDocument::fromJson(open.mid(1).toUtf8()).object();
    QVERIFY(!handshake.value(QStringLiteral("sid")).toString().isEmpty());
    QCOMPARE(handshake.value(QStringLiteral("upgrades")).toArray().size(), 0);
    QCOMPARE(handshake.value(QStringLiteral("pingInterval")).toInt(), 25000);
    QCOMPARE(handshake.value(QStringLiteral("maxPayload")).toInt(), 65536);
    c.sendText(QStringLiteral("40{\"token\":\"") + kToken + QStringLiteral("\"}"));
    QVERIFY(c.waitFor([&] { return c.texts().size() >= 2; }));
    QVERIFY(c.texts().at(1).startsWith(QStringLiteral("40{\"sid\":")));
    const QString ch = progress::datasetProgressChannel(QStringLiteral("5"));
    c.sendText(QStringLiteral("421[\"subscribe\",{\"channel\":\"") + ch + QStringLiteral("\"}]"));
    QVERIFY(c.waitFor([&] { return c.texts().size() >= 3; }));
    QVERIFY2(c.texts().at(2).startsWith(QStringLiteral("431[{")), qPrintable(c.texts().at(2)));
    const QJsonObject ack = QJsonDocument::fromJson(c.texts().at(2).mid(3).toUtf8()).array().at(0).toObject();
    QCOMPARE(ack.value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(ack.value(QStringLiteral("channel")).toString(), ch);
    f.hub.publish(ch, progress::events::Progress, progressData(QStringLiteral("5"), QStringLiteral("1"), 50));
    f.hub.publish(ch, progress::events::Completed, progressData(QStringLiteral("5"), QStringLiteral("1"), 100));
    QVERIFY(c.waitFor([&] { return c.texts().size() >= 5; }));
    const QJsonArray progressEvent = QJsonDocument::fromJson(c.texts().at(3).mid(2).toUtf8()).array();
    QCOMPARE(progressEvent.at(0).toString(), QStringLiteral("progress"));
    QCOMPARE(progressEvent.at(1).toObject().value(QStringLiteral("channel")).toString(), ch);
    QCOMPARE(progressEvent.at(1).toObject().value(QStringLiteral("seq")).toInt(), 1);
    QVERIFY(progressEvent.at(1).toObject().value(QStringLiteral("ts")).toDouble() > 1.6e12);
    QVERIFY(c.texts().at(4).startsWith(QStringLiteral("42[\"completed\"")));
    // join (string argument) and leave with acks.
    c.sendText(QStringLiteral("427[\"join\",\"datasets\"]"));
    QVERIFY(c.waitFor([&] { return c.texts().size() >= 6; }));
    QVERIFY(c.texts().at(5).startsWith(QStringLiteral("437[{")));
    c.sendText(QStringLiteral("428[\"leave\",{\"channel\":\"datasets\"}]"));
    QVERIFY(c.waitFor([&] { return c.texts().size() >= 7; }));
    QVERIFY(c.texts().at(6).startsWith(QStringLiteral("438[{\"channel\":\"datasets\",\"ok\":true")));
}

void TestRemote::socketIoRejectsBadTokenAndMalformedPackets()
{
    Fixture f;
    const QUrl url = f.ws(QStringLiteral("/socket.io/?EIO=4&transport=websocket"));
    {
        WsClient c;
        QVERIFY(c.open(url));
        c.sendText(QStringLiteral("40{\"token\":\"wrong-wrong-wrong-wrong\"}"));
        QVERIFY(c.waitFor([&] { return c.texts().size() >= 2; }));
        QCOMPARE(c.texts().at(1), QStringLiteral("44{\"message\":\"unauthorized\"}"));
    }
    const QStringList malformed{QStringLiteral("9"), QStringLiteral("4{}"), QStringLiteral("42[\"subscribe\""),
                                QStringLiteral("45-[\"x\",{\"_placeholder\":true,\"num\":0}]"), QStringLiteral("")};
    for (const QString &packet : malformed) {
        WsClient c;
        QVERIFY(c.open(url));
        c.sendText(QStringLiteral("40{\"token\":\"") + kToken + QStringLiteral("\"}"));
        QVERIFY(c.waitFor([&] { return c.texts().size() >= 2; }));
        c.sendText(packet);
        QVERIFY2(c.waitClosed(), qPrintable(packet));
    }
    {
        WsClient c; // an event before CONNECT
        QVERIFY(c.open(url));
        c.sendText(QStringLiteral("42[\"subscribe\",{\"channel\":\"datasets\"}]"));
        QVERIFY(c.waitClosed());
    }
    // Wrong Engine.IO version: refused before the upgrade.
    QCOMPARE(statusOf(rawHttp(f.port(), upgradeRequest("/socket.io/?EIO=3&transport=websocket", f.port()))), 400);
    QVERIFY(f.stillServes());
}

void TestRemote::socketIoHeartbeatTimeout()
{
    remote::MonitorLimits limits;
    limits.pingIntervalMs = 200;
    limits.pingTimeoutMs = 1500; // ample for the answering client, even under sanitizers
    Fixture f(limits);
    const QUrl url = f.ws(QStringLiteral("/socket.io/?EIO=4&transport=websocket"));
    WsClient answering;
    QVERIFY(answering.open(url));
    connect(&answering.socket(), &QWebSocket::textMessageReceived, &answering, [&answering](const QString &t) {
        if (t == QLatin1String("2"))
            answering.sendText(QStringLiteral("3"));
    });
    answering.sendText(QStringLiteral("40{\"token\":\"") + kToken + QStringLiteral("\"}"));
    WsClient silent;
    QVERIFY(silent.open(url));
    silent.sendText(QStringLiteral("40{\"token\":\"") + kToken + QStringLiteral("\"}"));
    QVERIFY(silent.waitClosed(10000));
    QVERIFY(silent.texts().contains(QStringLiteral("2")));
    QVERIFY(answering.waitFor([&] { return answering.texts().count(QStringLiteral("2")) >= 4; }, 10000));
    QVERIFY(!answering.isClosed()); // pongs keep it open past the silent one's timeout
}

void TestRemote::clientCountSignal()
{
    Fixture f;
    QSignalSpy spy(f.server.get(), &remote::MonitorServer::clientCountChanged);
    {
        auto a = f.client();
        auto b = f.client();
        QVERIFY(a && b);
        QVERIFY(QTest::qWaitFor([&] { return f.server->clientCount() == 2; }, 5000));
    }
    QVERIFY(QTest::qWaitFor([&] { return f.server->clientCount() == 0; }, 5000));
    QVERIFY(spy.size() >= 3);
    QCOMPARE(spy.last().at(0).toInt(), 0);
}

void TestRemote::tlsServesWss()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("Qt has no TLS backend here");
    Fixture f({}, false);
    remote::MonitorConfig c;
    c.port = 0;
    c.token = kToken;
    c.tlsCertificatePath = dataPath(QStringLiteral("remote/cert.pem"));
    c.tlsKeyPath = dataPath(QStringLiteral("remote/key.pem"));
    QVERIFY2(f.server->start(c), qPrintable(f.server->errorString()));
    QVERIFY(f.server->url().toString().startsWith(QStringLiteral("https://")));
    WsClient client;
    connect(&client.socket(), &QWebSocket::sslErrors, &client, [&client](const QList<QSslError> &) {
        client.socket().ignoreSslErrors();
    });
    QVERIFY(client.open(QUrl(QStringLiteral("wss://127.0.0.1:%1/ws").arg(f.port()))));
    QVERIFY(client.hello(kToken));
    // Plain text on the TLS port gets nowhere.
    QCOMPARE(statusOf(rawHttp(f.port(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 3000)), -1);
    // A missing key file: a clear message.
    c.tlsKeyPath = QStringLiteral("/nonexistent/key.pem");
    QVERIFY(!f.server->start(c));
    QVERIFY(f.server->errorString().contains(QStringLiteral("/nonexistent/key.pem")));
}

void TestRemote::cliMonitorOption()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("data.jsonl"));
    QByteArray lines;
    for (int i = 0; i < 200; ++i)
        lines += "{\"text\":\"sample " + QByteArray::number(i) + "\"}\n";
    QVERIFY(writeFile(data, lines));
    const QString home = dir.filePath(QStringLiteral("home"));
    // Not on every interface without a token.
    const CliResult refused = runCli({QStringLiteral("import"), data, QStringLiteral("--data-dir"), home,
                                      QStringLiteral("--monitor"), QStringLiteral("0.0.0.0:0")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("without an access token"), refused.err.constData());
    const CliResult badAddress = runCli({QStringLiteral("import"), data, QStringLiteral("--data-dir"), home,
                                         QStringLiteral("--monitor"), QStringLiteral("nowhere:80x")});
    QCOMPARE(badAddress.exitCode, 2);
    QVERIFY(badAddress.err.contains("[ADDR:]PORT"));
    const CliResult badKey = runCli({QStringLiteral("import"), data, QStringLiteral("--data-dir"), home, QStringLiteral("--monitor"),
                                     QStringLiteral("127.0.0.1:0"), QStringLiteral("--monitor-cert"),
                                     dataPath(QStringLiteral("remote/cert.pem")), QStringLiteral("--monitor-key"),
                                     QStringLiteral("/nonexistent/key.pem")});
    QCOMPARE(badKey.exitCode, 1);
    QVERIFY2(badKey.err.contains("/nonexistent/key.pem"), badKey.err.constData());
    const CliResult orphan = runCli({QStringLiteral("import"), data, QStringLiteral("--data-dir"), home, QStringLiteral("--keep-serving")});
    QCOMPARE(orphan.exitCode, 2);
    QVERIFY(orphan.err.contains("need --monitor"));
    // Serving while importing, then until interrupted.
    QProcess p;
    p.start(binPath(QStringLiteral("dataset-studio")),
            {QStringLiteral("import"), data, QStringLiteral("--data-dir"), home, QStringLiteral("--monitor"),
             QStringLiteral("127.0.0.1:0"), QStringLiteral("--monitor-token"), kToken, QStringLiteral("--keep-serving"),
             QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    QByteArray err;
    QVERIFY(QTest::qWaitFor([&] { err += p.readAllStandardError(); return err.contains("#token="); }, 30000));
    const QRegularExpression re(QStringLiteral("http://127\\.0\\.0\\.1:(\\d+)/#token=(\\S+)"));
    const auto m = re.match(QString::fromUtf8(err));
    QVERIFY2(m.hasMatch(), err.constData());
    QCOMPARE(m.captured(2), kToken);
    const quint16 port = static_cast<quint16>(m.captured(1).toUInt());
    WsClient c;
    QVERIFY(c.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port))));
    QVERIFY(c.hello(kToken));
    const auto sub = c.subscribe(progress::datasetsChannel());
    QVERIFY(sub);
    // The import finishes; the dataset shows as ready (snapshot or a later event).
    const auto isReady = [&] {
        for (const QJsonObject &o : c.messages()) {
            const QJsonValue snapshot = o.value(QStringLiteral("snapshot"));
            for (const QJsonValue &d : snapshot.toObject().value(QStringLiteral("datasets")).toArray())
                if (d.toObject().value(QStringLiteral("status")).toString() == QLatin1String("ready"))
                    return true;
            if (o.value(QStringLiteral("data")).toObject().value(QStringLiteral("status")).toString() == QLatin1String("ready"))
                return true;
        }
        return false;
    };
    QVERIFY(QTest::qWaitFor([&] {
        if (isReady())
            return true;
        return false;
    }, 30000) || (c.subscribe(progress::datasetsChannel()) && isReady()));
    QVERIFY(p.state() == QProcess::Running); // --keep-serving
    p.terminate();
    QVERIFY(p.waitForFinished(60000));
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
    QVERIFY(c.waitClosed());
}

// The frame written for every client: FIN + text opcode, no mask, and the
// 7-bit, 16-bit and 64-bit length forms at their edges.
void TestRemote::eventFramesFollowRfc6455()
{
    const auto header = [](qsizetype n) {
        const QByteArray payload(n, 'x');
        const QByteArray f = remote::webSocketTextFrame(payload);
        [&] { QVERIFY(f.endsWith(payload)); }();
        return f.left(f.size() - n);
    };
    QCOMPARE(header(0), QByteArray("\x81\x00", 2));
    QCOMPARE(header(125), QByteArray("\x81\x7d"));
    QCOMPARE(header(126), QByteArray("\x81\x7e\x00\x7e", 4));
    QCOMPARE(header(65535), QByteArray("\x81\x7e\xff\xff"));
    QCOMPARE(header(65536), QByteArray("\x81\x7f\x00\x00\x00\x00\x00\x01\x00\x00", 10));
}

// A SIGTERM that lands before or while the command's job runs (or between the
// job's end and the serving) ends the process: it is not lost when one phase
// hands over to the next.
void TestRemote::cliStopSignalDuringTheJobEndsServing()
{
    QTemporaryDir dir;
    const QString data = dir.filePath(QStringLiteral("big.jsonl"));
    QFile out(data);
    QVERIFY(out.open(QIODevice::WriteOnly));
    const QByteArray line = "{\"text\":\"" + QByteArray(200, 'x') + "\"}\n";
    for (int i = 0; i < 300000; ++i) // 61 MB: the import is still running when the signal comes
        out.write(line);
    out.close();
    QProcess p;
    p.start(binPath(QStringLiteral("dataset-studio")),
            {QStringLiteral("import"), data, QStringLiteral("--data-dir"), dir.filePath(QStringLiteral("home")),
             QStringLiteral("--monitor"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--keep-serving"),
             QStringLiteral("--json")});
    QVERIFY(p.waitForStarted());
    QByteArray err;
    QVERIFY(QTest::qWaitFor([&] { err += p.readAllStandardError(); return err.contains("Remote monitor:"); }, 30000));
    p.terminate();
    QVERIFY2(p.waitForFinished(60000), "the signal was lost: still serving");
    err += p.readAllStandardError();
    // 130 when the job was cancelled, 0 when it had already finished. Under
    // ThreadSanitizer a signal can be held back to a later safe point and land
    // after the command's handlers are gone: then SIGTERM's default action.
    const bool ended = p.exitStatus() == QProcess::NormalExit ? p.exitCode() == 130 || p.exitCode() == 0
                                                              : p.exitCode() == SIGTERM;
    QVERIFY2(ended, err.constData());
    QVERIFY2(!err.contains("Serving the remote monitor until interrupted"), err.constData());
}

QTEST_GUILESS_MAIN(TestRemote)
#include "tst_remote.moc"
