#include "secretfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace studio::ui {

QString SecretFile::read(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.read(4096)).trimmed();
}

QString SecretFile::write(const QString &path, const QString &secret)
{
    if (secret.trimmed().isEmpty()) {
        if (QFile::exists(path) && !QFile::remove(path))
            return QCoreApplication::translate("SecretFile", "Cannot remove %1").arg(path);
        return {};
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return QCoreApplication::translate("SecretFile", "Cannot create the folder of %1").arg(path);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QCoreApplication::translate("SecretFile", "Cannot write %1: %2").arg(path, f.errorString());
    f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(secret.trimmed().toUtf8());
    if (!f.commit())
        return QCoreApplication::translate("SecretFile", "Cannot write %1: %2").arg(path, f.errorString());
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return {};
}

} // namespace studio::ui
