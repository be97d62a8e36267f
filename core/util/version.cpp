#include "util/version.h"

namespace studio {

QString version()
{
    return QStringLiteral(STUDIO_VERSION);
}

QString userAgent()
{
    return QStringLiteral("dataset-studio/") + version();
}

} // namespace studio
