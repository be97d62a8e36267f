#include "parquet/parqueterror.h"

namespace studio::parquet {

ParquetError::ParquetError(const std::string &message)
    : std::runtime_error(message)
{
}

ParquetError::ParquetError(std::string_view source, std::string_view what)
    : std::runtime_error(withSource(source, what))
{
}

std::string ParquetError::withSource(std::string_view source, std::string_view what)
{
    std::string m;
    if (!source.empty()) {
        m.append(source);
        m.append(": ");
    }
    m.append(what);
    return m;
}

} // namespace studio::parquet
