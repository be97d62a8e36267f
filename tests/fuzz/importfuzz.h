#pragma once

// One body for the import fuzz targets (CSV/TSV, JSON Lines, JSON array): the
// input is read as a file of the given format; every record must come out
// with valid UTF-8 strings and the reader must end with FormatError or at the
// end of the file. The first records then go through the column store writer
// and are read back through DatasetRows, as an import does.
#include <cstddef>
#include <cstdint>

namespace studio::fuzz {

int importOneInput(const uint8_t *data, size_t size, const char *format);

} // namespace studio::fuzz
