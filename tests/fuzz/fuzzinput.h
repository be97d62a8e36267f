#pragma once

// Helpers shared by the fuzz targets: the readers under test take a path, so
// each input is written to one scratch file in a RAM-backed folder.
#include <QString>

#include <cstddef>
#include <cstdint>

namespace studio::fuzz {

// Writes data to this process's scratch file and returns its path.
QString writeScratchFile(const uint8_t *data, size_t size, const char *suffix);

} // namespace studio::fuzz
