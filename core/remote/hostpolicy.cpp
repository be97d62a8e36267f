#include "remote/hostpolicy.h"

#include "remote/byteview.h"

#include <QNetworkInterface>

namespace studio::remote {

HostPolicy::HostPolicy(const QHostAddress &bound, quint16 port, bool tls, const QStringList &names,
                       const QStringList &origins)
    : m_bound(bound)
    , m_port(port)
    , m_tls(tls)
{
    for (const QString &n : names)
        m_names.append(n.trimmed().toLower());
    for (const QString &o : origins) {
        QString origin = o.trimmed().toLower();
        while (origin.endsWith(QLatin1Char('/')))
            origin.chop(1);
        m_origins.append(origin);
    }
    if (bound == QHostAddress(QHostAddress::Any) || bound == QHostAddress(QHostAddress::AnyIPv4)
        || bound == QHostAddress(QHostAddress::AnyIPv6))
        m_localAddresses = QNetworkInterface::allAddresses();
}

bool HostPolicy::splitAuthority(QByteArrayView authority, QString &host, int &port)
{
    port = -1;
    if (authority.isEmpty() || authority.size() > 255)
        return false;
    QByteArrayView h = authority;
    QByteArrayView p;
    if (authority.front() == '[') {
        const qsizetype close = authority.indexOf(']');
        if (close < 0)
            return false;
        h = midView(authority, 1, close - 1);
        const QByteArrayView rest = midView(authority, close + 1);
        if (!rest.isEmpty()) {
            if (rest.front() != ':')
                return false;
            p = midView(rest, 1);
        }
    } else {
        const qsizetype colon = authority.indexOf(':');
        if (colon >= 0) {
            h = leftView(authority, colon);
            p = midView(authority, colon + 1);
        }
    }
    if (h.isEmpty())
        return false;
    for (const char c : h) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                        || c == '-' || c == ':' || c == '_';
        if (!ok)
            return false;
    }
    if (authority.front() == '[' || !p.isNull()) {
        if (!p.isNull()) {
            bool ok = false;
            const uint n = p.toByteArray().toUInt(&ok);
            if (!ok || n > 65535)
                return false;
            port = static_cast<int>(n);
        }
    }
    host = QString::fromLatin1(h).toLower();
    return true;
}

bool HostPolicy::hostNameAllowed(const QString &host) const
{
    if (host == QLatin1String("localhost") || m_names.contains(host))
        return true;
    QHostAddress literal;
    if (!literal.setAddress(host))
        return false; // a DNS name we were not told about: possibly rebinding
    if (literal.isLoopback() || literal.isEqual(m_bound, QHostAddress::TolerantConversion))
        return true;
    for (const QHostAddress &a : m_localAddresses)
        if (literal.isEqual(a, QHostAddress::TolerantConversion))
            return true;
    return false;
}

bool HostPolicy::hostAllowed(QByteArrayView hostHeader) const
{
    QString host;
    int port = -1;
    return splitAuthority(hostHeader, host, port) && hostNameAllowed(host);
}

bool HostPolicy::originAllowed(QByteArrayView origin) const
{
    QString text = QString::fromLatin1(origin).trimmed().toLower();
    while (text.endsWith(QLatin1Char('/')))
        text.chop(1);
    if (text.isEmpty() || text == QLatin1String("null"))
        return false;
    if (m_origins.contains(text))
        return true;
    const QString scheme = m_tls ? QStringLiteral("https://") : QStringLiteral("http://");
    if (!text.startsWith(scheme))
        return false;
    QString host;
    int port = -1;
    if (!splitAuthority(text.mid(scheme.size()).toLatin1(), host, port))
        return false;
    const int effectivePort = port >= 0 ? port : (m_tls ? 443 : 80);
    return effectivePort == m_port && hostNameAllowed(host);
}

} // namespace studio::remote
