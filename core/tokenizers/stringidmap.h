#pragma once

#include "tokenizers/piececache.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

// An immutable map from byte strings to ids, built once: keys in one arena,
// open addressing over a power-of-two table. find() takes a string_view and
// allocates nothing (the hot-path lookup of vocabularies).
class StringIdMap final
{
public:
    StringIdMap() = default;

    void build(const std::vector<std::pair<std::string, std::uint32_t>> &entries)
    {
        std::size_t capacity = 16;
        while (capacity < entries.size() * 2 + 16)
            capacity <<= 1;
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        m_keys.clear();
        std::size_t bytes = 0;
        for (const auto &entry : entries)
            bytes += entry.first.size();
        m_keys.reserve(bytes);
        // Hashes first, then each insert with the slot of one a few entries
        // ahead already on its way from memory (the table is megabytes: a
        // cache miss per insert otherwise).
        constexpr std::size_t kAhead = 16;
        std::vector<std::uint64_t> hashes(entries.size());
        for (std::size_t i = 0; i < entries.size(); ++i)
            hashes[i] = PieceCache::hash(entries[i].first);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (i + kAhead < entries.size())
                prefetch(hashes[i + kAhead]);
            insert(entries[i].first, entries[i].second, hashes[i]);
        }
    }
    // Keeps the first id of a repeated key.
    void insert(std::string_view key, std::uint32_t id) { insert(key, id, PieceCache::hash(key)); }
    void insert(std::string_view key, std::uint32_t id, std::uint64_t h)
    {
        std::size_t slot = h & m_mask;
        for (;; slot = (slot + 1) & m_mask) {
            Slot &s = m_slots[slot];
            if (s.hash == 0)
                break;
            if (s.hash == h && view(s) == key)
                return;
        }
        m_slots[slot] = {h, static_cast<std::uint32_t>(m_keys.size()), static_cast<std::uint32_t>(key.size()), id};
        m_keys.append(key);
        ++m_size;
    }
    // The id of `key`, or -1.
    std::int64_t find(std::string_view key) const { return find(key, PieceCache::hash(key)); }
    // The same with the key's PieceCache::hash already at hand.
    std::int64_t find(std::string_view key, std::uint64_t h) const
    {
        if (m_slots.empty())
            return -1;
        for (std::size_t slot = h & m_mask;; slot = (slot + 1) & m_mask) {
            const Slot &s = m_slots[slot];
            if (s.hash == 0)
                return -1;
            if (s.hash == h && view(s) == key)
                return s.id;
        }
    }
    std::size_t size() const { return m_size; }
    // Starts fetching the slot a find (or an insert) of a key with hash `h`
    // reads first.
    void prefetch(std::uint64_t h) const
    {
        if (!m_slots.empty())
            __builtin_prefetch(&m_slots[h & m_mask]);
    }

    // Its tables appended to `out` as they are in memory (the compiled
    // tokenizer cache), and read back; restore() returns false on anything
    // inconsistent (a slot outside the key arena or with an id from
    // `idLimit` on, a table that is not a power of two or has no empty slot).
    void save(std::string &out) const;
    bool restore(std::string_view &in, std::uint64_t idLimit);

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t offset = 0, length = 0, id = 0;
    };
    std::string_view view(const Slot &s) const { return std::string_view(m_keys).substr(s.offset, s.length); }

    std::vector<Slot> m_slots;
    std::string m_keys;
    std::uint64_t m_mask = 0;
    std::size_t m_size = 0;
};

} // namespace studio::tokenizers
