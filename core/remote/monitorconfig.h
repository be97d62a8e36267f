#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace studio::remote {

// Limits of realtime-protocol.md (defaults) — configurable, e.g. by tests.
struct MonitorLimits {
    int handshakeTimeoutMs = 5000;    // HTTP request head / WebSocket handshake
    int helloTimeoutMs = 5000;        // JSON hello / Socket.IO CONNECT
    qsizetype maxHeadBytes = 16 * 1024;
    quint64 maxMessageBytes = 64 * 1024; // incoming frame and message
    int maxConnections = 1000;
    int maxSubscriptions = 256;
    qint64 outboundBudgetBytes = 1024 * 1024;
    int maxProtocolErrors = 10;       // error replies before a 1008 close
    int maxMessagesPerSecond = 200;   // beyond: 1008 close
    int pingIntervalMs = 25000;       // Socket.IO heartbeat
    int pingTimeoutMs = 20000;
    int maxAuthFailures = 5;          // per address within authFailureWindowMs, then blocked
    int authFailureWindowMs = 60000;
    int authBlockMs = 60000;
};

// What the server listens on and who may use it. Off unless started.
struct MonitorConfig {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8001; // 0: any free port
    QString token;       // empty: generated for loopback binds; required otherwise
    QStringList allowedOrigins; // extra browser origins ("https://dash.example.org")
    QStringList allowedHosts;   // extra Host names ("studio.lan")
    QString tlsCertificatePath; // both set: https:// and wss:// only
    QString tlsKeyPath;
    MonitorLimits limits;

    bool tlsEnabled() const { return !tlsCertificatePath.isEmpty() || !tlsKeyPath.isEmpty(); }
    // The reason this configuration must not be served, or an empty string.
    QString validate() const;

    static constexpr qsizetype kMinTokenLength = 16;
};

// Parses "[ADDR:]PORT" (ADDR: IPv4, [IPv6], localhost, or * for every
// interface). On failure returns false with a message in `error`.
bool parseListenAddress(const QString &text, QHostAddress &address, quint16 &port, QString &error);

} // namespace studio::remote
