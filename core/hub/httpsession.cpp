#include "hub/httpsession.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkRequest>
#include <QTimer>

namespace studio::hub {

QByteArray HttpResponse::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

HttpSession::HttpSession()
{
    QEventLoop ensureDispatcher; // a pool thread gets its event dispatcher here
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpSession::~HttpSession() = default;

HttpResponse HttpSession::send(const QByteArray &method, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers,
                               int idleTimeoutMs, const Stream *stream)
{
    HttpResponse response;
    response.url = url;
    if (m_cancelled && m_cancelled()) {
        response.cancelled = true;
        response.error = QNetworkReply::OperationCanceledError;
        response.errorString = QStringLiteral("cancelled");
        return response;
    }
    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    for (const auto &[key, value] : headers)
        request.setRawHeader(key, value);

    QEventLoop loop;
    QNetworkReply *reply = m_nam->sendCustomRequest(request, method);
    reply->setReadBufferSize(1 << 20);
    bool headersSeen = false;
    bool streaming = false;
    bool aborted = false;
    QTimer idle;
    idle.setSingleShot(true);
    idle.setInterval(idleTimeoutMs);
    QTimer cancelPoll;
    cancelPoll.setInterval(100);

    const auto fillHead = [&] {
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.headers = reply->rawHeaderPairs();
    };
    const auto onHeaders = [&] {
        if (headersSeen)
            return;
        headersSeen = true;
        fillHead();
        if (stream && stream->begin)
            streaming = stream->begin(response);
    };
    const auto drain = [&] {
        while (reply->bytesAvailable() > 0) {
            const QByteArray data = reply->read(256 * 1024);
            if (data.isEmpty())
                break;
            if (streaming) {
                if (!stream->chunk(data.constData(), data.size())) {
                    aborted = true;
                    reply->abort();
                    return;
                }
            } else {
                response.body += data;
            }
        }
    };
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, [&] { idle.start(); onHeaders(); });
    QObject::connect(reply, &QNetworkReply::readyRead, &loop, [&] {
        idle.start();
        onHeaders();
        drain();
    });
    QObject::connect(reply, &QNetworkReply::downloadProgress, &loop, [&] { idle.start(); });
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(&idle, &QTimer::timeout, &loop, [&] {
        response.timedOut = true;
        reply->abort();
    });
    QObject::connect(&cancelPoll, &QTimer::timeout, &loop, [&] {
        if (m_cancelled && m_cancelled()) {
            response.cancelled = true;
            reply->abort();
        }
    });
    idle.start();
    cancelPoll.start();
    if (!reply->isFinished())
        loop.exec();
    idle.stop();
    cancelPoll.stop();
    if (!aborted && !response.timedOut && !response.cancelled) {
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
            onHeaders();
        drain();
    }
    if (!headersSeen && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
        fillHead();
    response.error = reply->error();
    // An HTTP error status is a response (the caller reads the status), not a
    // transport failure; Qt's codes for those start at ContentAccessDenied (201).
    if (response.status >= 400 && int(reply->error()) >= int(QNetworkReply::ContentAccessDenied))
        response.error = QNetworkReply::NoError;
    // A HEAD answer is complete with its headers (Qt may still report the
    // server closing the connection afterwards).
    if (method == "HEAD" && response.status > 0 && !response.timedOut && !response.cancelled)
        response.error = QNetworkReply::NoError;
    response.errorString = reply->errorString();
    if (response.timedOut) {
        response.error = QNetworkReply::TimeoutError;
        response.errorString = QStringLiteral("no data for %1 s").arg(idleTimeoutMs / 1000.0);
    } else if (response.cancelled) {
        response.error = QNetworkReply::OperationCanceledError;
        response.errorString = QStringLiteral("cancelled");
    } else if (aborted) {
        response.error = QNetworkReply::OperationCanceledError;
        response.errorString = QStringLiteral("stopped by the receiver");
    }
    delete reply;
    return response;
}

} // namespace studio::hub
