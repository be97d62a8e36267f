#pragma once

#include <QString>

namespace studio {

// The project version (CMake's project version), e.g. "0.1.0".
QString version();
// "dataset-studio/<version>", used in User-Agent and the monitor's welcome.
QString userAgent();

} // namespace studio
