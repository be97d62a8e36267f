#include "tokenizers/unigrammodel.h"

#include "tokenizers/piececache.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/unicodeclass.h"

#include <algorithm>
#include <cstdio>
#include <limits>

namespace studio::tokenizers {

namespace {

constexpr std::uint64_t kNoEdge = ~0ULL;
constexpr double kUnkPenalty = 10.0;

std::uint64_t mix(std::uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

} // namespace

UnigramModel::UnigramModel(const std::vector<std::pair<std::string, double>> &vocab, std::optional<std::uint32_t> unkId,
                           bool byteFallback)
    : m_unkId(unkId)
    , m_byteFallback(byteFallback)
    , m_cacheOwner(PieceCache::newOwner())
{
    if (vocab.empty())
        throw TokenizerError("the Unigram vocabulary is empty");
    if (unkId && *unkId >= vocab.size())
        throw TokenizerError("the Unigram unk_id " + std::to_string(*unkId) + " is not in the vocabulary ("
                             + std::to_string(vocab.size()) + " pieces)");
    m_pieces.reserve(vocab.size());
    m_scores.reserve(vocab.size());
    double minScore = std::numeric_limits<double>::infinity();
    std::size_t totalBytes = 0;
    for (const auto &[piece, score] : vocab) {
        m_pieces.push_back(piece);
        m_scores.push_back(score);
        minScore = std::min(minScore, score);
        totalBytes += piece.size();
    }
    m_unkScore = minScore - kUnkPenalty;
    // The reference's piece -> id map keeps the last id of a repeated piece.
    std::vector<std::pair<std::string, std::uint32_t>> entries;
    entries.reserve(vocab.size());
    for (std::size_t i = vocab.size(); i-- > 0;)
        entries.emplace_back(vocab[i].first, static_cast<std::uint32_t>(i));
    m_ids.build(entries);

    std::fill(std::begin(m_byteIds), std::end(m_byteIds), -1);
    for (int b = 0; b < 256; ++b) {
        char name[8];
        std::snprintf(name, sizeof name, "<0x%02X>", b);
        m_byteIds[b] = m_ids.find(name);
    }

    std::size_t capacity = 16;
    while (capacity < totalBytes * 2 + 16)
        capacity <<= 1;
    m_edgeKeys.assign(capacity, kNoEdge);
    m_edgeChildren.assign(capacity, -1);
    m_edgeMask = capacity - 1;
    m_nodeIds.assign(1, -1);
    for (std::size_t i = 0; i < m_pieces.size(); ++i)
        addToTrie(m_pieces[i], static_cast<std::uint32_t>(i));
}

std::int32_t UnigramModel::child(std::int32_t node, unsigned char byte) const
{
    const std::uint64_t key = (std::uint64_t(node) << 8) | byte;
    for (std::uint64_t slot = mix(key) & m_edgeMask;; slot = (slot + 1) & m_edgeMask) {
        const std::uint64_t k = m_edgeKeys[slot];
        if (k == key)
            return m_edgeChildren[slot];
        if (k == kNoEdge)
            return -1;
    }
}

void UnigramModel::addToTrie(std::string_view piece, std::uint32_t id)
{
    if (piece.empty())
        return;
    std::int32_t node = 0;
    for (unsigned char b : piece) {
        std::int32_t next = child(node, b);
        if (next < 0) {
            next = static_cast<std::int32_t>(m_nodeIds.size());
            m_nodeIds.push_back(-1);
            const std::uint64_t key = (std::uint64_t(node) << 8) | b;
            std::uint64_t slot = mix(key) & m_edgeMask;
            while (m_edgeKeys[slot] != kNoEdge)
                slot = (slot + 1) & m_edgeMask;
            m_edgeKeys[slot] = key;
            m_edgeChildren[slot] = next;
        }
        node = next;
    }
    // Later ids overwrite: a repeated piece stands for its last id, as the
    // reference's piece -> id map has it.
    m_nodeIds[static_cast<std::size_t>(node)] = id;
}

const std::string &UnigramModel::tokenString(std::uint32_t id) const
{
    static const std::string empty;
    return id < m_pieces.size() ? m_pieces[id] : empty;
}

std::string UnigramModel::tokenText(std::uint32_t id) const
{
    for (int b = 0; b < 256; ++b) {
        if (m_byteIds[b] == std::int64_t(id))
            return std::string(1, static_cast<char>(b));
    }
    return tokenString(id);
}

std::int64_t UnigramModel::idOf(std::string_view token) const
{
    return m_ids.find(token);
}

void UnigramModel::encode(std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    if (piece.empty())
        return;
    PieceCache::encodeCached(m_cacheOwner, piece, ids,
                             [this](std::string_view p, std::vector<std::uint32_t> &out) { encodeUncached(p, out); });
}

// A run of text the best path marks unknown: its own id if the run happens
// to be a piece, else its bytes (byte_fallback, when all have a piece), else
// the unknown token.
void UnigramModel::appendUnknown(std::string_view text, std::vector<std::uint32_t> &ids) const
{
    const std::int64_t id = m_ids.find(text);
    if (id >= 0) {
        ids.push_back(static_cast<std::uint32_t>(id));
        return;
    }
    if (m_byteFallback) {
        bool all = true;
        for (unsigned char b : text)
            all = all && m_byteIds[b] >= 0;
        if (all) {
            for (unsigned char b : text)
                ids.push_back(static_cast<std::uint32_t>(m_byteIds[b]));
            return;
        }
    }
    if (m_unkId)
        ids.push_back(*m_unkId);
}

void UnigramModel::encodeUncached(std::string_view text, std::vector<std::uint32_t> &ids) const
{
    struct Node {
        double score = 0;
        std::int64_t id = -1;      // piece id, or -1 for the unknown token
        std::int64_t start = -1;   // where the best path's last piece starts (-1: not reached)
    };
    thread_local std::vector<Node> best;
    const std::size_t n = text.size();
    best.assign(n + 1, Node{});
    std::size_t at = 0;
    while (at < n) {
        const double here = best[at].score;
        std::size_t charLen;
        decodeUtf8(text, at, charLen);
        bool single = false;
        std::int32_t node = 0;
        for (std::size_t k = at; k < n; ++k) {
            node = child(node, static_cast<unsigned char>(text[k]));
            if (node < 0)
                break;
            const std::int64_t id = m_nodeIds[static_cast<std::size_t>(node)];
            if (id < 0)
                continue;
            const std::size_t end = k + 1;
            const double candidate = m_scores[static_cast<std::size_t>(id)] + here;
            Node &target = best[end];
            if (target.start < 0 || candidate > target.score) {
                target.score = candidate;
                target.start = static_cast<std::int64_t>(at);
                target.id = id;
            }
            if (end - at == charLen)
                single = true;
        }
        if (!single) {
            Node &target = best[at + charLen];
            const double candidate = m_unkScore + here;
            if (target.start < 0 || candidate > target.score) {
                target.score = candidate;
                target.start = static_cast<std::int64_t>(at);
                target.id = -1;
            }
        }
        at += charLen;
    }
    // Back from the end: pieces in reverse, consecutive unknowns fused.
    thread_local std::vector<std::pair<std::size_t, std::size_t>> spans; // [begin, end), unknown when begin has bit 63
    spans.clear();
    constexpr std::size_t kUnknown = std::size_t(1) << 63;
    for (std::size_t end = n; end > 0;) {
        const Node &node = best[end];
        const auto start = static_cast<std::size_t>(node.start);
        const bool unknown = node.id < 0 || (m_unkId && node.id == std::int64_t(*m_unkId));
        if (unknown && !spans.empty() && (spans.back().first & kUnknown))
            spans.back().first = start | kUnknown; // extend the fused run leftwards
        else
            spans.emplace_back(unknown ? start | kUnknown : start, end);
        end = start;
    }
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        const std::size_t begin = it->first & ~kUnknown;
        const std::string_view piece = text.substr(begin, it->second - begin);
        if (it->first & kUnknown) {
            appendUnknown(piece, ids);
        } else {
            ids.push_back(static_cast<std::uint32_t>(m_ids.find(piece)));
        }
    }
}

} // namespace studio::tokenizers
