#pragma once

#include <atomic>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

// A per-thread cache from pre-tokenized pieces to their ids: open addressing
// over a fixed power-of-two table, keys and ids in flat arenas, no allocation
// per lookup. Bounded: when half full it starts over, so memory stays flat
// whatever the corpus.
class PieceCache final
{
public:
    static constexpr std::size_t kSlots = 1 << 17;
    static constexpr std::size_t kMaxEntries = kSlots / 2;
    static constexpr std::size_t kMaxPieceBytes = 64;

    // In front of it, for pieces of up to 8 bytes that are one token (most
    // pieces of running text): a direct-mapped table of 16-byte slots with the
    // key inline, small enough for a core's L2 cache: one memory access a hit.
    static constexpr int kShortBits = 15;
    static constexpr std::size_t kShortSlots = std::size_t(1) << kShortBits;

    PieceCache()
        : m_slots(kSlots)
        , m_short(kShortSlots)
    {}

    static std::uint64_t hash(std::string_view s)
    {
        std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (s.size() * 0xff51afd7ed558ccdULL);
        std::size_t i = 0;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
            h ^= h >> 31;
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, s.data() + i, s.size() - i);
        h = (h ^ tail) * 0x94d049bb133111ebULL;
        h ^= h >> 29;
        return h | 1; // 0 marks an empty slot
    }

    // Appends the cached ids of `piece` and returns true, or returns false.
    bool lookup(std::string_view piece, std::uint64_t h, std::vector<std::uint32_t> &ids) const
    {
        for (std::size_t slot = h & (kSlots - 1);; slot = (slot + 1) & (kSlots - 1)) {
            const Slot &s = m_slots[slot];
            if (s.hash == 0)
                return false;
            if (s.hash == h && s.keyLen == piece.size()
                && std::memcmp(m_keys.data() + s.keyOffset, piece.data(), piece.size()) == 0) {
                ids.insert(ids.end(), m_ids.begin() + s.idsOffset, m_ids.begin() + s.idsOffset + s.idCount);
                return true;
            }
        }
    }

    void insert(std::string_view piece, std::uint64_t h, const std::uint32_t *ids, std::size_t count)
    {
        if (m_entries >= kMaxEntries || count > 0xffff)
            clear();
        std::size_t slot = h & (kSlots - 1);
        while (m_slots[slot].hash != 0)
            slot = (slot + 1) & (kSlots - 1);
        Slot &s = m_slots[slot];
        s.hash = h;
        s.keyOffset = static_cast<std::uint32_t>(m_keys.size());
        s.keyLen = static_cast<std::uint16_t>(piece.size());
        s.idsOffset = static_cast<std::uint32_t>(m_ids.size());
        s.idCount = static_cast<std::uint16_t>(count);
        m_keys.append(piece);
        m_ids.insert(m_ids.end(), ids, ids + count);
        ++m_entries;
    }

    void clear()
    {
        std::fill(m_slots.begin(), m_slots.end(), Slot{});
        std::fill(m_short.begin(), m_short.end(), ShortSlot{});
        m_keys.clear();
        m_ids.clear();
        m_entries = 0;
    }

    std::uint64_t owner = 0; // which model the entries belong to

    // A fresh owner tag for a model's entries.
    static std::uint64_t newOwner()
    {
        static std::atomic<std::uint64_t> next{1};
        return next.fetch_add(1, std::memory_order_relaxed);
    }
    // Appends the ids of `piece` from this thread's cache of `owner`'s
    // pieces, or from encode(piece, ids) (then remembered when short enough).
    template<typename Encode>
    static void encodeCached(std::uint64_t owner, std::string_view piece, std::vector<std::uint32_t> &ids,
                             Encode &&encode)
    {
        forThread(owner).encodeWith(piece, ids, encode);
    }
    // The same with this cache (from forThread), for callers looping over pieces.
    template<typename Encode>
    void encodeWith(std::string_view piece, std::vector<std::uint32_t> &ids, Encode &&encode)
    {
        if (piece.size() > kMaxPieceBytes) {
            encode(piece, ids);
            return;
        }
        ShortSlot *shortSlot = nullptr;
        std::uint64_t key = 0;
        if (piece.size() <= 8) {
            key = shortKey(piece);
            shortSlot = &m_short[shortIndex(key, piece.size())];
            if (shortSlot->len == piece.size() && shortSlot->key == key) {
                ids.push_back(shortSlot->id);
                return;
            }
        }
        const std::uint64_t h = hash(piece);
        const std::size_t before = ids.size();
        if (!lookup(piece, h, ids)) {
            encode(piece, ids);
            insert(piece, h, ids.data() + before, ids.size() - before);
        }
        if (shortSlot && ids.size() == before + 1)
            *shortSlot = ShortSlot{key, ids.back(), static_cast<std::uint32_t>(piece.size())};
    }
    // This thread's cache, emptied first if it holds another model's entries.
    static PieceCache &forThread(std::uint64_t owner)
    {
        thread_local PieceCache cache;
        if (cache.owner != owner) {
            cache.clear();
            cache.owner = owner;
        }
        return cache;
    }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t keyOffset = 0, idsOffset = 0;
        std::uint16_t keyLen = 0, idCount = 0;
    };
    struct ShortSlot {
        std::uint64_t key = 0; // the piece's bytes, little-endian, zero-padded
        std::uint32_t id = 0;
        std::uint32_t len = 0; // 0: empty (pieces are never empty)
    };
    // The bytes of a piece of 1..8 bytes, little-endian, zero-padded: two
    // overlapping loads instead of a loop (overlapping bytes OR onto themselves).
    static std::uint64_t shortKey(std::string_view piece)
    {
        const auto *p = reinterpret_cast<const unsigned char *>(piece.data());
        const std::size_t n = piece.size();
        if (n == 0)
            return 0;
        if (n >= 4) {
            std::uint32_t lo, hi;
            std::memcpy(&lo, p, 4);
            std::memcpy(&hi, p + n - 4, 4);
            if constexpr (std::endian::native == std::endian::little)
                return std::uint64_t(lo) | (std::uint64_t(hi) << (8 * (n - 4)));
        }
        if (n >= 4) { // big-endian: byte by byte
            std::uint64_t key = 0;
            for (std::size_t k = 0; k < n; ++k)
                key |= std::uint64_t(p[k]) << (8 * k);
            return key;
        }
        return std::uint64_t(p[0]) | (std::uint64_t(p[n / 2]) << (8 * (n / 2))) | (std::uint64_t(p[n - 1]) << (8 * (n - 1)));
    }
    static std::size_t shortIndex(std::uint64_t key, std::size_t len)
    {
        const std::uint64_t h = (key ^ (std::uint64_t(len) << 61)) * 0x9E3779B97F4A7C15ULL;
        return static_cast<std::size_t>(h >> (64 - kShortBits));
    }
    std::vector<Slot> m_slots;
    std::vector<ShortSlot> m_short;
    std::string m_keys;
    std::vector<std::uint32_t> m_ids;
    std::size_t m_entries = 0;
};

} // namespace studio::tokenizers
