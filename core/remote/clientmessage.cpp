#include "remote/clientmessage.h"

#include "progress/channels.h"
#include "util/jsontext.h"

#include <QJsonObject>

#include <cmath>

namespace studio::remote {

namespace {

ClientMessage invalid(const QString &why)
{
    ClientMessage m;
    m.errorCode = QStringLiteral("bad_message");
    m.error = why;
    return m;
}

// A JSON number that is a whole number in [0, 2^53].
std::optional<quint64> wholeNumber(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < 0 || d > 9007199254740992.0 || std::floor(d) != d)
        return std::nullopt;
    return static_cast<quint64>(d);
}

} // namespace

bool isMonitorChannel(const QString &channel)
{
    if (channel == progress::datasetsChannel())
        return true;
    const QString id = progress::datasetIdOfChannel(channel);
    if (id.isEmpty() || id.size() > 19)
        return false;
    for (const QChar c : id)
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return false;
    return true;
}

ClientMessage parseClientMessage(QByteArrayView utf8)
{
    QJsonParseError error{};
    const QJsonDocument doc = parseJson(std::string_view(utf8.data(), static_cast<size_t>(utf8.size())), &error);
    if (error.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("not JSON: ") + error.errorString());
    if (!doc.isObject())
        return invalid(QStringLiteral("a message must be a JSON object with a \"type\""));
    const QJsonObject o = doc.object();
    const QJsonValue typeValue = o.value(QStringLiteral("type"));
    if (!typeValue.isString())
        return invalid(QStringLiteral("a message must have a string \"type\""));
    const QString type = typeValue.toString();
    ClientMessage m;
    if (type == QLatin1String("hello")) {
        const auto protocol = wholeNumber(o.value(QStringLiteral("protocol")));
        if (!protocol || *protocol > 1000)
            return invalid(QStringLiteral("hello needs \"protocol\": 1"));
        const QJsonValue token = o.value(QStringLiteral("token"));
        if (!token.isUndefined() && !token.isString() && !token.isNull())
            return invalid(QStringLiteral("hello's \"token\" must be a string"));
        m.type = ClientMessage::Type::Hello;
        m.protocol = static_cast<int>(*protocol);
        m.token = token.toString();
        return m;
    }
    if (type == QLatin1String("ping")) {
        m.type = ClientMessage::Type::Ping;
        return m;
    }
    const bool subscribe = type == QLatin1String("subscribe");
    if (subscribe || type == QLatin1String("unsubscribe")) {
        const QJsonValue channel = o.value(QStringLiteral("channel"));
        if (!channel.isString() || channel.toString().isEmpty())
            return invalid(type + QStringLiteral(" needs a \"channel\""));
        if (channel.toString().size() > kMaxChannelLength)
            return invalid(QStringLiteral("channel name too long"));
        m.channel = channel.toString();
        const QJsonValue since = o.value(QStringLiteral("since"));
        if (subscribe && !since.isUndefined() && !since.isNull()) {
            m.since = wholeNumber(since);
            if (!m.since)
                return invalid(QStringLiteral("\"since\" must be a whole number >= 0 (the last seq seen)"));
        }
        m.type = subscribe ? ClientMessage::Type::Subscribe : ClientMessage::Type::Unsubscribe;
        return m;
    }
    return invalid(QStringLiteral("unknown message type '") + type.left(64) + QLatin1Char('\''));
}

} // namespace studio::remote
