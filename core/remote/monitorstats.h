#pragma once

#include <QtGlobal>

namespace studio::remote {

// Counters of one server run (diagnostics and tests); a copy taken at one moment.
struct MonitorStats {
    int connections = 0;    // open TCP connections (HTTP and WebSocket)
    int sessions = 0;       // open WebSocket sessions
    int clients = 0;        // sessions past hello / CONNECT
    quint64 httpRequests = 0;
    quint64 rejectedHost = 0;
    quint64 rejectedOrigin = 0;
    quint64 unauthorized = 0;
    quint64 throttled = 0;
    quint64 rejectedConnections = 0; // over the connection cap
    quint64 helloTimeouts = 0;
    quint64 slowConsumerCloses = 0;
    quint64 abuseCloses = 0;    // repeated errors, floods, malformed Socket.IO packets
    quint64 tooBigCloses = 0;
    quint64 coalesced = 0;      // progress messages replaced by newer ones while a client lagged
    quint64 eventsSent = 0;
};

} // namespace studio::remote
