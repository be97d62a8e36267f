#pragma once

#include "remote/monitorsession.h"

namespace studio::remote {

// The JSON protocol on /ws: hello → welcome within the deadline (else 4401),
// subscribe / unsubscribe / ping, events, error replies.
class JsonSession final : public MonitorSession
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JsonSession)
public:
    JsonSession(QWebSocket *socket, const SessionEnvironment &env, QObject *parent = nullptr);
    ~JsonSession() override;

private:
    void handleText(const QString &text) override;
    QString eventText(const progress::ProgressEvent &event, const EncodedEvent &encoded) const override;
    const QByteArray &eventFrame(const EncodedEvent &encoded) const override { return encoded.jsonFrame; }
    void sendJson(const QJsonObject &o);
    void sendError(const QString &code, const QString &message);

    QTimer *m_helloTimer;
};

} // namespace studio::remote
