#include "websocketclientframes.h"

#include <QRandomGenerator>
#include <QString> // QStringBuilder: the + of byte arrays

namespace studio::test {

QByteArray maskedTextFrame(const QByteArray &payload)
{
    QByteArray f;
    f.append(char(0x81));
    const qsizetype n = payload.size();
    if (n < 126) {
        f.append(char(0x80 | n));
    } else if (n < 65536) {
        f.append(char(0x80 | 126));
        f.append(char((n >> 8) & 0xff));
        f.append(char(n & 0xff));
    } else {
        f.append(char(0x80 | 127));
        for (int i = 7; i >= 0; --i)
            f.append(char((quint64(n) >> (8 * i)) & 0xff));
    }
    const quint32 key = QRandomGenerator::global()->generate();
    const char mask[4] = {char(key >> 24), char(key >> 16), char(key >> 8), char(key)};
    f.append(mask, 4);
    for (qsizetype i = 0; i < n; ++i)
        f.append(char(payload[i] ^ mask[i % 4]));
    return f;
}

QByteArray upgradeRequest(const QByteArray &path, quint16 port, const QByteArray &origin, const QByteArray &host)
{
    QByteArray r = "GET " + path + " HTTP/1.1\r\nHost: " + (host.isEmpty() ? "127.0.0.1:" + QByteArray::number(port) : host)
                   + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Sec-WebSocket-Version: 13\r\n";
    if (!origin.isEmpty())
        r += "Origin: " + origin + "\r\n";
    return r + "\r\n";
}

} // namespace studio::test
