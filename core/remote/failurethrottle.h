#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QHostAddress>

namespace studio::remote {

// Counts failed token checks per client address. After `maxFailures` within
// `windowMs`, that address is refused for `blockMs`, even with the right
// token. Used from the server thread only.
class FailureThrottle final
{
public:
    FailureThrottle(int maxFailures, int windowMs, int blockMs);

    bool isBlocked(const QHostAddress &address);
    void recordFailure(const QHostAddress &address);
    void recordSuccess(const QHostAddress &address);
    // Seconds until `address` may try again (0 when not blocked).
    int retryAfterSeconds(const QHostAddress &address);

private:
    struct Entry {
        int failures = 0;
        qint64 windowStart = 0;
        qint64 blockedUntil = 0;
    };
    void prune(qint64 now);

    int m_maxFailures;
    qint64 m_windowMs;
    qint64 m_blockMs;
    QElapsedTimer m_clock;
    QHash<QString, Entry> m_entries;
};

} // namespace studio::remote
