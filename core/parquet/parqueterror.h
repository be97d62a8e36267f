#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace studio::parquet {

// Every problem with a parquet file (corrupt, truncated, unsupported feature,
// I/O) is reported as a ParquetError whose message names the file (when known)
// and what is wrong. The reader never crashes on bad input.
class ParquetError : public std::runtime_error
{
public:
    explicit ParquetError(const std::string &message);
    ParquetError(std::string_view source, std::string_view what);

    // Returns a copy whose message is prefixed with the source file name
    // (used when a low-level decoder did not know which file it was reading).
    static std::string withSource(std::string_view source, std::string_view what);
};

} // namespace studio::parquet
