#include "remote/httprouter.h"

#include "remote/accesstoken.h"
#include "remote/httprequest.h"
#include "util/version.h"

#include <QFile>

namespace studio::remote {

namespace {

QByteArray contentTypeFor(const QByteArray &name)
{
    if (name.endsWith(".html"))
        return "text/html; charset=utf-8";
    if (name.endsWith(".css"))
        return "text/css; charset=utf-8";
    if (name.endsWith(".js"))
        return "text/javascript; charset=utf-8";
    if (name.endsWith(".svg"))
        return "image/svg+xml";
    if (name.endsWith(".png"))
        return "image/png";
    return "application/octet-stream";
}

bool safeAssetName(const QByteArray &name)
{
    if (name.isEmpty() || name.size() > 64 || name.startsWith('.'))
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_'))
            return false;
    return true;
}

} // namespace

HttpRouter::HttpRouter(const HostPolicy &policy, const SessionEnvironment &env)
    : m_policy(policy)
    , m_env(env)
{
}

HttpResponse HttpRouter::asset(const QByteArray &path)
{
    const QByteArray name = path == "/" ? QByteArray("index.html") : path.mid(1);
    if (!safeAssetName(name))
        return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such page"));
    QFile f(QStringLiteral(":/monitor/") + QString::fromLatin1(name));
    if (!f.open(QIODevice::ReadOnly))
        return HttpResponse::error(404, QStringLiteral("not_found"), QStringLiteral("no such page"));
    HttpResponse r;
    r.contentType = contentTypeFor(name);
    r.body = f.readAll();
    r.cacheControl = "no-cache";
    return r;
}

HttpRouter::Route HttpRouter::route(const HttpRequest &request, const QHostAddress &peer) const
{
    ++m_env.stats.httpRequests;
    Route r;
    const QByteArray host = request.header("host");
    if (host.isNull()) {
        r.response = HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("a Host header is required"));
        return r;
    }
    if (!m_policy.hostAllowed(host)) {
        ++m_env.stats.rejectedHost;
        r.response = HttpResponse::error(
            403, QStringLiteral("host_not_allowed"),
            QStringLiteral("this server does not answer to the host name '%1' (DNS rebinding protection); "
                           "use its IP address or add the name to the monitor's allowed host names")
                .arg(QString::fromLatin1(host.left(100))));
        return r;
    }
    if (request.method != "GET" && request.method != "HEAD") {
        r.response = HttpResponse::error(405, QStringLiteral("method_not_allowed"),
                                         QStringLiteral("the monitor is read-only: GET and HEAD only"));
        r.response.extraHeaders.append(std::pair<QByteArray, QByteArray>("Allow", "GET, HEAD"));
        return r;
    }
    r.headOnly = request.method == "HEAD";
    const QByteArray &path = request.path;
    if (path == "/ws")
        return upgradeRoute(request, peer, Upgrade::Json);
    if (path == "/socket.io/" || path == "/socket.io")
        return upgradeRoute(request, peer, Upgrade::SocketIo);
    if (path == "/healthz") {
        r.response = HttpResponse::json(200, {{QStringLiteral("status"), QStringLiteral("ok")},
                                              {QStringLiteral("version"), studio::version()}});
        return r;
    }
    if (path == "/api/datasets" || path.startsWith("/api/datasets/")) {
        r.response = api(request, peer);
        return r;
    }
    r.response = asset(path);
    return r;
}

HttpRouter::Route HttpRouter::upgradeRoute(const HttpRequest &request, const QHostAddress &peer, Upgrade kind) const
{
    Route r;
    if (kind == Upgrade::SocketIo) {
        if (request.queryValue("EIO") != "4") {
            r.response = HttpResponse::json(400, {{QStringLiteral("code"), 5},
                                                  {QStringLiteral("message"),
                                                   QStringLiteral("Unsupported protocol version: use Engine.IO 4 "
                                                                  "(socket.io-client v3 or later)")}});
            return r;
        }
        if (request.queryValue("transport") != "websocket" || !request.isWebSocketUpgrade()) {
            r.response = HttpResponse::json(
                400, {{QStringLiteral("code"), 0},
                      {QStringLiteral("message"), QStringLiteral("Transport unknown: polling is not offered; "
                                                                 "connect with transports: ['websocket']")}});
            return r;
        }
    } else if (!request.isWebSocketUpgrade()) {
        r.response = HttpResponse::error(426, QStringLiteral("upgrade_required"),
                                         QStringLiteral("/ws is a WebSocket endpoint"));
        r.response.extraHeaders.append(std::pair<QByteArray, QByteArray>("Upgrade", "websocket"));
        return r;
    }
    const QByteArray origin = request.header("origin");
    if (!origin.isNull() && !m_policy.originAllowed(origin)) {
        ++m_env.stats.rejectedOrigin;
        r.response = HttpResponse::error(
            403, QStringLiteral("origin_not_allowed"),
            QStringLiteral("WebSocket connections from the page at '%1' are not allowed (cross-site WebSocket "
                           "hijacking protection); add that origin to the monitor's allowed origins")
                .arg(QString::fromLatin1(origin.left(100))));
        return r;
    }
    if (m_env.throttle.isBlocked(peer)) {
        r.response = throttled(peer);
        return r;
    }
    r.upgrade = kind;
    return r;
}

HttpResponse HttpRouter::throttled(const QHostAddress &peer) const
{
    ++m_env.stats.throttled;
    const int retry = m_env.throttle.retryAfterSeconds(peer);
    HttpResponse r = HttpResponse::error(
        429, QStringLiteral("too_many_failures"),
        QStringLiteral("too many failed token checks from this address; try again in %1 s").arg(retry));
    r.extraHeaders.append(std::pair<QByteArray, QByteArray>("Retry-After", QByteArray::number(retry)));
    return r;
}

HttpResponse HttpRouter::api(const HttpRequest &request, const QHostAddress &peer) const
{
    if (m_env.throttle.isBlocked(peer))
        return throttled(peer);
    const QByteArray auth = request.header("authorization");
    const bool bearer = auth.size() > 7 && auth.left(7).compare("Bearer ", Qt::CaseInsensitive) == 0;
    if (!bearer || !tokensEqual(auth.mid(7).trimmed(), m_env.token.toUtf8())) {
        if (!auth.isNull())
            m_env.throttle.recordFailure(peer);
        ++m_env.stats.unauthorized;
        HttpResponse r = HttpResponse::error(401, QStringLiteral("unauthorized"),
                                             QStringLiteral("send the monitor's access token as 'Authorization: Bearer <token>'"));
        r.extraHeaders.append(std::pair<QByteArray, QByteArray>("WWW-Authenticate", "Bearer realm=\"dataset-studio\""));
        return r;
    }
    m_env.throttle.recordSuccess(peer);
    if (request.path == "/api/datasets")
        return HttpResponse::json(200, m_env.snapshots.datasets());
    const QByteArray idText = request.path.mid(int(sizeof("/api/datasets/")) - 1);
    bool ok = false;
    const qint64 id = idText.toLongLong(&ok);
    const auto dataset = ok && id > 0 ? m_env.snapshots.dataset(id) : std::nullopt;
    if (!dataset)
        return HttpResponse::error(404, QStringLiteral("not_found"),
                                   QStringLiteral("no dataset with id '%1'").arg(QString::fromLatin1(idText.left(40))));
    return HttpResponse::json(200, *dataset);
}

} // namespace studio::remote
