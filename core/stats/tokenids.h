#pragma once

#include <cstddef>
#include <cstdint>

namespace studio::stats {

// Stores ids as the 16-bit values of a token file whose vocabulary fits (the
// caller knows they do) and returns the largest id, in one vectorised pass.
std::uint32_t narrowTokenIds(const std::uint32_t *ids, std::size_t count, std::uint16_t *out);

} // namespace studio::stats
