#pragma once

#include "remote/hostpolicy.h"
#include "remote/httpresponse.h"
#include "remote/sessionenvironment.h"

#include <QHostAddress>

namespace studio::remote {

struct HttpRequest;

// Decides what one request gets: the page and its assets, /healthz, /api
// (Bearer token), a WebSocket upgrade for /ws or /socket.io/, or an error —
// after the Host check (DNS rebinding) and, for upgrades, the Origin check (CSWSH).
class HttpRouter final
{
public:
    enum class Upgrade { None, Json, SocketIo };
    struct Route {
        Upgrade upgrade = Upgrade::None;
        HttpResponse response; // when upgrade is None
        bool headOnly = false;
    };

    HttpRouter(const HostPolicy &policy, const SessionEnvironment &env);

    Route route(const HttpRequest &request, const QHostAddress &peer) const;

private:
    Route upgradeRoute(const HttpRequest &request, const QHostAddress &peer, Upgrade kind) const;
    HttpResponse api(const HttpRequest &request, const QHostAddress &peer) const;
    HttpResponse throttled(const QHostAddress &peer) const;
    static HttpResponse asset(const QByteArray &path);

    const HostPolicy &m_policy;
    SessionEnvironment m_env;
};

} // namespace studio::remote
