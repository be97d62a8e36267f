#include "progress/progresshub.h"

#include "progress/channels.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QTimer>

namespace studio::progress {

namespace {

qint64 monotonicMs()
{
    static QElapsedTimer clock = [] {
        QElapsedTimer t;
        t.start();
        return t;
    }();
    return clock.elapsed();
}

QString jobKey(const QJsonObject &data)
{
    return data.value(QStringLiteral("job_id")).toVariant().toString();
}

} // namespace

ProgressHub::ProgressHub(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ProgressEvent>();
}

ProgressHub::~ProgressHub() = default;

void ProgressHub::publish(const QString &channel, const QString &event, const QJsonObject &data)
{
    std::lock_guard lock(m_mutex);
    Channel &ch = m_channels[channel];
    ProgressEvent ev{channel, event, 0, 0, data};
    const QString key = jobKey(data);
    const bool isProgress = event == QStringView(events::Progress);

    if (!key.isEmpty() && (isProgress || ev.isTerminal())) {
        JobTrack &job = ch.jobs[key];
        if (job.terminal)
            return; // exactly one terminal event per job; nothing after it
        if (isProgress) {
            const double p = data.value(QStringLiteral("progress")).toDouble();
            if (p < job.maxProgress)
                ev.data.insert(QStringLiteral("progress"), job.maxProgress);
            else
                job.maxProgress = p;
        } else {
            job.terminal = true;
            ch.pending.erase(key); // superseded by the terminal event
            pruneFinishedJobs(ch);
        }
    }

    if (!isProgress) {
        emitLocked(ch, std::move(ev));
        return;
    }

    const qint64 now = monotonicMs();
    const qint64 sinceLast = ch.lastProgressEmitMs < 0 ? kProgressIntervalMs : now - ch.lastProgressEmitMs;
    if (ch.pending.empty() && sinceLast >= kProgressIntervalMs) {
        ch.lastProgressEmitMs = now;
        emitLocked(ch, std::move(ev));
        return;
    }
    ch.pending[key] = std::move(ev);
    scheduleFlushLocked(channel, ch, kProgressIntervalMs - sinceLast);
}

void ProgressHub::emitLocked(Channel &ch, ProgressEvent ev)
{
    ev.seq = ++ch.seq;
    ev.ts = QDateTime::currentMSecsSinceEpoch();
    ch.buffer.push_back(ev);
    while (ch.buffer.size() > static_cast<size_t>(kReplayCapacity))
        ch.buffer.pop_front();
    Q_EMIT eventPublished(ev);
}

void ProgressHub::scheduleFlushLocked(const QString &name, Channel &ch, qint64 delayMs)
{
    if (ch.flushScheduled)
        return;
    ch.flushScheduled = true;
    const int delay = static_cast<int>(std::max<qint64>(1, delayMs));
    // The timer must start in the hub's thread; publishers may be workers.
    QMetaObject::invokeMethod(
        this,
        [this, name, delay] { QTimer::singleShot(delay, this, [this, name] { flushChannel(name); }); },
        Qt::QueuedConnection);
}

void ProgressHub::flushChannel(const QString &name)
{
    std::lock_guard lock(m_mutex);
    auto it = m_channels.find(name);
    if (it == m_channels.end())
        return;
    Channel &ch = it->second;
    ch.flushScheduled = false;
    if (ch.pending.empty())
        return;
    const qint64 now = monotonicMs();
    const qint64 sinceLast = now - ch.lastProgressEmitMs;
    if (sinceLast < kProgressIntervalMs) {
        scheduleFlushLocked(name, ch, kProgressIntervalMs - sinceLast);
        return;
    }
    // One event per interval per channel: the job waiting longest goes first.
    auto oldest = ch.pending.begin();
    ProgressEvent ev = std::move(oldest->second);
    ch.pending.erase(oldest);
    ch.lastProgressEmitMs = now;
    emitLocked(ch, std::move(ev));
    if (!ch.pending.empty())
        scheduleFlushLocked(name, ch, kProgressIntervalMs);
}

void ProgressHub::waitForPublishers() const
{
    std::lock_guard lock(m_mutex);
}

void ProgressHub::flushPending()
{
    std::lock_guard lock(m_mutex);
    for (auto &[name, ch] : m_channels) {
        while (!ch.pending.empty()) {
            auto first = ch.pending.begin();
            ProgressEvent ev = std::move(first->second);
            ch.pending.erase(first);
            emitLocked(ch, std::move(ev));
        }
        ch.lastProgressEmitMs = monotonicMs();
    }
}

void ProgressHub::pruneFinishedJobs(Channel &ch)
{
    // Remember finished jobs so late publishes stay dropped, but not forever.
    constexpr size_t kKeepFinished = 64;
    size_t finished = 0;
    for (const auto &[key, job] : ch.jobs)
        finished += job.terminal ? 1 : 0;
    for (auto it = ch.jobs.begin(); it != ch.jobs.end() && finished > kKeepFinished;) {
        if (it->second.terminal) {
            it = ch.jobs.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}

ProgressHub::ChannelState ProgressHub::channelState(const QString &channel, std::optional<quint64> since) const
{
    std::lock_guard lock(m_mutex);
    ChannelState state;
    auto it = m_channels.find(channel);
    if (it == m_channels.end())
        return state;
    const Channel &ch = it->second;
    state.seq = ch.seq;
    if (!ch.buffer.empty())
        state.last = ch.buffer.back();
    if (since) {
        for (const ProgressEvent &ev : ch.buffer) {
            if (ev.seq > *since)
                state.replay.append(ev);
        }
        const quint64 firstBuffered = ch.buffer.empty() ? ch.seq + 1 : ch.buffer.front().seq;
        state.gap = *since + 1 < firstBuffered && *since < ch.seq;
    }
    return state;
}

QStringList ProgressHub::channels() const
{
    std::lock_guard lock(m_mutex);
    QStringList names;
    for (const auto &[name, ch] : m_channels)
        names.append(name);
    return names;
}

} // namespace studio::progress
