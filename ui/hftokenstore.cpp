#include "hftokenstore.h"

#include "secretfile.h"

#include <QDir>

namespace studio::ui {

QString HfTokenStore::path()
{
    const QString explicitPath = qEnvironmentVariable("HF_TOKEN_PATH");
    if (!explicitPath.isEmpty())
        return explicitPath;
    QString home = qEnvironmentVariable("HF_HOME");
    if (home.isEmpty()) {
        const QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
        home = (cache.isEmpty() ? QDir::homePath() + QStringLiteral("/.cache") : cache) + QStringLiteral("/huggingface");
    }
    return QDir(home).filePath(QStringLiteral("token"));
}

bool HfTokenStore::fromEnvironment()
{
    return !qEnvironmentVariableIsEmpty("HF_TOKEN");
}

QString HfTokenStore::read()
{
    if (fromEnvironment())
        return qEnvironmentVariable("HF_TOKEN").trimmed();
    return SecretFile::read(path());
}

QString HfTokenStore::write(const QString &token)
{
    return SecretFile::write(path(), token);
}

} // namespace studio::ui
