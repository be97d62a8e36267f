#pragma once

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace studio::ui {

class AlertBanner;
class DatasetController;
class RemoteControl;

// Settings: data directory, Hub endpoint and token (the token goes to the
// Hugging Face token file, never to QSettings), job concurrency, and remote
// monitoring through the RemoteControl.
class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)
public:
    SettingsDialog(DatasetController &controller, RemoteControl *remote, QWidget *parent = nullptr);

    // QSettings keys (non-secret values only).
    static QString dataDirectoryKey();
    static QString hubEndpointKey();
    static QString concurrencyKey();

    QLineEdit *tokenEdit() const { return m_token; }
    QSpinBox *concurrencyBox() const { return m_concurrency; }
    AlertBanner *alert() const { return m_alert; }

public Q_SLOTS:
    void save();

private:
    QWidget *buildGeneral();
    QWidget *buildRemote();
    void updateRemoteUrl();

    DatasetController &m_controller;
    RemoteControl *m_remote;
    AlertBanner *m_alert;
    QLineEdit *m_dataDir;
    QLineEdit *m_endpoint;
    QLineEdit *m_token;
    QSpinBox *m_concurrency;
    QCheckBox *m_remoteOn = nullptr;
    QLineEdit *m_address = nullptr;
    QSpinBox *m_port = nullptr;
    QLineEdit *m_remoteToken = nullptr;
    QLabel *m_url = nullptr;
};

} // namespace studio::ui
