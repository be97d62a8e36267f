#pragma once

#include "progress/progressevent.h"

#include <QList>
#include <QObject>
#include <QStringList>

#include <deque>
#include <map>
#include <mutex>
#include <optional>

namespace studio::progress {

// The single source of progress for every observer (GUI, command line, remote
// server). Jobs publish from any thread; observers connect to eventPublished
// (queued) or read a channel's state.
//
// Guarantees per channel (realtime-protocol.md):
//  - seq increases by one per emitted event, starting at 1;
//  - within one job (data["job_id"]) progress never goes backwards, and the
//    last event of a job is exactly one `completed` or `error`; anything the
//    job publishes after that is dropped;
//  - `progress` events are coalesced to at most one per 100 ms per channel,
//    the latest state wins; terminal and catalog events are never coalesced;
//  - the last 256 events are kept for replay.
//
// An observer that combines channelState() with live events must drop live
// events whose seq is not above the one it already has (a queued event may
// arrive after the state it is already part of).
class ProgressHub final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressHub)
public:
    static constexpr int kReplayCapacity = 256;
    static constexpr int kProgressIntervalMs = 100;

    explicit ProgressHub(QObject *parent = nullptr);
    ~ProgressHub() override;

    // Thread-safe. `event` is one of channels.h's events.
    void publish(const QString &channel, const QString &event, const QJsonObject &data);

    struct ChannelState {
        quint64 seq = 0;                       // last emitted seq (0: nothing yet)
        std::optional<ProgressEvent> last;     // the last emitted event
        QList<ProgressEvent> replay;           // events with seq > since still buffered
        bool gap = false;                      // some events after `since` fell out of the buffer
    };
    // Thread-safe. With `since`, `replay` holds the buffered events after it.
    ChannelState channelState(const QString &channel, std::optional<quint64> since = std::nullopt) const;
    QStringList channels() const;

    // Emits every coalesced progress event still waiting (tests, shutdown).
    void flushPending();
    // Returns once no publish() is part-way through emitting (events are
    // emitted under the hub's lock). A receiver that has disconnected and then
    // called this gets nothing more posted to its thread, so the thread can go.
    void waitForPublishers() const;

Q_SIGNALS:
    // Emitted in the publishing thread (or the hub's thread for coalesced
    // events), in seq order per channel. Connect with a queued connection.
    void eventPublished(const studio::progress::ProgressEvent &event);

private:
    struct JobTrack {
        double maxProgress = 0.0;
        bool terminal = false;
    };
    struct Channel {
        quint64 seq = 0;
        qint64 lastProgressEmitMs = -1;
        std::deque<ProgressEvent> buffer;
        std::map<QString, JobTrack> jobs;        // by job_id
        std::map<QString, ProgressEvent> pending; // coalesced progress by job_id
        bool flushScheduled = false;
    };

    void emitLocked(Channel &ch, ProgressEvent ev);
    void scheduleFlushLocked(const QString &name, Channel &ch, qint64 delayMs);
    void flushChannel(const QString &name);
    static void pruneFinishedJobs(Channel &ch);

    mutable std::recursive_mutex m_mutex;
    std::map<QString, Channel> m_channels;
};

} // namespace studio::progress
