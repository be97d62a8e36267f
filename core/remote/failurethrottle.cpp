#include "remote/failurethrottle.h"

namespace studio::remote {

namespace {

QString key(const QHostAddress &address)
{
    // IPv4-mapped IPv6 and plain IPv4 are one client.
    bool ok = false;
    const quint32 v4 = address.toIPv4Address(&ok);
    return ok ? QHostAddress(v4).toString() : address.toString();
}

} // namespace

FailureThrottle::FailureThrottle(int maxFailures, int windowMs, int blockMs)
    : m_maxFailures(maxFailures)
    , m_windowMs(windowMs)
    , m_blockMs(blockMs)
{
    m_clock.start();
}

bool FailureThrottle::isBlocked(const QHostAddress &address)
{
    return retryAfterSeconds(address) > 0;
}

int FailureThrottle::retryAfterSeconds(const QHostAddress &address)
{
    const auto it = m_entries.constFind(key(address));
    if (it == m_entries.constEnd())
        return 0;
    const qint64 left = it->blockedUntil - m_clock.elapsed();
    return left > 0 ? static_cast<int>((left + 999) / 1000) : 0;
}

void FailureThrottle::recordFailure(const QHostAddress &address)
{
    const qint64 now = m_clock.elapsed();
    prune(now);
    Entry &e = m_entries[key(address)];
    if (now - e.windowStart > m_windowMs) {
        e.windowStart = now;
        e.failures = 0;
    }
    if (++e.failures >= m_maxFailures)
        e.blockedUntil = now + m_blockMs;
}

void FailureThrottle::recordSuccess(const QHostAddress &address)
{
    const auto it = m_entries.find(key(address));
    if (it != m_entries.end() && it->blockedUntil <= m_clock.elapsed())
        m_entries.erase(it);
}

void FailureThrottle::prune(qint64 now)
{
    if (m_entries.size() < 4096)
        return; // bounded memory under a flood of addresses
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->blockedUntil <= now && now - it->windowStart > m_windowMs)
            it = m_entries.erase(it);
        else
            ++it;
    }
}

} // namespace studio::remote
