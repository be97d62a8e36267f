#pragma once

#include <QByteArray>

namespace studio::test {

// The client side of RFC 6455 on bare sockets, for tests and benchmarks that
// speak WebSocket without QWebSocket.

// A masked client text frame.
QByteArray maskedTextFrame(const QByteArray &payload);
// An upgrade request for `path` with the usual headers.
QByteArray upgradeRequest(const QByteArray &path, quint16 port, const QByteArray &origin = {},
                          const QByteArray &host = {});

} // namespace studio::test
