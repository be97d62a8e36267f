#include "tokenizers/bpemodel.h"

#include "tokenizers/binarytables.h"

#include "tokenizers/piececache.h"

#include "tokenizers/tokenizererror.h"
#include "tokenizers/unicodeclass.h"

#include <algorithm>
#include <array>
#include <bit>
#include <future>

namespace studio::tokenizers {

namespace {

constexpr std::uint64_t kEmpty = ~0ULL;
constexpr std::uint64_t kNoMerge = ~0ULL;

struct ByteLevelAlphabet {
    std::array<std::string, 256> charOf;
    std::array<int, 512> byteOfCp; // code point (< 512) -> byte, -1 if none
    ByteLevelAlphabet()
    {
        byteOfCp.fill(-1);
        std::array<bool, 256> direct{};
        for (int b = '!'; b <= '~'; ++b)
            direct[b] = true;
        for (int b = 0xA1; b <= 0xAC; ++b)
            direct[b] = true;
        for (int b = 0xAE; b <= 0xFF; ++b)
            direct[b] = true;
        int n = 0;
        for (int b = 0; b < 256; ++b) {
            const char32_t cp = direct[b] ? char32_t(b) : char32_t(256 + n++);
            appendUtf8(charOf[b], cp);
            byteOfCp[cp] = b;
        }
    }
};

const ByteLevelAlphabet &alphabet()
{
    static const ByteLevelAlphabet a;
    return a;
}

std::uint64_t hashPair(std::uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

// Lowest rank first, leftmost position among equal ranks. With `ranks` > 0 it
// keeps one bucket of positions per rank and a cursor (for very long pieces),
// otherwise a single binary heap of (rank << 32 | position).
//
// A bucket collects positions unsorted until the cursor reaches it, then sorts
// them once and hands them out in order: the merge loop then walks the piece
// left to right and can prefetch the symbols it will need (on a piece of
// megabytes, waiting on memory was two thirds of the time). A bucket drained
// and pushed to again (the cursor went back to a lower rank) sorts again.
// A push into a bucket being handed out would need a merge to remake that
// rank's pair, i.e. a token shorter than its result: merges only lengthen
// tokens, so it is not expected; it is handled in order all the same.
class RankQueue
{
public:
    void reset(std::size_t ranks)
    {
        m_bucketed = ranks > 0;
        if (m_bucketed && m_buckets.size() < ranks)
            m_buckets.resize(ranks);
        m_cursor = ranks;
        m_size = 0;
    }
    void push(std::uint32_t rank, std::uint32_t pos)
    {
        ++m_size;
        if (!m_bucketed) {
            m_heap.push_back((std::uint64_t(rank) << 32) | pos);
            std::push_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            return;
        }
        Bucket &b = m_buckets[rank];
        if (!b.used) {
            b.used = true;
            m_used.push_back(rank);
        }
        if (b.open()) {
            const auto from = b.run.begin() + static_cast<std::ptrdiff_t>(b.head);
            b.run.insert(std::upper_bound(from, b.run.end(), pos), pos);
        } else {
            b.pending.push_back(pos);
        }
        m_cursor = std::min<std::size_t>(m_cursor, rank);
    }
    bool pop(std::uint32_t &rank, std::uint32_t &pos)
    {
        if (m_size == 0)
            return false;
        --m_size;
        if (!m_bucketed) {
            std::pop_heap(m_heap.begin(), m_heap.end(), std::greater<>());
            rank = static_cast<std::uint32_t>(m_heap.back() >> 32);
            pos = static_cast<std::uint32_t>(m_heap.back());
            m_heap.pop_back();
            return true;
        }
        for (;; ++m_cursor) {
            Bucket &b = m_buckets[m_cursor];
            if (!b.open() && !b.pending.empty()) {
                b.run.swap(b.pending);
                b.pending.clear();
                b.head = 0;
                if (!std::is_sorted(b.run.begin(), b.run.end()))
                    std::sort(b.run.begin(), b.run.end());
            }
            if (b.open())
                break;
        }
        rank = static_cast<std::uint32_t>(m_cursor);
        pos = m_buckets[m_cursor].run[m_buckets[m_cursor].head++];
        return true;
    }
    // The position `ahead` pops from now in the bucket being handed out, or
    // ~0 if none; for prefetching.
    std::uint32_t upcoming(std::size_t ahead) const
    {
        if (!m_bucketed || m_cursor >= m_buckets.size())
            return ~0U;
        const Bucket &b = m_buckets[m_cursor];
        return b.head + ahead < b.run.size() ? b.run[b.head + ahead] : ~0U;
    }
    void clear()
    {
        m_heap.clear();
        for (std::uint32_t r : m_used)
            m_buckets[r] = Bucket{};
        m_used.clear();
    }

private:
    struct Bucket {
        std::vector<std::uint32_t> run;     // sorted, handed out from head
        std::size_t head = 0;
        std::vector<std::uint32_t> pending; // unsorted, until the cursor comes
        bool used = false;
        bool open() const { return head < run.size(); }
    };
    bool m_bucketed = false;
    std::vector<std::uint64_t> m_heap;
    std::vector<Bucket> m_buckets;
    std::vector<std::uint32_t> m_used;
    std::size_t m_cursor = 0, m_size = 0;
};

} // namespace

const std::string &byteLevelChar(unsigned char byte)
{
    return alphabet().charOf[byte];
}

bool byteLevelDecode(std::string_view token, std::string &bytes)
{
    bytes.clear();
    const auto &a = alphabet();
    std::size_t i = 0;
    while (i < token.size()) {
        std::size_t len;
        const char32_t cp = decodeUtf8(token, i, len);
        if (cp >= 512 || a.byteOfCp[cp] < 0)
            return false;
        bytes.push_back(static_cast<char>(a.byteOfCp[cp]));
        i += len;
    }
    return true;
}

BpeModel::BpeModel(const std::vector<std::pair<std::string, std::uint32_t>> &vocab,
                   const std::vector<std::pair<std::string, std::string>> &merges, Options options)
    : m_options(std::move(options))
    , m_cacheOwner(PieceCache::newOwner())
{
    std::uint32_t maxId = 0;
    for (const auto &[token, id] : vocab)
        maxId = std::max(maxId, id);
    // A job waits on this load with its other cores idle: the byte tables are
    // built beside the merges (a GPT-2 load, 37 ms on one thread).
    if (vocab.size() < 4096) {
        buildByteTables(vocab, maxId);
        buildMerges(vocab, merges);
        return;
    }
    auto byteTables = std::async(std::launch::async, [&] { buildByteTables(vocab, maxId); });
    buildMerges(vocab, merges); // if it throws, the future's destructor still waits for the other half
    byteTables.get();
}

// Token strings by id, and the map from a token's bytes to its id (with the
// single-byte and byte-fallback ids the encoder looks up directly).
void BpeModel::buildByteTables(const std::vector<std::pair<std::string, std::uint32_t>> &vocab, std::uint32_t maxId)
{
    m_idToToken.resize(vocab.empty() ? 0 : maxId + 1);
    std::fill(std::begin(m_hasByteIds), std::end(m_hasByteIds), false);
    std::fill(std::begin(m_asciiIds), std::end(m_asciiIds), -1);
    std::vector<std::pair<std::string, std::uint32_t>> bytesToId;
    bytesToId.reserve(vocab.size());
    std::string raw;
    for (const auto &[token, id] : vocab) {
        m_idToToken[id] = token;
        if (m_options.byteLevel) {
            if (byteLevelDecode(token, raw))
                bytesToId.emplace_back(raw, id);
        } else {
            bytesToId.emplace_back(token, id);
            // Byte fallback tokens are exactly <0xHH>, two upper-case hex
            // digits: the reference looks them up as format!("<0x{:02X}>").
            if (token.size() == 6 && token.compare(0, 3, "<0x") == 0 && token[5] == '>') {
                const auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
                const int hi = hex(token[3]), lo = hex(token[4]);
                if (hi >= 0 && lo >= 0) {
                    m_byteIds[hi * 16 + lo] = id;
                    m_hasByteIds[hi * 16 + lo] = true;
                }
            }
        }
    }
    m_bytesToId.build(bytesToId);
    for (int b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        const std::int64_t id = m_bytesToId.find(std::string_view(&c, 1));
        if (id < 0)
            continue;
        if (m_options.byteLevel) {
            m_byteIds[b] = static_cast<std::uint32_t>(id);
            m_hasByteIds[b] = true;
        } else if (b < 128) {
            m_asciiIds[b] = static_cast<std::int32_t>(id);
        }
    }
}

// The merges by rank and the pair table, their tokens resolved through the
// vocabulary's strings; the unknown token's id.
void BpeModel::buildMerges(const std::vector<std::pair<std::string, std::uint32_t>> &vocab,
                           const std::vector<std::pair<std::string, std::string>> &merges)
{
    StringIdMap byString; // token -> id, for the merges
    byString.build(vocab);
    if (!m_options.unkToken.empty()) {
        const std::int64_t unk = byString.find(m_options.unkToken);
        if (unk >= 0)
            m_unkId = static_cast<std::uint32_t>(unk);
    }

    std::size_t capacity = 16;
    while (capacity < merges.size() * 2 + 16)
        capacity <<= 1;
    m_pairs.assign(capacity, PairSlot{kEmpty, 0});
    m_pairMask = capacity - 1;
    m_merges.resize(merges.size());
    const std::size_t prefixLen = m_options.continuingSubwordPrefix.size();
    // Each merge looks up three tokens in a table of megabytes: their hashes
    // first, then the lookups with those of a few merges ahead prefetched.
    std::vector<std::string> mergedTokens(merges.size());
    std::vector<std::array<std::uint64_t, 3>> hashes(merges.size());
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        const auto &[a, b] = merges[rank];
        std::string &merged = mergedTokens[rank];
        merged.assign(a);
        merged.append(b, b.compare(0, prefixLen, m_options.continuingSubwordPrefix) == 0 ? prefixLen : 0, std::string::npos);
        hashes[rank] = {PieceCache::hash(a), PieceCache::hash(b), PieceCache::hash(merged)};
    }
    constexpr std::size_t kAhead = 8;
    for (std::size_t rank = 0; rank < merges.size(); ++rank) {
        if (rank + kAhead < merges.size()) {
            for (const std::uint64_t h : hashes[rank + kAhead])
                byString.prefetch(h);
        }
        const auto &[a, b] = merges[rank];
        const std::int64_t ia = byString.find(a, hashes[rank][0]);
        const std::int64_t ib = byString.find(b, hashes[rank][1]);
        if (ia < 0 || ib < 0)
            throw TokenizerError("merge " + std::to_string(rank + 1) + " (\"" + a + " " + b
                                 + "\") uses a token missing from the vocabulary");
        const std::int64_t im = byString.find(mergedTokens[rank], hashes[rank][2]);
        if (im < 0)
            throw TokenizerError("merge " + std::to_string(rank + 1) + " (\"" + a + " " + b
                                 + "\") makes a token missing from the vocabulary");
        m_merges[rank] = {static_cast<std::uint32_t>(ia), static_cast<std::uint32_t>(ib), static_cast<std::uint32_t>(im)};
        const std::uint64_t key = (std::uint64_t(ia) << 32) | std::uint64_t(ib);
        std::uint64_t slot = hashPair(key) & m_pairMask;
        while (m_pairs[slot].key != kEmpty && m_pairs[slot].key != key)
            slot = (slot + 1) & m_pairMask;
        if (m_pairs[slot].key == key)
            continue; // a repeated merge keeps its first (lowest) rank
        m_pairs[slot] = {key, (std::uint64_t(rank) << 32) | std::uint64_t(im)};
    }
}

BpeModel::~BpeModel() = default;

BpeModel::BpeModel(Options options)
    : m_options(std::move(options))
    , m_cacheOwner(PieceCache::newOwner())
{
}

namespace {
constexpr std::uint32_t kSavedLayout = 1; // bump when a saved table changes shape
}

std::string BpeModel::save() const
{
    std::string out;
    binary::put(out, kSavedLayout);
    std::vector<std::uint32_t> lengths;
    std::string tokens;
    lengths.reserve(m_idToToken.size());
    for (const std::string &t : m_idToToken) {
        lengths.push_back(static_cast<std::uint32_t>(t.size()));
        tokens += t;
    }
    binary::putArray(out, lengths.data(), lengths.size());
    binary::putArray(out, tokens.data(), tokens.size());
    m_bytesToId.save(out);
    binary::put(out, m_asciiIds);
    binary::put(out, m_byteIds);
    std::uint8_t hasByteIds[256];
    for (int b = 0; b < 256; ++b)
        hasByteIds[b] = m_hasByteIds[b] ? 1 : 0;
    binary::put(out, hasByteIds);
    binary::put(out, m_unkId);
    binary::putArray(out, m_pairs.data(), m_pairs.size());
    binary::putArray(out, m_merges.data(), m_merges.size());
    return out;
}

std::unique_ptr<BpeModel> BpeModel::restore(std::string_view in, Options options)
{
    std::unique_ptr<BpeModel> m(new BpeModel(std::move(options)));
    std::uint32_t layout = 0;
    std::vector<std::uint32_t> lengths;
    std::string tokens;
    if (!binary::get(in, layout) || layout != kSavedLayout || !binary::getArray(in, lengths) || !binary::getBytes(in, tokens))
        return nullptr;
    const std::uint64_t vocab = lengths.size();
    m->m_idToToken.resize(lengths.size());
    std::size_t at = 0;
    for (std::size_t id = 0; id < lengths.size(); ++id) {
        if (lengths[id] > tokens.size() - at)
            return nullptr;
        m->m_idToToken[id].assign(tokens, at, lengths[id]);
        at += lengths[id];
    }
    std::uint8_t hasByteIds[256]; // read as bytes: a bool holding anything but 0 or 1 is undefined
    if (at != tokens.size() || !m->m_bytesToId.restore(in, vocab) || !binary::get(in, m->m_asciiIds)
        || !binary::get(in, m->m_byteIds) || !binary::get(in, hasByteIds) || !binary::get(in, m->m_unkId)
        || !binary::getArray(in, m->m_pairs) || !binary::getArray(in, m->m_merges) || !in.empty())
        return nullptr;
    for (int b = 0; b < 256; ++b) {
        if (hasByteIds[b] > 1)
            return nullptr;
        m->m_hasByteIds[b] = hasByteIds[b] == 1;
    }
    // Every id the encoder can produce or look up must be in the vocabulary,
    // and the pair table must be a power of two with an empty slot.
    for (const std::int32_t id : m->m_asciiIds)
        if (id >= 0 && std::uint64_t(id) >= vocab)
            return nullptr;
    for (int b = 0; b < 256; ++b)
        if (m->m_hasByteIds[b] && m->m_byteIds[b] >= vocab)
            return nullptr;
    if (m->m_unkId >= 0 && std::uint64_t(m->m_unkId) >= vocab)
        return nullptr;
    for (const Merge &x : m->m_merges)
        if (x.left >= vocab || x.right >= vocab || x.merged >= vocab)
            return nullptr;
    if (m->m_pairs.size() < 2 || !std::has_single_bit(m->m_pairs.size()))
        return nullptr;
    std::size_t empty = 0;
    for (const PairSlot &p : m->m_pairs) {
        if (p.key == kEmpty) {
            ++empty;
            continue;
        }
        const std::uint64_t rank = p.value >> 32, merged = p.value & 0xffffffffu;
        if ((p.key >> 32) >= vocab || (p.key & 0xffffffffu) >= vocab || rank >= m->m_merges.size() || merged >= vocab)
            return nullptr;
    }
    if (empty == 0)
        return nullptr;
    m->m_pairMask = m->m_pairs.size() - 1;
    return m;
}

std::uint64_t BpeModel::lookupPair(std::uint32_t a, std::uint32_t b) const
{
    const std::uint64_t key = (std::uint64_t(a) << 32) | b;
    std::uint64_t slot = hashPair(key) & m_pairMask;
    for (;;) {
        const PairSlot &p = m_pairs[slot];
        if (p.key == key)
            return p.value;
        if (p.key == kEmpty)
            return kNoMerge;
        slot = (slot + 1) & m_pairMask;
    }
}

void BpeModel::prefetchPair(std::uint32_t a, std::uint32_t b) const
{
    __builtin_prefetch(&m_pairs[hashPair((std::uint64_t(a) << 32) | b) & m_pairMask]);
}

const std::string &BpeModel::tokenString(std::uint32_t id) const
{
    static const std::string empty;
    return id < m_idToToken.size() ? m_idToToken[id] : empty;
}

std::int64_t BpeModel::idOf(std::string_view token) const
{
    if (m_options.byteLevel) {
        std::string raw;
        if (!byteLevelDecode(token, raw))
            return -1;
        return m_bytesToId.find(raw);
    }
    return m_bytesToId.find(token);
}

bool BpeModel::splitsBefore(std::string_view marker) const
{
    if (m_options.byteLevel || marker.empty() || m_bytesToId.find(marker) < 0)
        return false;
    for (const std::string &token : m_idToToken) {
        std::size_t at = 0;
        while (at < token.size() && token.compare(at, marker.size(), marker) == 0)
            at += marker.size();
        if (token.find(marker, at) != std::string::npos)
            return false;
    }
    return true;
}

std::string BpeModel::tokenText(std::uint32_t id) const
{
    const std::string &token = tokenString(id);
    std::string out;
    if (m_options.byteLevel) {
        if (byteLevelDecode(token, out))
            return out;
        return token;
    }
    for (int b = 0; b < 256; ++b) {
        if (m_hasByteIds[b] && m_byteIds[b] == id)
            return std::string(1, static_cast<char>(b));
    }
    return token;
}

void BpeModel::initialSymbols(std::string_view piece, std::vector<Symbol> &symbols) const
{
    symbols.clear();
    const auto push = [&](std::uint32_t id, std::uint32_t len) {
        const auto index = static_cast<std::int32_t>(symbols.size());
        symbols.push_back({id, index - 1, index + 1, len});
    };
    if (m_options.byteLevel) {
        // A byte with no token becomes the unknown token (fused if asked)
        // or, with none, is dropped, as the reference does.
        bool lastWasUnk = false;
        for (unsigned char b : piece) {
            if (m_hasByteIds[b]) {
                push(m_byteIds[b], 1);
                lastWasUnk = false;
            } else if (m_unkId >= 0) {
                if (m_options.fuseUnk && lastWasUnk)
                    symbols.back().len += 1;
                else
                    push(static_cast<std::uint32_t>(m_unkId), 1);
                lastWasUnk = true;
            }
        }
    } else {
        std::size_t i = 0;
        bool lastWasUnk = false;
        while (i < piece.size()) {
            std::size_t len = 1;
            const auto c = static_cast<unsigned char>(piece[i]);
            std::int64_t id;
            if (c < 0x80) {
                id = m_asciiIds[c];
            } else {
                decodeUtf8(piece, i, len);
                id = m_bytesToId.find(piece.substr(i, len));
            }
            if (id >= 0) {
                push(static_cast<std::uint32_t>(id), static_cast<std::uint32_t>(len));
                lastWasUnk = false;
            } else if (m_options.byteFallback) {
                bool all = true;
                for (std::size_t k = 0; k < len; ++k)
                    all = all && m_hasByteIds[static_cast<unsigned char>(piece[i + k])];
                if (all) {
                    for (std::size_t k = 0; k < len; ++k)
                        push(m_byteIds[static_cast<unsigned char>(piece[i + k])], 1);
                } else if (m_unkId >= 0) {
                    push(static_cast<std::uint32_t>(m_unkId), static_cast<std::uint32_t>(len));
                }
                lastWasUnk = false;
            } else if (m_unkId >= 0) {
                if (m_options.fuseUnk && lastWasUnk)
                    symbols.back().len += static_cast<std::uint32_t>(len);
                else
                    push(static_cast<std::uint32_t>(m_unkId), static_cast<std::uint32_t>(len));
                lastWasUnk = true;
            }
            i += len;
        }
    }
    if (!symbols.empty())
        symbols.back().next = -1;
}

void BpeModel::mergeAll(std::vector<Symbol> &symbols) const
{
    const std::size_t n = symbols.size();
    if (n < 2)
        return;
    if (n <= 16) {
        // Few symbols: scanning for the lowest rank (leftmost on ties) is
        // cheaper than a heap and merges in exactly the same order. Each
        // pair's merge is looked up once and after a merge only the two new
        // pairs are (a word's first encoding is mostly these lookups).
        std::uint64_t pairMerge[16]; // by the position of the pair's left symbol
        for (std::size_t i = 0; i + 1 < n; ++i)
            pairMerge[i] = lookupPair(symbols[i].id, symbols[i + 1].id);
        pairMerge[n - 1] = kNoMerge;
        for (;;) {
            std::uint64_t best = kNoMerge;
            std::int32_t bestPos = -1;
            for (std::int32_t i = 0; i != -1; i = symbols[i].next) {
                const std::uint64_t v = pairMerge[i];
                if (v != kNoMerge && (v >> 32) < (best >> 32)) {
                    best = v;
                    bestPos = i;
                }
            }
            if (bestPos < 0)
                return;
            Symbol &s = symbols[bestPos];
            Symbol &next = symbols[s.next];
            s.id = static_cast<std::uint32_t>(best);
            s.len += next.len;
            next.len = 0;
            s.next = next.next;
            if (s.next != -1) {
                symbols[s.next].prev = bestPos;
                pairMerge[bestPos] = lookupPair(s.id, symbols[s.next].id);
            } else {
                pairMerge[bestPos] = kNoMerge;
            }
            if (s.prev != -1)
                pairMerge[s.prev] = lookupPair(symbols[s.prev].id, s.id);
        }
    }
    // Long pieces: a priority queue of (rank, position) with stale entries
    // skipped, O(n log n) however long the piece (no quadratic blow-up). Very
    // long pieces use the per-rank buckets of RankQueue (walked left to right,
    // prefetched), the others one binary heap; both pop lowest rank, then
    // leftmost position.
    thread_local RankQueue queue;
    queue.reset(n > 4096 ? m_merges.size() : 0);
    const auto push = [&](std::int32_t pos) {
        const Symbol &s = symbols[pos];
        if (s.next == -1)
            return;
        const std::uint64_t v = lookupPair(s.id, symbols[s.next].id);
        if (v != kNoMerge)
            queue.push(static_cast<std::uint32_t>(v >> 32), static_cast<std::uint32_t>(pos));
    };
    for (std::size_t i = 0; i + 1 < n; ++i)
        push(static_cast<std::int32_t>(i));
    std::uint32_t rank, upos;
    while (queue.pop(rank, upos)) {
        if (const std::uint32_t ahead = queue.upcoming(16); ahead != ~0U)
            __builtin_prefetch(&symbols[ahead]);
        if (const std::uint32_t soon = queue.upcoming(6); soon != ~0U) {
            // Its symbols are in cache by now: warm the merge table for the
            // pairs its merge would make (the lookups were the next wait).
            const Symbol &a = symbols[soon];
            if (a.len != 0 && a.next != -1) {
                const Merge &m = m_merges[rank];
                const Symbol &b = symbols[a.next];
                if (a.id == m.left && b.id == m.right) {
                    if (a.prev != -1)
                        prefetchPair(symbols[a.prev].id, m.merged);
                    if (b.next != -1)
                        prefetchPair(m.merged, symbols[b.next].id);
                }
            }
        }
        const auto pos = static_cast<std::int32_t>(upos);
        Symbol &s = symbols[pos];
        if (s.len == 0 || s.next == -1)
            continue;
        Symbol &next = symbols[s.next];
        // Ranks in the queue are each pair's first, so the pair itself tells
        // whether the entry is stale (one side changed since it was pushed).
        const Merge &m = m_merges[rank];
        if (s.id != m.left || next.id != m.right)
            continue;
        s.id = m.merged;
        s.len += next.len;
        next.len = 0;
        s.next = next.next;
        if (s.next != -1)
            symbols[s.next].prev = pos;
        if (s.prev != -1)
            push(s.prev);
        push(pos);
    }
    queue.clear();
}

void BpeModel::encodeUncached(std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    if (m_options.ignoreMerges) {
        const std::int64_t id = m_bytesToId.find(piece);
        if (id >= 0) {
            ids.push_back(static_cast<std::uint32_t>(id));
            return;
        }
    }
    thread_local std::vector<Symbol> symbols;
    initialSymbols(piece, symbols);
    mergeAll(symbols);
    for (std::int32_t i = symbols.empty() ? -1 : 0; i != -1; i = symbols[i].next)
        ids.push_back(symbols[i].id);
}

void BpeModel::encodeWith(PieceCache &cache, std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    if (piece.empty())
        return;
    if (m_options.byteLevel && piece.size() == 1 && m_hasByteIds[static_cast<unsigned char>(piece[0])]) {
        ids.push_back(m_byteIds[static_cast<unsigned char>(piece[0])]);
        return;
    }
    cache.encodeWith(piece, ids, [this](std::string_view p, std::vector<std::uint32_t> &out) { encodeUncached(p, out); });
}

void BpeModel::encode(std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    encodeWith(PieceCache::forThread(m_cacheOwner), piece, ids);
}

void BpeModel::encodePieces(const std::vector<std::string_view> &pieces, std::vector<std::uint32_t> &ids) const
{
    PieceCache &cache = PieceCache::forThread(m_cacheOwner); // once, not per piece
    for (const std::string_view piece : pieces)
        encodeWith(cache, piece, ids);
}

} // namespace studio::tokenizers
