#pragma once

#include <QString>

namespace studio {

// Where Dataset Studio keeps catalog.sqlite3 and the dataset folders:
// the --data-dir value if given, else $DATASET_STUDIO_HOME, else the
// platform's app-data location.
QString resolveDataDirectory(const QString &commandLineOverride = {});

} // namespace studio
