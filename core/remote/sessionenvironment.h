#pragma once

#include "remote/failurethrottle.h"
#include "remote/monitorconfig.h"
#include "remote/monitorstats.h"
#include "remote/snapshotsource.h"

#include <atomic>

namespace studio::remote {

// Live counters, written on the server thread, read from anywhere.
struct AtomicStats {
    std::atomic<int> connections{0}, sessions{0}, clients{0};
    std::atomic<quint64> httpRequests{0}, rejectedHost{0}, rejectedOrigin{0}, unauthorized{0}, throttled{0},
        rejectedConnections{0}, helloTimeouts{0}, slowConsumerCloses{0}, abuseCloses{0}, tooBigCloses{0},
        coalesced{0}, eventsSent{0};
    MonitorStats snapshot() const;
};

// What every session of one server shares (all on the server thread).
struct SessionEnvironment {
    const MonitorLimits &limits;
    const QString &token;
    const QString &instance; // random per server run: clients learn their seqs are from another run
    SnapshotSource &snapshots;
    FailureThrottle &throttle;
    AtomicStats &stats;
};

} // namespace studio::remote
