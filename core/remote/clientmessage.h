#pragma once

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace studio::remote {

// One message of the JSON protocol (/ws) from a client, as parsed by
// parseClientMessage(). Pure and safe on any input (fuzzed).
struct ClientMessage {
    enum class Type { Invalid, Hello, Subscribe, Unsubscribe, Ping };
    Type type = Type::Invalid;
    int protocol = 0;              // hello
    QString token;                 // hello
    QString channel;               // subscribe / unsubscribe
    std::optional<quint64> since;  // subscribe
    QString errorCode;             // Invalid: "bad_message"
    QString error;                 // Invalid: what is wrong, for the error reply
};

inline constexpr qsizetype kMaxChannelLength = 256;

// Parses one text message: a JSON object with a "type" (hello, subscribe,
// unsubscribe, ping). Anything else is Invalid with a message.
ClientMessage parseClientMessage(QByteArrayView utf8);

// Whether `channel` names a channel of the protocol: "datasets" or
// "datasets/{numeric id}/progress".
bool isMonitorChannel(const QString &channel);

} // namespace studio::remote
