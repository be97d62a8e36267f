#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

// Parsers for the HTTP response headers the Hub client relies on. They take
// raw header values (as a server sent them, possibly hostile) and never throw.
namespace studio::hub::http {

// The URL of the `rel="next"` entry of a Link header (RFC 8288), or empty.
// `<https://…/tree/main?cursor=x>; rel="next", <…>; rel="prev"`.
QString nextLink(const QByteArray &link);

// An ETag / X-Linked-Etag as a blob id: without a W/ prefix and quotes.
QString normalizeEtag(const QByteArray &etag);

// A non-negative decimal size (Content-Length, X-Linked-Size).
std::optional<qint64> parseSize(const QByteArray &value);

struct ContentRange {
    qint64 first = 0;
    qint64 last = 0;   // inclusive
    qint64 total = -1; // -1: '*'
};
// "bytes FIRST-LAST/TOTAL" (TOTAL may be '*'); nullopt when malformed or first > last.
std::optional<ContentRange> parseContentRange(const QByteArray &value);

// Retry-After: delay seconds, or an HTTP-date relative to `now`. Negative
// results are 0; nullopt when unparseable.
std::optional<qint64> parseRetryAfterSeconds(const QByteArray &value, const QDateTime &now);

// The "error" member of a JSON error body ({"error":"…"}), or empty.
QString errorFromBody(const QByteArray &body);

} // namespace studio::hub::http
