#include "appidentity.h"

#include "util/version.h"

#include <QCoreApplication>

namespace studio::app {

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QStringLiteral("dataset-studio"));
    QCoreApplication::setApplicationName(QStringLiteral("dataset-studio"));
    QCoreApplication::setApplicationVersion(studio::version());
}

} // namespace studio::app
