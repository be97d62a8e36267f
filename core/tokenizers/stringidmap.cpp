#include "tokenizers/stringidmap.h"

#include "tokenizers/binarytables.h"

#include <bit>
#include <cstdint>

namespace studio::tokenizers {

void StringIdMap::save(std::string &out) const
{
    binary::putArray(out, m_slots.data(), m_slots.size());
    binary::putArray(out, m_keys.data(), m_keys.size());
    binary::put(out, std::uint64_t(m_size));
}

bool StringIdMap::restore(std::string_view &in, std::uint64_t idLimit)
{
    std::uint64_t size = 0;
    if (!binary::getArray(in, m_slots) || !binary::getBytes(in, m_keys) || !binary::get(in, size))
        return false;
    if (!m_slots.empty() && !std::has_single_bit(m_slots.size()))
        return false;
    m_mask = m_slots.empty() ? 0 : m_slots.size() - 1;
    std::uint64_t used = 0;
    for (const Slot &s : m_slots) {
        if (s.hash == 0)
            continue;
        ++used;
        if (std::uint64_t(s.offset) + s.length > m_keys.size() || s.id >= idLimit)
            return false; // (hashes are not recomputed: the file's checksum covers them)
    }
    // A full table would make find() loop forever.
    if (used != size || (!m_slots.empty() && used >= m_slots.size()))
        return false;
    m_size = static_cast<std::size_t>(size);
    return true;
}

} // namespace studio::tokenizers
