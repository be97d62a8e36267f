#include "remote/httprequest.h"

#include "remote/byteview.h"

namespace studio::remote {

namespace {

constexpr int kMaxHeaderLines = 100;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool hasControl(QByteArrayView s, bool allowTab)
{
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && !(allowTab && c == '\t')) || u == 0x7f)
            return true;
    }
    return false;
}

HttpParseResult malformed(const QString &why)
{
    HttpParseResult r;
    r.status = HttpParseResult::Status::Malformed;
    r.error = why;
    return r;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &[name, value] : headers)
        if (name == lowerName)
            return value.isNull() ? QByteArray("") : value;
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView lowerName) const
{
    for (const auto &h : headers)
        if (h.first == lowerName)
            return true;
    return false;
}

bool HttpRequest::headerHasToken(QByteArrayView lowerName, QByteArrayView token) const
{
    for (const auto &[name, value] : headers) {
        if (name != lowerName)
            continue;
        for (const QByteArray &part : value.split(','))
            if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
                return true;
    }
    return false;
}

QByteArray HttpRequest::queryValue(QByteArrayView name) const
{
    for (const QByteArray &pair : query.split('&')) {
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView key = eq < 0 ? QByteArrayView(pair) : leftView(QByteArrayView(pair), eq);
        if (key == name)
            return eq < 0 ? QByteArray("") : pair.mid(eq + 1);
    }
    return {};
}

bool HttpRequest::isWebSocketUpgrade() const
{
    return headerHasToken("upgrade", "websocket") && headerHasToken("connection", "upgrade");
}

HttpParseResult parseHttpRequest(QByteArrayView data, qsizetype maxHeadBytes)
{
    const qsizetype end = leftView(data, maxHeadBytes).indexOf(QByteArrayView("\r\n\r\n"));
    if (end < 0) {
        HttpParseResult r;
        r.status = data.size() >= maxHeadBytes ? HttpParseResult::Status::TooLarge : HttpParseResult::Status::Incomplete;
        return r;
    }
    const QByteArrayView head = leftView(data, end);
    HttpParseResult r;
    HttpRequest &req = r.request;
    qsizetype pos = 0;
    int lineNo = 0;
    bool sawHost = false;
    while (pos <= head.size()) {
        qsizetype eol = head.indexOf(QByteArrayView("\r\n"), pos);
        if (eol < 0)
            eol = head.size();
        const QByteArrayView line = midView(head, pos, eol - pos);
        pos = eol + 2;
        if (lineNo++ == 0) {
            const qsizetype sp1 = line.indexOf(' ');
            const qsizetype sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
            if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0)
                return malformed(QStringLiteral("bad request line"));
            req.method = leftView(line, sp1).toByteArray();
            req.target = midView(line, sp1 + 1, sp2 - sp1 - 1).toByteArray();
            req.version = midView(line, sp2 + 1).toByteArray();
            if (!isToken(req.method))
                return malformed(QStringLiteral("bad method"));
            if (req.version != "HTTP/1.1" && req.version != "HTTP/1.0")
                return malformed(QStringLiteral("unsupported HTTP version"));
            if (!req.target.startsWith('/') || hasControl(req.target, false))
                return malformed(QStringLiteral("bad request target"));
            const qsizetype q = req.target.indexOf('?');
            req.path = q < 0 ? req.target : req.target.left(q);
            req.query = q < 0 ? QByteArray() : req.target.mid(q + 1);
            continue;
        }
        if (lineNo > kMaxHeaderLines + 1)
            return malformed(QStringLiteral("too many header lines"));
        if (line.isEmpty() || line.front() == ' ' || line.front() == '\t')
            return malformed(QStringLiteral("obsolete line folding"));
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return malformed(QStringLiteral("header without a colon"));
        const QByteArrayView name = leftView(line, colon);
        const QByteArrayView value = midView(line, colon + 1);
        if (!isToken(name))
            return malformed(QStringLiteral("bad header name"));
        if (hasControl(value, true))
            return malformed(QStringLiteral("control character in a header value"));
        QByteArray lower = name.toByteArray().toLower();
        if (lower == "host") {
            if (sawHost)
                return malformed(QStringLiteral("more than one Host header"));
            sawHost = true;
        }
        req.headers.append({std::move(lower), value.toByteArray().trimmed()});
    }
    r.status = HttpParseResult::Status::Complete;
    return r;
}

} // namespace studio::remote
