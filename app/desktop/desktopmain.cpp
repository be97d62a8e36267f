#include "appidentity.h"
#include "cli/cliio.h"
#include "cli/commandline.h"
#include "corehubbrowser.h"
#include "coreremotecontrol.h"
#include "datasetcontroller.h"
#include "mainwindow.h"
#include "screenshotter.h"
#include "settingsdialog.h"
#include "studiocontext.h"
#include "theme.h"
#include "util/datadirectory.h"

#include <QApplication>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <memory>

namespace {

QString optionValue(const QStringList &args, const QString &name)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() ? args.at(i + 1) : QString();
}

} // namespace

// The desktop window (dataset-studio starts it: see app/desktoplauncher.h):
// "dataset-studio-desktop [--data-dir D] [FILE...]", or with --screenshot
// FILE to render its screens offscreen and exit.
int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const QString screenshot = optionValue(args, QStringLiteral("--screenshot"));
    if (!screenshot.isEmpty()) { // renders offscreen, no display needed
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        const QString scale = optionValue(args, QStringLiteral("--screenshot-scale"));
        if (!scale.isEmpty())
            qputenv("QT_SCALE_FACTOR", scale.toLatin1());
    }
    // Files to import once the window is up (the desktop entry's %F).
    const QStringList filesToOpen = studio::cli::positionalArguments(args);
    QApplication app(argc, argv);
    studio::app::setApplicationIdentity();
    // Matches the installed .desktop file (Wayland app id, window grouping).
    QGuiApplication::setDesktopFileName(QStringLiteral(STUDIO_APP_ID));
    studio::ui::Theme::apply(app);
    QString dataDir = optionValue(args, QStringLiteral("--data-dir"));
    if (dataDir.isEmpty())
        dataDir = QSettings().value(studio::ui::SettingsDialog::dataDirectoryKey()).toString();
    std::unique_ptr<studio::app::StudioContext> context;
    try {
        context = std::make_unique<studio::app::StudioContext>(studio::resolveDataDirectory(dataDir));
    } catch (const std::exception &e) {
        studio::cli::printError(QString::fromUtf8(e.what()));
        return 1;
    }
    studio::ui::DatasetController controller(context->datasets());
    const int concurrency = QSettings().value(studio::ui::SettingsDialog::concurrencyKey()).toInt();
    if (concurrency > 0)
        controller.setMaxConcurrency(concurrency);
    studio::ui::CoreHubBrowser hubBrowser(context->datasets(), context->dataDirectory());
    studio::ui::CoreRemoteControl remote(context->hub(), context->catalog(), context->dataDirectory());
    if (screenshot.isEmpty()) {
        const QString error = remote.startIfEnabled();
        if (!error.isEmpty())
            studio::cli::printError(QStringLiteral("Remote monitoring is enabled in Settings but could not start: ") + error);
    }
    studio::ui::MainWindow window(controller, &hubBrowser, &remote);
    window.show();
    if (!screenshot.isEmpty()) {
        window.setConfirmations(false);
        QString error;
        const QStringList files = studio::ui::Screenshotter::capture(
            window, screenshot, optionValue(args, QStringLiteral("--screenshot-dataset")).toLongLong(), &error);
        for (const QString &f : files)
            studio::cli::printOut(f);
        if (!error.isEmpty())
            studio::cli::printError(error);
        controller.shutdownJobs(false);
        return error.isEmpty() ? 0 : 1;
    }
    if (!filesToOpen.isEmpty()) {
        QStringList absolute;
        for (const QString &f : filesToOpen)
            absolute << QFileInfo(f).absoluteFilePath();
        QTimer::singleShot(0, &window, [&window, absolute] { window.importFiles(absolute); });
    }
    const int rc = app.exec();
    controller.shutdownJobs(false);
    return rc;
}
