#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>

#include <utility>

namespace studio::remote {

// One HTTP/1.x request head (request line and headers; bodies are not read:
// the monitor only answers GET and HEAD).
struct HttpRequest {
    QByteArray method;  // "GET"
    QByteArray target;  // "/socket.io/?EIO=4&transport=websocket"
    QByteArray path;    // "/socket.io/"
    QByteArray query;   // "EIO=4&transport=websocket"
    QByteArray version; // "HTTP/1.1"
    QList<std::pair<QByteArray, QByteArray>> headers; // names lower-case, values trimmed

    // The first header of that (lower-case) name, or a null QByteArray.
    QByteArray header(QByteArrayView lowerName) const;
    bool hasHeader(QByteArrayView lowerName) const;
    // Whether a comma-separated header (Connection, Upgrade) lists `token` (case-insensitive).
    bool headerHasToken(QByteArrayView lowerName, QByteArrayView token) const;
    // A query parameter's raw value ("" when absent).
    QByteArray queryValue(QByteArrayView name) const;
    bool isWebSocketUpgrade() const;
};

struct HttpParseResult {
    enum class Status { Incomplete, Complete, Malformed, TooLarge };
    Status status = Status::Incomplete;
    HttpRequest request;
    QString error; // why Malformed
};

// Parses the head of an HTTP request from the bytes received so far. Pure: no
// I/O, safe on any input (fuzzed). A head longer than `maxHeadBytes` is
// TooLarge; more than 100 header lines, bad tokens, control characters,
// obsolete line folding or a repeated Host are Malformed.
HttpParseResult parseHttpRequest(QByteArrayView data, qsizetype maxHeadBytes);

} // namespace studio::remote
