#pragma once

#include "websocketclientframes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QWebSocket>

#include <functional>
#include <optional>

namespace studio::test {

// A real QWebSocket client that records what it receives.
class WsClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WsClient)
public:
    explicit WsClient(const QString &origin = {});
    ~WsClient() override;

    bool open(const QUrl &url, int timeoutMs = 5000);
    void sendJson(const QJsonObject &o);
    void sendText(const QString &text) { m_ws.sendTextMessage(text); }
    // JSON protocol: waits for the next message of `type` after the ones already taken.
    std::optional<QJsonObject> next(const QString &type, int timeoutMs = 5000);
    // Every JSON message received so far (in order).
    QList<QJsonObject> messages() const;
    // Every text message received so far (in order).
    const QStringList &texts() const { return m_texts; }
    bool waitFor(const std::function<bool()> &condition, int timeoutMs = 5000);
    bool waitClosed(int timeoutMs = 5000);
    bool isClosed() const { return m_closed; }
    int closeCode() const { return m_closeCode; }
    QString closeReason() const { return m_closeReason; }
    QWebSocket &socket() { return m_ws; }
    // hello with `token`, waits for welcome.
    std::optional<QJsonObject> hello(const QString &token);
    // subscribe and wait for `subscribed`.
    std::optional<QJsonObject> subscribe(const QString &channel, std::optional<qint64> since = std::nullopt);
    // The `event` messages of `channel` received so far.
    QList<QJsonObject> events(const QString &channel) const;

private:
    QWebSocket m_ws;
    QStringList m_texts;
    qsizetype m_cursor = 0;
    bool m_connected = false;
    bool m_closed = false;
    int m_closeCode = -1;
    QString m_closeReason;
};

// Sends `request` on a fresh TCP connection to 127.0.0.1:port and returns
// everything read until the server closes (or timeoutMs).
QByteArray rawHttp(quint16 port, const QByteArray &request, int timeoutMs = 8000);
// The status code of a raw HTTP response ("HTTP/1.1 403 …" → 403), -1 if none.
int statusOf(const QByteArray &response);
// A header value of a raw HTTP response.
QByteArray headerOf(const QByteArray &response, const QByteArray &name);

} // namespace studio::test
