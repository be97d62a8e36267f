#include "settingsdialog.h"

#include "alertbanner.h"
#include "datasetcontroller.h"
#include "hftokenstore.h"
#include "icons.h"
#include "remotecontrol.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QThread>
#include <QVBoxLayout>

namespace studio::ui {

QString SettingsDialog::dataDirectoryKey()
{
    return QStringLiteral("storage/dataDirectory");
}
QString SettingsDialog::hubEndpointKey()
{
    return QStringLiteral("hub/endpoint");
}
QString SettingsDialog::concurrencyKey()
{
    return QStringLiteral("jobs/concurrency");
}

SettingsDialog::SettingsDialog(DatasetController &controller, RemoteControl *remote, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_remote(remote)
    , m_alert(new AlertBanner(this))
    , m_dataDir(new QLineEdit(this))
    , m_endpoint(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_concurrency(new QSpinBox(this))
{
    setWindowTitle(tr("Settings"));
    resize(600, 460);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_alert);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(buildGeneral(), tr("&General"));
    tabs->addTab(buildRemote(), Icons::icon(QStringLiteral("remote")), tr("&Remote monitoring"));
    layout->addWidget(tabs, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QWidget *SettingsDialog::buildGeneral()
{
    const QSettings s;
    auto *page = new QWidget(this);
    auto *form = new QFormLayout(page);
    m_dataDir->setText(s.value(dataDirectoryKey()).toString());
    m_dataDir->setPlaceholderText(tr("Default ($DATASET_STUDIO_HOME or the app-data folder)"));
    m_dataDir->setAccessibleName(tr("Data directory"));
    auto *browse = new QPushButton(tr("Browse…"), page);
    browse->setAccessibleName(tr("Choose the data directory"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString d = QFileDialog::getExistingDirectory(this, tr("Data directory"), m_dataDir->text());
        if (!d.isEmpty())
            m_dataDir->setText(d);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_dataDir, 1);
    row->addWidget(browse);
    form->addRow(tr("Data directory:"), row);
    form->addRow(QString(), new QLabel(tr("<small>Takes effect the next time Dataset Studio starts.</small>"), page));

    m_endpoint->setText(s.value(hubEndpointKey()).toString());
    m_endpoint->setPlaceholderText(QStringLiteral("https://huggingface.co"));
    m_endpoint->setAccessibleName(tr("Hub endpoint"));
    form->addRow(tr("Hub &endpoint:"), m_endpoint);

    m_token->setEchoMode(QLineEdit::Password);
    m_token->setText(HfTokenStore::read());
    m_token->setAccessibleName(tr("Hugging Face access token"));
    m_token->setPlaceholderText(tr("hf_…"));
    form->addRow(tr("Access &token:"), m_token);
    auto *where = new QLabel(HfTokenStore::fromEnvironment()
                                 ? tr("<small>$HF_TOKEN is set and takes precedence over the token file.</small>")
                                 : tr("<small>Saved in %1, shared with the Hugging Face tools.</small>").arg(HfTokenStore::path().toHtmlEscaped()),
                             page);
    where->setWordWrap(true);
    form->addRow(QString(), where);

    m_concurrency->setRange(1, std::max(2, QThread::idealThreadCount() * 2));
    m_concurrency->setValue(m_controller.maxConcurrency());
    m_concurrency->setAccessibleName(tr("Jobs running at once"));
    form->addRow(tr("&Jobs at once:"), m_concurrency);
    return page;
}

QWidget *SettingsDialog::buildRemote()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    if (!m_remote) {
        auto *note = new QLabel(tr("Remote monitoring is not part of this build yet."), page);
        note->setAccessibleName(note->text());
        layout->addWidget(note);
        layout->addStretch();
        return page;
    }
    const RemoteControl::Settings rs = m_remote->settings();
    auto *form = new QFormLayout;
    m_remoteOn = new QCheckBox(tr("Serve the monitor page and live progress to browsers"), page);
    m_remoteOn->setChecked(rs.enabled);
    m_remoteOn->setAccessibleName(tr("Enable remote monitoring"));
    form->addRow(m_remoteOn);
    m_address = new QLineEdit(rs.address, page);
    m_address->setAccessibleName(tr("Listen address"));
    form->addRow(tr("&Address:"), m_address);
    m_port = new QSpinBox(page);
    m_port->setRange(1, 65535);
    m_port->setValue(rs.port);
    m_port->setAccessibleName(tr("Port"));
    form->addRow(tr("&Port:"), m_port);
    m_remoteToken = new QLineEdit(rs.token, page);
    m_remoteToken->setEchoMode(QLineEdit::PasswordEchoOnEdit);
    m_remoteToken->setAccessibleName(tr("Remote access token"));
    auto *generate = new QPushButton(tr("Generate"), page);
    generate->setAccessibleName(tr("Generate a new access token"));
    connect(generate, &QPushButton::clicked, this, [this] { m_remoteToken->setText(m_remote->generateToken()); });
    auto *tokRow = new QHBoxLayout;
    tokRow->addWidget(m_remoteToken, 1);
    tokRow->addWidget(generate);
    form->addRow(tr("Access token:"), tokRow);
    m_url = new QLabel(page);
    m_url->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_url->setAccessibleName(tr("Monitor URL"));
    auto *copy = new QPushButton(Icons::icon(QStringLiteral("copy")), tr("Copy URL"), page);
    copy->setAccessibleName(tr("Copy the monitor URL"));
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_remote->monitorUrl().toString()); });
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(m_url, 1);
    urlRow->addWidget(copy);
    form->addRow(tr("Monitor URL:"), urlRow);
    layout->addLayout(form);
    layout->addStretch();
    connect(m_remote, &RemoteControl::applied, this, [this](const QString &error) {
        updateRemoteUrl();
        if (error.isEmpty())
            accept();
        else
            m_alert->showMessage(AlertBanner::Kind::Error, error);
    });
    updateRemoteUrl();
    return page;
}

void SettingsDialog::updateRemoteUrl()
{
    if (!m_url)
        return;
    m_url->setText(m_remote->isRunning() ? m_remote->monitorUrl().toString() : tr("(not running)"));
}

void SettingsDialog::save()
{
    QSettings s;
    s.setValue(dataDirectoryKey(), m_dataDir->text().trimmed());
    s.setValue(hubEndpointKey(), m_endpoint->text().trimmed());
    s.setValue(concurrencyKey(), m_concurrency->value());
    m_controller.setMaxConcurrency(m_concurrency->value());
    if (!HfTokenStore::fromEnvironment()) {
        const QString error = HfTokenStore::write(m_token->text());
        if (!error.isEmpty()) {
            m_alert->showMessage(AlertBanner::Kind::Error, error);
            return;
        }
    }
    if (m_remote) {
        RemoteControl::Settings rs;
        rs.enabled = m_remoteOn->isChecked();
        rs.address = m_address->text().trimmed();
        rs.port = quint16(m_port->value());
        rs.token = m_remoteToken->text().trimmed();
        m_remote->apply(rs); // closes on success; an error stays in the banner
        return;
    }
    accept();
}

} // namespace studio::ui
