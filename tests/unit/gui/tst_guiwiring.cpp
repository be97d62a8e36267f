// The GUI wired to the real parts, as app/main.cpp wires it: the Hub form on
// CoreHubBrowser against the mock Hub (real HTTP on 127.0.0.1, real download
// job), and Settings → Remote monitoring on CoreRemoteControl (a real
// MonitorServer answering /healthz).
#include "studiocontext.h"

#include "hubtestfixture.h"

#include "adddatasetdialog.h"
#include "alertbanner.h"
#include "corehubbrowser.h"
#include "coreremotecontrol.h"
#include "datasetcontroller.h"
#include "datasetlistmodel.h"
#include "hubform.h"
#include "mainwindow.h"
#include "settingsdialog.h"
#include "textformat.h"

#include "catalog/catalog.h"
#include "hub/hubclient.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTcpServer>
#include <QTest>

#include <memory>
#include <optional>

using namespace studio;
using namespace studio::ui;
using namespace studio::test;

namespace {

template <typename W>
W *byName(QWidget *top, const QString &accessibleName)
{
    for (W *w : top->findChildren<W *>())
        if (w->accessibleName() == accessibleName)
            return w;
    return nullptr;
}

quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

// Sets environment variables for one test and puts the old values back.
class EnvGuard final
{
public:
    explicit EnvGuard(const QStringList &assignments)
    {
        for (const QString &a : assignments)
            set(a);
    }
    EnvGuard(const EnvGuard &) = delete;
    EnvGuard &operator=(const EnvGuard &) = delete;
    ~EnvGuard()
    {
        for (auto it = m_old.cbegin(); it != m_old.cend(); ++it) {
            if (it.value().has_value())
                qputenv(it.key().constData(), *it.value());
            else
                qunsetenv(it.key().constData());
        }
    }
    void set(const QString &assignment)
    {
        const qsizetype eq = assignment.indexOf(QLatin1Char('='));
        const QByteArray name = assignment.left(eq).toUtf8();
        if (!m_old.contains(name))
            m_old.insert(name, qEnvironmentVariableIsSet(name.constData()) ? std::optional(qgetenv(name.constData())) : std::nullopt);
        qputenv(name.constData(), assignment.mid(eq + 1).toUtf8());
    }

private:
    QMap<QByteArray, std::optional<QByteArray>> m_old;
};

} // namespace

class TestGuiWiring : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<app::StudioContext> m_context;
    std::unique_ptr<DatasetController> m_controller;
    std::unique_ptr<CoreHubBrowser> m_browser;
    std::unique_ptr<CoreRemoteControl> m_remote;
    std::unique_ptr<MainWindow> m_window;

