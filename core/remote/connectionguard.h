#pragma once

#include <QObject>

#include <atomic>

namespace studio::remote {

// Counts one open TCP connection for as long as it lives as the socket's
// child (a signal connection would not survive: the WebSocket handshake
// disconnects everything from the socket).
class ConnectionGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)
public:
    ConnectionGuard(std::atomic<int> &counter, QObject *socket);
    ~ConnectionGuard() override;

private:
    std::atomic<int> &m_counter;
};

} // namespace studio::remote
