#include "hub/httpheaders.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QList>

#include <limits>

namespace studio::hub::http {

namespace {

bool allDigits(const QByteArray &s)
{
    if (s.isEmpty())
        return false;
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return true;
}

std::optional<qint64> decimal(const QByteArray &s)
{
    if (!allDigits(s) || s.size() > 18)
        return std::nullopt;
    bool ok = false;
    const qint64 v = s.toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

} // namespace

QString nextLink(const QByteArray &link)
{
    // Entries are separated by commas outside <…>; parameters by ';'.
    qsizetype i = 0;
    const qsizetype n = link.size();
    while (i < n) {
        const qsizetype open = link.indexOf('<', i);
        if (open < 0)
            return {};
        const qsizetype close = link.indexOf('>', open + 1);
        if (close < 0)
            return {};
        const QByteArray url = link.mid(open + 1, close - open - 1);
        qsizetype end = link.indexOf(',', close + 1);
        // A comma inside a quoted parameter value does not end the entry.
        qsizetype q = close + 1;
        bool quoted = false;
        for (; q < n; ++q) {
            if (link.at(q) == '"')
                quoted = !quoted;
            else if (link.at(q) == ',' && !quoted)
                break;
        }
        end = q;
        const QList<QByteArray> params = link.mid(close + 1, end - close - 1).split(';');
        for (const QByteArray &raw : params) {
            const QByteArray p = raw.trimmed();
            const qsizetype eq = p.indexOf('=');
            if (eq < 0 || p.left(eq).trimmed().toLower() != "rel")
                continue;
            QByteArray value = p.mid(eq + 1).trimmed();
            if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
                value = value.mid(1, value.size() - 2);
            for (const QByteArray &rel : value.split(' '))
                if (rel.trimmed().toLower() == "next")
                    return QString::fromUtf8(url.trimmed());
        }
        i = end + 1;
    }
    return {};
}

QString normalizeEtag(const QByteArray &etag)
{
    QByteArray e = etag.trimmed();
    if (e.startsWith("W/"))
        e = e.mid(2);
    if (e.size() >= 2 && e.startsWith('"') && e.endsWith('"'))
        e = e.mid(1, e.size() - 2);
    e.replace('"', QByteArray());
    return QString::fromLatin1(e);
}

std::optional<qint64> parseSize(const QByteArray &value)
{
    return decimal(value.trimmed());
}

std::optional<ContentRange> parseContentRange(const QByteArray &value)
{
    QByteArray v = value.trimmed();
    if (!v.toLower().startsWith("bytes "))
        return std::nullopt;
    v = v.mid(6).trimmed();
    const qsizetype slash = v.indexOf('/');
    const qsizetype dash = v.indexOf('-');
    if (slash < 0 || dash < 0 || dash > slash)
        return std::nullopt;
    const auto first = decimal(v.left(dash).trimmed());
    const auto last = decimal(v.mid(dash + 1, slash - dash - 1).trimmed());
    if (!first || !last || *first > *last)
        return std::nullopt;
    ContentRange r{*first, *last, -1};
    const QByteArray total = v.mid(slash + 1).trimmed();
    if (total != "*") {
        const auto t = decimal(total);
        if (!t || *t <= *last)
            return std::nullopt;
        r.total = *t;
    }
    return r;
}

std::optional<qint64> parseRetryAfterSeconds(const QByteArray &value, const QDateTime &now)
{
    const QByteArray v = value.trimmed();
    if (const auto s = decimal(v))
        return *s;
    // An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"): Qt's RFC 2822 parser wants a numeric zone.
    QString text = QString::fromLatin1(v);
    if (text.endsWith(QLatin1String(" GMT")) || text.endsWith(QLatin1String(" UTC")))
        text = text.left(text.size() - 3) + QStringLiteral("+0000");
    const QDateTime when = QDateTime::fromString(text, Qt::RFC2822Date);
    if (!when.isValid())
        return std::nullopt;
    return std::max<qint64>(0, now.secsTo(when));
}

QString errorFromBody(const QByteArray &body)
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return {};
    return doc.object().value(QStringLiteral("error")).toString();
}

} // namespace studio::hub::http
