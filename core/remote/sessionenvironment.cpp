#include "remote/sessionenvironment.h"

namespace studio::remote {

MonitorStats AtomicStats::snapshot() const
{
    MonitorStats s;
    s.connections = connections.load();
    s.sessions = sessions.load();
    s.clients = clients.load();
    s.httpRequests = httpRequests.load();
    s.rejectedHost = rejectedHost.load();
    s.rejectedOrigin = rejectedOrigin.load();
    s.unauthorized = unauthorized.load();
    s.throttled = throttled.load();
    s.rejectedConnections = rejectedConnections.load();
    s.helloTimeouts = helloTimeouts.load();
    s.slowConsumerCloses = slowConsumerCloses.load();
    s.abuseCloses = abuseCloses.load();
    s.tooBigCloses = tooBigCloses.load();
    s.coalesced = coalesced.load();
    s.eventsSent = eventsSent.load();
    return s;
}

} // namespace studio::remote
