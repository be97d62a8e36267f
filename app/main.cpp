#include "cli/cliio.h"
#include "cli/commandline.h"
#include "mainwindow.h"
#include "util/version.h"

#include <QApplication>
#include <QCoreApplication>

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
           || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

void setIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("dataset-studio"));
    QCoreApplication::setApplicationName(QStringLiteral("dataset-studio"));
    QCoreApplication::setApplicationVersion(studio::version());
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const bool topLevelFlag = args.contains(QStringLiteral("--version")) || args.contains(QStringLiteral("--help"))
                              || args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("-v"));
    bool commandLine = !studio::cli::findCommand(args).isEmpty() || topLevelFlag;
    if (!commandLine && !hasDisplay()) {
        studio::cli::printError(QStringLiteral(
            "no display found (DISPLAY / WAYLAND_DISPLAY are not set), so the desktop window cannot open.\n"
            "Running the headless demo instead: it imports a bundled sample dataset. "
            "See 'dataset-studio --help' for the command line."));
        args.insert(1, QStringLiteral("demo"));
        commandLine = true;
    }
    if (commandLine) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return studio::cli::runCommandLine(args);
    }
    QApplication app(argc, argv);
    setIdentity();
    // Matches the installed .desktop file (Wayland app id, window grouping).
    QGuiApplication::setDesktopFileName(QStringLiteral(STUDIO_APP_ID));
    studio::ui::MainWindow window;
    window.show();
    return app.exec();
}
