#pragma once

#include "progress/progressevent.h"

#include <QString>

namespace studio::remote {

// One hub event as each protocol sends it (encoded once per event, sent to every subscriber).
struct EncodedEvent {
    QString json;     // {"type":"event","channel","event","seq","ts","data"}
    QString socketIo; // 42["progress",{…data,"channel","seq","ts"}]
    QString coalesceKey; // progress events: channel + job; empty otherwise
};

QString encodeJsonEvent(const progress::ProgressEvent &event);
QString encodeSocketIoEvent(const progress::ProgressEvent &event);
EncodedEvent encodeEvent(const progress::ProgressEvent &event);

} // namespace studio::remote
