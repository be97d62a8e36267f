#pragma once

#include <cstddef>
#include <string_view>

namespace studio::formats {

// Returns the offset of the first byte that is not valid UTF-8 (overlongs,
// surrogates and code points above U+10FFFF are invalid), or npos.
std::size_t findInvalidUtf8(std::string_view bytes);

} // namespace studio::formats
