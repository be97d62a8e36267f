#pragma once

#include "remotecontrol.h"

#include <memory>

namespace studio::catalog {
class Catalog;
}
namespace studio::progress {
class ProgressHub;
}
namespace studio::remote {
class MonitorServer;
}

namespace studio::ui {

// RemoteControl on remote::MonitorServer. Enabled / address / port live in
// QSettings (group remote/); the access token only in a 0600 file in the
// data directory (remote-token), never in QSettings.
class CoreRemoteControl final : public RemoteControl
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CoreRemoteControl)
public:
    // `hub` and `catalog` must outlive this object.
    CoreRemoteControl(progress::ProgressHub &hub, catalog::Catalog &catalog, const QString &dataDir,
                      QObject *parent = nullptr);
    ~CoreRemoteControl() override;

    // Starts the server if the saved settings enable it; returns the error, if any.
    QString startIfEnabled();

    Settings settings() const override;
    void apply(const Settings &settings) override;
    bool isRunning() const override;
    QUrl monitorUrl() const override;
    int clientCount() const override;
    QString generateToken() const override;

    QString tokenPath() const { return m_tokenPath; }

private:
    // Starts, restarts or stops the server as `s` says; the error, or empty.
    QString serve(const Settings &s);

    std::unique_ptr<remote::MonitorServer> m_server;
    QString m_tokenPath;
};

} // namespace studio::ui
