#pragma once

#include <cstdint>
#include <string>
#include <vector>

// WebSocket clients for the remote benchmark on bare sockets and one epoll
// loop per thread: the RFC 6455 handshake, masked hello and subscribe frames,
// then the server's frames read and only their "ts" looked at. As light as a
// client can be, so that the machine's cores go to the server being measured
// rather than to the load generator (in real use the browsers are elsewhere).
struct RawClientResults {
    int subscribed = 0;
    int finished = 0; // saw the "completed" event
    std::vector<long long> latenciesMs; // receive time - event ts
};

// Connects `count` clients to ws://127.0.0.1:port/ws, reports via
// `onSubscribed` once each is subscribed to `channel` (called from this
// thread), and returns once every subscribed client saw "completed" or
// `deadlineMs` passed.
RawClientResults runRawClients(std::uint16_t port, int count, const std::string &token, const std::string &channel,
                               int deadlineMs, void (*onSubscribed)());
