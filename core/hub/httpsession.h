#pragma once

#include <QByteArray>
#include <QList>
#include <QNetworkReply>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace studio::hub {

struct HttpResponse {
    int status = 0;                            // 0: no HTTP response (network error)
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;                           // unless streamed
    QUrl url;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QString errorString;
    bool timedOut = false;
    bool cancelled = false;
    QByteArray header(const QByteArray &name) const; // case-insensitive, first match
};

// Blocking HTTP requests for code running on a worker thread: each call spins
// its own QEventLoop over a QNetworkAccessManager owned by this session (one
// session per thread). Redirects are never followed here (the Hub client
// decides). A request is abandoned after `idleTimeoutMs` without any byte,
// and soon after `cancelled` returns true.
class HttpSession final
{
public:
    HttpSession();
    ~HttpSession();
    HttpSession(const HttpSession &) = delete;
    HttpSession &operator=(const HttpSession &) = delete;

    void setCancelCheck(std::function<bool()> cancelled) { m_cancelled = std::move(cancelled); }

    // Called once the status line and headers are in; return true to have the
    // body passed to `chunk` as it arrives instead of collected in `body`.
    struct Stream {
        std::function<bool(const HttpResponse &head)> begin;
        std::function<bool(const char *data, qint64 size)> chunk; // false: abort (e.g. write failed)
    };

    HttpResponse send(const QByteArray &method, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                      int idleTimeoutMs, const Stream *stream = nullptr);

private:
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::function<bool()> m_cancelled;
};

} // namespace studio::hub
