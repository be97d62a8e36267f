#include "remote/monitorconfig.h"

namespace studio::remote {

QString MonitorConfig::validate() const
{
    if (!address.isLoopback() && token.isEmpty())
        return QStringLiteral("refusing to serve the remote monitor on %1 without an access token: other machines "
                              "could watch your jobs. Give a token of at least %2 random characters "
                              "(e.g. --monitor-token \"$(openssl rand -hex 16)\"), or bind to 127.0.0.1.")
            .arg(address.toString())
            .arg(kMinTokenLength);
    if (!token.isEmpty() && token.size() < kMinTokenLength)
        return QStringLiteral("the monitor access token is too short (%1 characters): use at least %2 random "
                              "characters, e.g. \"$(openssl rand -hex 16)\"")
            .arg(token.size())
            .arg(kMinTokenLength);
    for (const QChar c : token)
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7f)
            return QStringLiteral("the monitor access token may only contain printable ASCII characters, no spaces");
    if (tlsEnabled() && (tlsCertificatePath.isEmpty() || tlsKeyPath.isEmpty()))
        return QStringLiteral("TLS needs both a certificate and a private key file");
    return {};
}

bool parseListenAddress(const QString &text, QHostAddress &address, quint16 &port, QString &error)
{
    QString host;
    QString portText = text.trimmed();
    const qsizetype colon = portText.lastIndexOf(QLatin1Char(':'));
    if (colon >= 0) {
        host = portText.left(colon);
        portText = portText.mid(colon + 1);
    }
    bool ok = false;
    const uint p = portText.toUInt(&ok);
    if (!ok || p > 65535) {
        error = QStringLiteral("--monitor expects [ADDR:]PORT with a port from 0 to 65535, e.g. 8001 or "
                               "127.0.0.1:8001 (got '%1')")
                    .arg(text);
        return false;
    }
    port = static_cast<quint16>(p);
    if (host.isEmpty() || host == QLatin1String("localhost")) {
        address = QHostAddress(QHostAddress::LocalHost);
    } else if (host == QLatin1String("*")) {
        address = QHostAddress(QHostAddress::Any);
    } else {
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        if (!address.setAddress(host)) {
            error = QStringLiteral("--monitor: '%1' is not an IP address (use e.g. 127.0.0.1, 0.0.0.0, [::1] or *)")
                        .arg(host);
            return false;
        }
    }
    return true;
}

} // namespace studio::remote
