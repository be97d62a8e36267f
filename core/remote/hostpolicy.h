#pragma once

#include <QByteArrayView>
#include <QHostAddress>
#include <QList>
#include <QString>
#include <QStringList>

namespace studio::remote {

// Which Host headers (DNS rebinding) and browser Origins (cross-site
// WebSocket hijacking) the server answers. Hosts: the bound address,
// localhost, 127.0.0.1, [::1], configured names, and — when bound to every
// interface — this machine's addresses. Origins: http(s)://<allowed host>:<our
// port>, plus the configured allow-list.
class HostPolicy final
{
public:
    HostPolicy(const QHostAddress &bound, quint16 port, bool tls, const QStringList &names, const QStringList &origins);

    bool hostAllowed(QByteArrayView hostHeader) const;
    bool originAllowed(QByteArrayView origin) const;

    // "host[:port]" → host (lower case, IPv6 without brackets) and port (-1: none).
    // False when it is not a valid authority.
    static bool splitAuthority(QByteArrayView authority, QString &host, int &port);

private:
    bool hostNameAllowed(const QString &host) const;

    QHostAddress m_bound;
    quint16 m_port;
    bool m_tls;
    QStringList m_names;
    QStringList m_origins;
    QList<QHostAddress> m_localAddresses;
};

} // namespace studio::remote
