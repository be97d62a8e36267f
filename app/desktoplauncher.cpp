#include "desktoplauncher.h"

#include "cli/cliio.h"

#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <unistd.h>

namespace studio::app {

QString desktopExecutable()
{
    std::error_code error;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return {};
    const std::filesystem::path dir = self.parent_path();
    // STUDIO_DESKTOP_FROM_BINDIR: the libexec folder relative to the bin
    // folder, as installed (e.g. ../libexec/dataset-studio).
    for (const std::filesystem::path &candidate :
         {dir / "dataset-studio-desktop", dir / STUDIO_DESKTOP_FROM_BINDIR / "dataset-studio-desktop"}) {
        const QFileInfo info(QString::fromStdString(candidate.lexically_normal().string()));
        if (info.isFile() && info.isExecutable())
            return info.filePath();
    }
    return {};
}

int execDesktop(char *argv[])
{
    const QString path = desktopExecutable();
    if (path.isEmpty()) {
        cli::printError(QStringLiteral("the desktop window is not installed (dataset-studio-desktop was not found "
                                       "beside this program or in its libexec folder); "
                                       "'dataset-studio --help' lists the commands."));
        return 1;
    }
    const QByteArray file = QFileInfo(path).absoluteFilePath().toLocal8Bit();
    execv(file.constData(), argv); // argv[0] stays: the window's class and name come from it
    cli::printError(QStringLiteral("cannot start %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    return 1;
}

} // namespace studio::app
