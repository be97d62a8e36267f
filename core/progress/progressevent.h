#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace studio::progress {

// One event on one channel, as every observer (GUI, CLI, remote server) sees it.
struct ProgressEvent {
    QString channel;
    QString event;   // progress | completed | error | created | updated | deleted
    quint64 seq = 0; // per channel, +1 per event, starting at 1
    qint64 ts = 0;   // server wall clock at emission, ms since the epoch
    QJsonObject data;

    bool isTerminal() const;
    // {"channel","event","seq","ts","data"} — the shape the JSON protocol sends.
    QJsonObject toJson() const;
};

} // namespace studio::progress

Q_DECLARE_METATYPE(studio::progress::ProgressEvent)
