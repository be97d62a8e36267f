#pragma once

#include "progress/progressevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace studio::remote {

// One hub event as each protocol sends it (encoded once per event, sent to
// every subscriber), as text and as the WebSocket frame that carries it.
struct EncodedEvent {
    QString json;     // {"type":"event","channel","event","seq","ts","data"}
    QString socketIo; // 42["progress",{…data,"channel","seq","ts"}]
    QByteArray jsonFrame, socketIoFrame;
    QString coalesceKey; // progress events: channel + job; empty otherwise
};

// `utf8` as one final, unmasked WebSocket text frame (RFC 6455 section 5.2),
// the bytes a server puts on the wire for a text message.
QByteArray webSocketTextFrame(QByteArrayView utf8);

QString encodeJsonEvent(const progress::ProgressEvent &event);
QString encodeSocketIoEvent(const progress::ProgressEvent &event);
EncodedEvent encodeEvent(const progress::ProgressEvent &event);

} // namespace studio::remote
