// Fuzz target: parsing the Hub's HTTP response headers (Link rel="next",
// ETag / X-Linked-Etag, sizes, Content-Range, Retry-After, JSON error bodies).
// The input is "Name: value" lines; any bytes must parse or be rejected, never crash.
#include "hub/httpheaders.h"

#include <QByteArray>
#include <QList>

#include <cstdint>
#include <cstdlib>

using namespace studio::hub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QDateTime now = QDateTime::fromSecsSinceEpoch(1764583200, Qt::UTC);
    for (const QByteArray &line : input.split('\n')) {
        const qsizetype colon = line.indexOf(':');
        const QByteArray value = colon < 0 ? line : line.mid(colon + 1);
        (void)http::nextLink(value);
        (void)http::normalizeEtag(value);
        if (const auto s = http::parseSize(value); s && *s < 0)
            std::abort();
        if (const auto r = http::parseContentRange(value); r && (r->first > r->last || (r->total >= 0 && r->total <= r->last)))
            std::abort();
        if (const auto s = http::parseRetryAfterSeconds(value, now); s && *s < 0)
            std::abort();
    }
    (void)http::errorFromBody(input);
    return 0;
}
