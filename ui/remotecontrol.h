#pragma once

#include <QObject>
#include <QString>
#include <QUrl>

namespace studio::ui {

// What Settings → Remote monitoring needs from the embedded monitor server
// (core/remote). The settings page only collects values and shows answers;
// binding rules (e.g. no non-loopback address without a token) live behind
// this interface.
class RemoteControl : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RemoteControl)
public:
    struct Settings {
        bool enabled = false;
        QString address = QStringLiteral("127.0.0.1");
        quint16 port = 8001;
        QString token;
    };

    explicit RemoteControl(QObject *parent = nullptr)
        : QObject(parent)
    {
    }

    virtual Settings settings() const = 0;
    // Starts, restarts or stops the server; answered by applied(error) where
    // an empty error means it now runs as asked (or is stopped).
    virtual void apply(const Settings &settings) = 0;
    virtual bool isRunning() const = 0;
    // The monitor page URL with the token in its fragment (/#token=…).
    virtual QUrl monitorUrl() const = 0;
    virtual int clientCount() const = 0;
    // A fresh random access token (at least 128 bits).
    virtual QString generateToken() const = 0;

Q_SIGNALS:
    void applied(const QString &error);
    void clientCountChanged(int clients);
    void runningChanged(bool running);
};

} // namespace studio::ui
