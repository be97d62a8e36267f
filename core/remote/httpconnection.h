#pragma once

#include "remote/httprequest.h"
#include "remote/httpresponse.h"

#include <QObject>

class QTcpSocket;
class QTimer;

namespace studio::remote {

// One accepted TCP connection until its request head is complete: reads it
// (without consuming it, so a WebSocket upgrade can be handed on intact),
// bounded in size (431) and time (408), rejects malformed heads (400).
class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)
public:
    HttpConnection(QTcpSocket *socket, qsizetype maxHeadBytes, int deadlineMs, QObject *parent = nullptr);
    ~HttpConnection() override;

    // Writes the response and closes the connection; this object goes with it.
    void respond(const HttpResponse &response, bool headOnly = false);
    // Hands the socket (with the unread request) to its next owner; this object deletes itself.
    QTcpSocket *release();
    QTcpSocket *socket() const { return m_socket; }

Q_SIGNALS:
    void requestReady(studio::remote::HttpConnection *connection, const studio::remote::HttpRequest &request);

private:
    void onReadyRead();

    QTcpSocket *m_socket;
    qsizetype m_maxHeadBytes;
    QTimer *m_deadline;
    bool m_answered = false;
};

} // namespace studio::remote
