#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <utility>

namespace studio::remote {

// An HTTP response with the monitor's strict headers (CSP, nosniff,
// frame-ancestors 'none', no referrer, no caching unless asked).
struct HttpResponse {
    int status = 200;
    QByteArray contentType = "text/plain; charset=utf-8";
    QByteArray body;
    QByteArray cacheControl = "no-store";
    QList<std::pair<QByteArray, QByteArray>> extraHeaders;

    static HttpResponse json(int status, const QJsonObject &body);
    // {"error": code, "message": message} as JSON.
    static HttpResponse error(int status, const QString &code, const QString &message);

    // The bytes to write (head, and body unless `headOnly`). Always "Connection: close".
    QByteArray serialize(bool headOnly = false) const;
    static QByteArray reasonPhrase(int status);
};

} // namespace studio::remote
