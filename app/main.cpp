#include "appidentity.h"
#include "cli/cliio.h"
#include "cli/commandline.h"
#include "desktoplauncher.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
           || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Like "--screenshot FILE": a value, not just the flag.
bool hasOptionValue(const QStringList &args, const QString &name)
{
    const qsizetype i = args.indexOf(name);
    return i >= 0 && i + 1 < args.size() && !args.at(i + 1).isEmpty();
}

} // namespace

// The command line; the desktop window (no command, or files to open, with a
// display; or --screenshot) is dataset-studio-desktop, which this starts.
int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const bool topLevelFlag = args.contains(QStringLiteral("--version")) || args.contains(QStringLiteral("--help"))
                              || args.contains(QStringLiteral("-h")) || args.contains(QStringLiteral("-v"));
    const bool screenshot = hasOptionValue(args, QStringLiteral("--screenshot")); // rendered offscreen: no display needed
    // "dataset-studio FILE..." (as the desktop entry's %F starts it) opens the
    // window and imports the files; without a display it imports them headless.
    const QString command = studio::cli::findCommand(args);
    const bool filesToOpen = !command.isEmpty() && !studio::cli::isCommand(command) && QFileInfo::exists(command);
    bool commandLine = !screenshot && ((!command.isEmpty() && !filesToOpen) || topLevelFlag);
    if (!commandLine && filesToOpen && !hasDisplay()) {
        args.insert(1, QStringLiteral("import"));
        commandLine = true;
    }
    if (!commandLine && !screenshot && !hasDisplay()) {
        studio::cli::printError(QStringLiteral(
            "no display found (DISPLAY / WAYLAND_DISPLAY are not set), so the desktop window cannot open.\n"
            "Running the headless demo instead: it imports a bundled sample dataset. "
            "See 'dataset-studio --help' for the command line."));
        args.insert(1, QStringLiteral("demo"));
        commandLine = true;
    }
    if (!commandLine)
        return studio::app::execDesktop(argv);
    QCoreApplication app(argc, argv);
    studio::app::setApplicationIdentity();
    return studio::cli::runCommandLine(args);
}
