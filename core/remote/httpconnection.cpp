#include "remote/httpconnection.h"

#include <QTcpSocket>
#include <QTimer>

namespace studio::remote {

HttpConnection::HttpConnection(QTcpSocket *socket, qsizetype maxHeadBytes, int deadlineMs, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_maxHeadBytes(maxHeadBytes)
    , m_deadline(new QTimer(this))
{
    m_socket->setParent(this);
    // The head is only peeked at: cap what the socket buffers until it is complete.
    m_socket->setReadBufferSize(maxHeadBytes + 1);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    m_deadline->setSingleShot(true);
    connect(m_deadline, &QTimer::timeout, this, [this] {
        if (!m_answered)
            respond(HttpResponse::error(408, QStringLiteral("timeout"),
                                        QStringLiteral("the request did not arrive in time")));
        else
            m_socket->abort();
    });
    m_deadline->start(deadlineMs);
    if (m_socket->bytesAvailable() > 0)
        QTimer::singleShot(0, this, &HttpConnection::onReadyRead);
}

HttpConnection::~HttpConnection() = default;

void HttpConnection::onReadyRead()
{
    if (m_answered || !m_socket)
        return;
    const QByteArray data = m_socket->peek(m_maxHeadBytes + 1);
    HttpParseResult r = parseHttpRequest(data, m_maxHeadBytes);
    switch (r.status) {
    case HttpParseResult::Status::Incomplete:
        return;
    case HttpParseResult::Status::TooLarge:
        respond(HttpResponse::error(431, QStringLiteral("too_large"), QStringLiteral("the request head is too large")));
        return;
    case HttpParseResult::Status::Malformed:
        respond(HttpResponse::error(400, QStringLiteral("bad_request"), QStringLiteral("malformed request: ") + r.error));
        return;
    case HttpParseResult::Status::Complete:
        Q_EMIT requestReady(this, r.request);
        return;
    }
}

void HttpConnection::respond(const HttpResponse &response, bool headOnly)
{
    if (m_answered)
        return;
    m_answered = true;
    m_socket->write(response.serialize(headOnly));
    m_socket->disconnectFromHost(); // after the bytes are written
    m_deadline->start(5000);        // then drop it, whatever the peer does
}

QTcpSocket *HttpConnection::release()
{
    m_answered = true;
    QTcpSocket *s = m_socket;
    disconnect(s, nullptr, this, nullptr);
    s->setReadBufferSize(0);
    s->setParent(nullptr);
    m_socket = nullptr;
    deleteLater();
    return s;
}

} // namespace studio::remote
