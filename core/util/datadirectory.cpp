#include "util/datadirectory.h"

#include <QDir>
#include <QStandardPaths>

namespace studio {

QString resolveDataDirectory(const QString &commandLineOverride)
{
    if (!commandLineOverride.isEmpty())
        return QDir(commandLineOverride).absolutePath();
    const QString fromEnv = qEnvironmentVariable("DATASET_STUDIO_HOME");
    if (!fromEnv.isEmpty())
        return QDir(fromEnv).absolutePath();
    QString location = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (location.isEmpty())
        location = QDir::home().filePath(QStringLiteral(".local/share"));
    return QDir(location).filePath(QStringLiteral("dataset-studio"));
}

} // namespace studio