private Q_SLOTS:
    void init()
    {
        QSettings().clear();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        const QString dataDir = m_dir->filePath(QStringLiteral("data"));
        m_context = std::make_unique<app::StudioContext>(dataDir);
        m_controller = std::make_unique<DatasetController>(m_context->datasets());
        m_browser = std::make_unique<CoreHubBrowser>(m_context->datasets(), m_context->dataDirectory());
        m_remote = std::make_unique<CoreRemoteControl>(m_context->hub(), m_context->catalog(), m_context->dataDirectory());
        m_window = std::make_unique<MainWindow>(*m_controller, m_browser.get(), m_remote.get());
        m_window->setConfirmations(false);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_controller->shutdownJobs(true);
        m_window.reset();
        m_remote.reset();
        m_browser.reset();
        m_controller.reset();
        m_context.reset();
        m_dir.reset();
        QSettings().clear();
    }

    void hubFormAgainstTheMockHub()
    {
        HubTestbed t;
        QVERIFY(t.start());
        EnvGuard env(t.env());
        // HF_ENDPOINT points nowhere: the endpoint set in Settings must win.
        env.set(QStringLiteral("HF_ENDPOINT=http://127.0.0.1:%1").arg(freePort()));
        QSettings().setValue(SettingsDialog::hubEndpointKey(), t.hub.endpoint());

        AddDatasetDialog dialog(m_browser.get());
        dialog.show();
        HubForm *form = dialog.hubForm();
        QVERIFY(form->repoEdit()->isEnabled());
        QTest::keyClicks(form->repoEdit(), kTinyStories);
        QVERIFY(!form->repoError()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(form->configBox()->count() > 0, 60000);
        QCOMPARE(form->configBox()->currentText(), QStringLiteral("default"));
        // The splits table: the fixture's train split, counted from the parquet footers.
        auto *table = form->findChild<QTableWidget *>();
        QVERIFY(table);
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r)
            rows << table->item(r, 1)->text() + QLatin1Char('=') + table->item(r, 2)->text();
        QVERIFY2(rows.contains(QStringLiteral("train=") + TextFormat::count(5171)), qPrintable(rows.join(QLatin1Char(' '))));

        // Malformed and unknown specs: datasets' exact messages, as you type.
        form->splitEdit()->setText(QStringLiteral("train[::]"));
        QVERIFY(form->splitError()->isVisible());
        QCOMPARE(form->splitError()->text(), QStringLiteral("Unrecognized instruction format: train[::]"));
        QVERIFY(!form->downloadButton()->isEnabled());
        form->splitEdit()->setText(QStringLiteral("tain[:1%]"));
        QCOMPARE(form->splitError()->text(), QStringLiteral("Unknown split \"tain\". Should be one of ['train', 'validation']."));

        // train[:1%]: 52 of 5,171 rows, only the first shard to download.
        form->splitEdit()->setText(QStringLiteral("train[:1%]"));
        QVERIFY(!form->splitError()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(form->previewLabel()->text().contains(QStringLiteral("rows 0–51 of ") + TextFormat::count(5171)), 60000);
        const QString preview = form->previewLabel()->text();
        QVERIFY2(preview.contains(TextFormat::count(52) + QStringLiteral(" rows")), qPrintable(preview));
        QVERIFY2(preview.contains(TextFormat::bytes(fileSize(trainShards().first()))), qPrintable(preview));
        QVERIFY(form->downloadButton()->isEnabled());

        // Start: a card appears and reaches ready with the slice's rows.
        QSignalSpy started(m_browser.get(), &HubBrowser::downloadStarted);
        QTest::mouseClick(form->downloadButton(), Qt::LeftButton);
        QTRY_COMPARE(started.count(), 1);
        const qint64 id = started.first().at(0).toLongLong();
        QTRY_VERIFY(m_window->datasetModel()->rowOf(id) >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->datasetModel()->record(id)
                                     && m_window->datasetModel()->record(id)->status == catalog::status::Ready,
                                 120000);
        QCOMPARE(m_context->catalog().dataset(id)->numSamples, qint64(52));
    }

    void hubErrorsReachTheForm()
    {
        HubTestbed t;
        QVERIFY(t.start());
        EnvGuard env(t.env());
        AddDatasetDialog dialog(m_browser.get());
        dialog.show();
        HubForm *form = dialog.hubForm();
        form->repoEdit()->setText(QStringLiteral("acme/missing"));
        QTRY_VERIFY_WITH_TIMEOUT(form->alert()->text().contains(QStringLiteral("acme/missing")) && form->configBox()->count() == 0
                                     && !form->alert()->text().startsWith(QStringLiteral("Asking")),
                                 60000);
        QVERIFY(!form->downloadButton()->isEnabled());
        // A repo id the Hub would refuse never leaves the machine.
        form->repoEdit()->setText(QStringLiteral("bad id!"));
        QVERIFY(form->repoError()->isVisible());
        QCOMPARE(form->repoError()->text(), hub::HubClient::validateRepoId(QStringLiteral("bad id!")));
    }

    void remoteMonitoringFromSettings()
    {
        const quint16 port = freePort();
        QVERIFY(port != 0);
        SettingsDialog dialog(*m_controller, m_remote.get());
        dialog.show();
        auto *on = byName<QCheckBox>(&dialog, QStringLiteral("Enable remote monitoring"));
        auto *address = byName<QLineEdit>(&dialog, QStringLiteral("Listen address"));
        auto *portBox = byName<QSpinBox>(&dialog, QStringLiteral("Port"));
        auto *token = byName<QLineEdit>(&dialog, QStringLiteral("Remote access token"));
        auto *copy = byName<QPushButton>(&dialog, QStringLiteral("Copy the monitor URL"));
        QVERIFY(on && address && portBox && token && copy);
        QVERIFY(!on->isChecked());
        on->setChecked(true);
        address->setText(QStringLiteral("127.0.0.1"));
        portBox->setValue(port);
        token->clear();
        QSignalSpy applied(m_remote.get(), &RemoteControl::applied);
        dialog.save();
        QTRY_COMPARE(applied.count(), 1);
        QCOMPARE(applied.first().at(0).toString(), QString());
        QVERIFY(m_remote->isRunning());

        // A real client: GET /healthz.
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(port)))));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

        // The copied URL carries the token; the token is in a 0600 file, not in QSettings.
        QGuiApplication::clipboard()->clear();
        copy->click();
        const QString url = QGuiApplication::clipboard()->text();
        QVERIFY2(url.startsWith(QStringLiteral("http://127.0.0.1:%1/#token=").arg(port)), qPrintable(url));
        const QString secret = url.mid(url.indexOf(QStringLiteral("#token=")) + 7);
        QVERIFY(secret.size() >= 16);
        QFile tokenFile(m_remote->tokenPath());
        QVERIFY(tokenFile.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(tokenFile.readAll()).trimmed(), secret);
        QCOMPARE(tokenFile.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QSettings s;
        QCOMPARE(s.value(QStringLiteral("remote/enabled")).toBool(), true);
        QCOMPARE(s.value(QStringLiteral("remote/port")).toUInt(), uint(port));
        for (const QString &key : s.allKeys())
            QVERIFY(!s.value(key).toString().contains(secret));

        // A new process with these settings starts the server by itself.
        {
            m_remote->apply({false, QStringLiteral("127.0.0.1"), port, secret}); // frees the port
            QSettings().setValue(QStringLiteral("remote/enabled"), true);
            CoreRemoteControl restarted(m_context->hub(), m_context->catalog(), m_context->dataDirectory());
            QCOMPARE(restarted.startIfEnabled(), QString());
            QVERIFY(restarted.isRunning());
            QCOMPARE(restarted.monitorUrl().toString(), url);
        }

        // Every interface without a token: refused with the server's reason.
        SettingsDialog again(*m_controller, m_remote.get());
        again.show();
        byName<QCheckBox>(&again, QStringLiteral("Enable remote monitoring"))->setChecked(true);
        byName<QLineEdit>(&again, QStringLiteral("Listen address"))->setText(QStringLiteral("0.0.0.0"));
        byName<QLineEdit>(&again, QStringLiteral("Remote access token"))->clear();
        applied.clear();
        again.save();
        QTRY_COMPARE(applied.count(), 1);
        QVERIFY(applied.first().at(0).toString().contains(QStringLiteral("without an access token")));
        QVERIFY(again.alert()->text().contains(QStringLiteral("without an access token")));
        QVERIFY(again.isVisible()); // stays open with the error
        QVERIFY(!m_remote->isRunning());

        // Enable again, then disable: the port stops answering.
        byName<QLineEdit>(&again, QStringLiteral("Listen address"))->setText(QStringLiteral("127.0.0.1"));
        applied.clear();
        again.save();
        QTRY_COMPARE(applied.count(), 1);
        QVERIFY(m_remote->isRunning());
        byName<QCheckBox>(&again, QStringLiteral("Enable remote monitoring"))->setChecked(false);
        applied.clear();
        again.save();
        QTRY_COMPARE(applied.count(), 1);
        QCOMPARE(applied.first().at(0).toString(), QString());
        QVERIFY(!m_remote->isRunning());
        QCOMPARE(QSettings().value(QStringLiteral("remote/enabled")).toBool(), false);
        reply.reset(nam.get(QNetworkRequest(QUrl(QStringLiteral("http://127.0.0.1:%1/healthz").arg(port)))));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 30000);
        QCOMPARE(reply->error(), QNetworkReply::ConnectionRefusedError);
    }
};

QObject *makeGuiWiringTests()
{
    return new TestGuiWiring;
}

#include "tst_guiwiring.moc"
