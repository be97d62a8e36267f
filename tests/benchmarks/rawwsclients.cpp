#include "rawwsclients.h"

#include "websocketclientframes.h"

#include <QString> // QStringBuilder: the + of byte arrays

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

long long nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool sendAll(int fd, const std::string &bytes)
{
    std::size_t off = 0;
    while (off < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + off, bytes.size() - off, MSG_NOSIGNAL);
        if (n < 0 && errno == EAGAIN)
            continue; // small writes to a fresh socket: does not happen in practice
        if (n <= 0)
            return false;
        off += static_cast<std::size_t>(n);
    }
    return true;
}

struct Client {
    int fd = -1;
    bool connected = false, open = false, subscribed = false, done = false;
    std::string in;
};

} // namespace

RawClientResults runRawClients(std::uint16_t port, int count, const std::string &token, const std::string &channel,
                               int deadlineMs, void (*onSubscribed)())
{
    RawClientResults results;
    const int ep = ::epoll_create1(EPOLL_CLOEXEC);
    std::vector<Client> clients(static_cast<std::size_t>(count));
    using studio::test::maskedTextFrame;
    const std::string request = studio::test::upgradeRequest("/ws", port).toStdString();
    const std::string helloAndSubscribe =
        QByteArray(maskedTextFrame(QByteArray::fromStdString(R"({"type":"hello","protocol":1,"token":")" + token + R"("})"))
         + maskedTextFrame(QByteArray::fromStdString(R"({"type":"subscribe","channel":")" + channel + R"("})")))
            .toStdString();
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Non-blocking connects, all driven by the loop below: each client sends
    // its hello as soon as its own upgrade is answered (the server allows
    // helloTimeoutMs for that).
    for (std::size_t i = 0; i < clients.size(); ++i) {
        Client &c = clients[i];
        c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        const int one = 1;
        ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(c.fd, reinterpret_cast<const sockaddr *>(&addr), sizeof addr) != 0 && errno != EINPROGRESS) {
            ::close(c.fd);
            c.fd = -1;
            c.done = true;
            continue;
        }
        epoll_event ev{};
        ev.events = EPOLLOUT;
        ev.data.u64 = i;
        ::epoll_ctl(ep, EPOLL_CTL_ADD, c.fd, &ev);
    }
    const long long deadline = nowMs() + deadlineMs;
    int live = 0;
    for (const Client &c : clients)
        live += c.done ? 0 : 1;
    std::vector<epoll_event> events(256);
    char buf[65536];
    while (live > 0 && nowMs() < deadline) {
        const int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), 100);
        for (int e = 0; e < n; ++e) {
            const std::size_t index = events[static_cast<std::size_t>(e)].data.u64;
            Client &c = clients[index];
            if (!c.connected) {
                int error = 0;
                socklen_t size = sizeof error;
                ::getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &error, &size);
                if (error != 0 || !sendAll(c.fd, request)) {
                    ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
                    c.done = true;
                    --live;
                    continue;
                }
                c.connected = true;
                epoll_event ev{};
                ev.events = EPOLLIN;
                ev.data.u64 = index;
                ::epoll_ctl(ep, EPOLL_CTL_MOD, c.fd, &ev);
                continue;
            }
            const ssize_t got = ::recv(c.fd, buf, sizeof buf, 0);
            if (got < 0 && errno == EAGAIN)
                continue;
            const long long now = nowMs();
            if (got <= 0) {
                ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
                if (!c.done) {
                    c.done = true;
                    --live;
                }
                continue;
            }
            c.in.append(buf, static_cast<std::size_t>(got));
            if (!c.open) {
                const std::size_t end = c.in.find("\r\n\r\n");
                if (end == std::string::npos)
                    continue;
                if (c.in.compare(0, 12, "HTTP/1.1 101") != 0) {
                    c.done = true;
                    --live;
                    continue;
                }
                c.in.erase(0, end + 4);
                c.open = true;
                sendAll(c.fd, helloAndSubscribe);
            }
            // Whole frames (server frames are not masked).
            std::size_t at = 0;
            for (;;) {
                if (c.in.size() - at < 2)
                    break;
                const auto b0 = static_cast<unsigned char>(c.in[at]), b1 = static_cast<unsigned char>(c.in[at + 1]);
                std::size_t len = b1 & 0x7f, head = 2;
                if (len == 126) {
                    if (c.in.size() - at < 4)
                        break;
                    len = (std::size_t(static_cast<unsigned char>(c.in[at + 2])) << 8) | static_cast<unsigned char>(c.in[at + 3]);
                    head = 4;
                } else if (len == 127) {
                    if (c.in.size() - at < 10)
                        break;
                    len = 0;
                    for (int k = 0; k < 8; ++k)
                        len = (len << 8) | static_cast<unsigned char>(c.in[at + 2 + static_cast<std::size_t>(k)]);
                    head = 10;
                }
                if (c.in.size() - at < head + len)
                    break;
                const std::string_view text(c.in.data() + at + head, len);
                at += head + len;
                if ((b0 & 0x0f) != 1)
                    continue; // not text
                if (text.find(R"("type":"subscribed")") != std::string_view::npos) {
                    if (!c.subscribed) {
                        c.subscribed = true;
                        ++results.subscribed;
                        onSubscribed();
                    }
                    continue;
                }
                const std::size_t ts = text.find(R"("ts":)");
                if (ts == std::string_view::npos || !c.subscribed)
                    continue;
                long long sent = 0;
                for (std::size_t k = ts + 5; k < text.size() && text[k] >= '0' && text[k] <= '9'; ++k)
                    sent = sent * 10 + (text[k] - '0');
                results.latenciesMs.push_back(now - sent);
                if (text.find(R"("event":"completed")") != std::string_view::npos && !c.done) {
                    c.done = true;
                    ++results.finished;
                    --live;
                }
            }
            c.in.erase(0, at);
        }
    }
    int notOpen = 0, unsubscribed = 0;
    for (const Client &c : clients) {
        notOpen += c.open ? 0 : 1;
        unsubscribed += c.open && !c.subscribed ? 1 : 0;
        if (c.fd >= 0)
            ::close(c.fd);
    }
    if (notOpen + unsubscribed > 0)
        std::fprintf(stderr, "bare clients: %d never upgraded, %d upgraded but never subscribed\n", notOpen, unsubscribed);
    ::close(ep);
    return results;
}
