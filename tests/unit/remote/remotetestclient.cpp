#include "remotetestclient.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>

namespace studio::test {

WsClient::WsClient(const QString &origin)
    : m_ws(origin, QWebSocketProtocol::VersionLatest)
{
    m_ws.setMaxAllowedIncomingMessageSize(64 * 1024 * 1024);
    connect(&m_ws, &QWebSocket::textMessageReceived, this, [this](const QString &t) { m_texts.append(t); });
    connect(&m_ws, &QWebSocket::connected, this, [this] { m_connected = true; });
    connect(&m_ws, &QWebSocket::disconnected, this, [this] {
        m_closed = true;
        m_closeCode = m_ws.closeCode();
        m_closeReason = m_ws.closeReason();
    });
}

WsClient::~WsClient()
{
    m_ws.abort();
}

bool WsClient::open(const QUrl &url, int timeoutMs)
{
    m_ws.open(url);
    return waitFor([this] { return m_connected || m_closed; }, timeoutMs) && m_connected;
}

void WsClient::sendJson(const QJsonObject &o)
{
    m_ws.sendTextMessage(QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

bool WsClient::waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}

bool WsClient::waitClosed(int timeoutMs)
{
    return waitFor([this] { return m_closed; }, timeoutMs);
}

QList<QJsonObject> WsClient::messages() const
{
    QList<QJsonObject> out;
    for (const QString &t : m_texts)
        out.append(QJsonDocument::fromJson(t.toUtf8()).object());
    return out;
}

std::optional<QJsonObject> WsClient::next(const QString &type, int timeoutMs)
{
    std::optional<QJsonObject> found;
    (void)waitFor(
        [&] {
            for (; m_cursor < m_texts.size(); ++m_cursor) {
                const QJsonObject o = QJsonDocument::fromJson(m_texts.at(m_cursor).toUtf8()).object();
                if (o.value(QStringLiteral("type")).toString() == type) {
                    ++m_cursor;
                    found = o;
                    return true;
                }
            }
            return m_closed;
        },
        timeoutMs);
    return found;
}

std::optional<QJsonObject> WsClient::hello(const QString &token)
{
    sendJson({{QStringLiteral("type"), QStringLiteral("hello")}, {QStringLiteral("protocol"), 1}, {QStringLiteral("token"), token}});
    return next(QStringLiteral("welcome"));
}

std::optional<QJsonObject> WsClient::subscribe(const QString &channel, std::optional<qint64> since)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("subscribe")}, {QStringLiteral("channel"), channel}};
    if (since)
        o.insert(QStringLiteral("since"), *since);
    sendJson(o);
    return next(QStringLiteral("subscribed"));
}

QList<QJsonObject> WsClient::events(const QString &channel) const
{
    QList<QJsonObject> out;
    for (const QJsonObject &o : messages())
        if (o.value(QStringLiteral("type")).toString() == QLatin1String("event")
            && o.value(QStringLiteral("channel")).toString() == channel)
            out.append(o);
    return out;
}

QByteArray rawHttp(quint16 port, const QByteArray &request, int timeoutMs)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!s.waitForConnected(timeoutMs))
        return {};
    s.write(request);
    QByteArray out;
    (void)QTest::qWaitFor(
        [&] {
            out += s.readAll();
            return s.state() == QAbstractSocket::UnconnectedState;
        },
        timeoutMs);
    out += s.readAll();
    return out;
}

int statusOf(const QByteArray &response)
{
    if (!response.startsWith("HTTP/1.1 "))
        return -1;
    return response.mid(9, 3).toInt();
}

QByteArray headerOf(const QByteArray &response, const QByteArray &name)
{
    const QByteArray head = response.left(response.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return line.mid(colon + 1).trimmed();
    }
    return {};
}

} // namespace studio::test
