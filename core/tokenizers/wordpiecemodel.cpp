#include "tokenizers/wordpiecemodel.h"

#include "tokenizers/tokenizererror.h"
#include "tokenizers/unicodeclass.h"

namespace studio::tokenizers {

WordPieceModel::WordPieceModel(const std::vector<std::pair<std::string, std::uint32_t>> &vocab, std::string unkToken,
                               std::string prefix, std::size_t maxInputCharsPerWord)
    : m_prefix(std::move(prefix))
    , m_maxChars(maxInputCharsPerWord)
    , m_cacheOwner(PieceCache::newOwner())
{
    std::uint32_t maxId = 0;
    for (const auto &[t, id] : vocab)
        maxId = std::max(maxId, id);
    m_idToToken.resize(vocab.empty() ? 0 : maxId + 1);
    m_vocab.build(vocab);
    for (const auto &[t, id] : vocab)
        m_idToToken[id] = t;
    m_unkId = m_vocab.find(unkToken);
    if (m_unkId < 0)
        throw TokenizerError("WordPiece unk_token '" + unkToken + "' is not in the vocabulary");
}

void WordPieceModel::encode(std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    if (piece.empty())
        return;
    PieceCache::encodeCached(m_cacheOwner, piece, ids,
                             [this](std::string_view p, std::vector<std::uint32_t> &out) { encodeUncached(p, out); });
}

void WordPieceModel::encodeUncached(std::string_view piece, std::vector<std::uint32_t> &ids) const
{
    thread_local std::vector<std::size_t> boundaries; // byte offset of each character
    thread_local std::string candidate;
    boundaries.clear();
    for (std::size_t i = 0; i < piece.size();) {
        boundaries.push_back(i);
        std::size_t len;
        decodeUtf8(piece, i, len);
        i += len;
    }
    if (boundaries.size() > m_maxChars) {
        ids.push_back(static_cast<std::uint32_t>(m_unkId));
        return;
    }
    boundaries.push_back(piece.size());
    const std::size_t before = ids.size();
    std::size_t start = 0; // index into boundaries
    while (start + 1 < boundaries.size()) {
        std::size_t end = boundaries.size() - 1;
        bool found = false;
        candidate.assign(start > 0 ? m_prefix : std::string());
        const std::size_t prefixLen = candidate.size();
        candidate.append(piece.substr(boundaries[start]));
        while (end > start) {
            const std::string_view c(candidate.data(), prefixLen + boundaries[end] - boundaries[start]);
            const std::int64_t id = m_vocab.find(c);
            if (id >= 0) {
                ids.push_back(static_cast<std::uint32_t>(id));
                found = true;
                break;
            }
            --end;
        }
        if (!found) {
            ids.resize(before);
            ids.push_back(static_cast<std::uint32_t>(m_unkId));
            return;
        }
        start = end;
    }
}

const std::string &WordPieceModel::tokenString(std::uint32_t id) const
{
    static const std::string empty;
    return id < m_idToToken.size() ? m_idToToken[id] : empty;
}

std::string WordPieceModel::tokenText(std::uint32_t id) const
{
    const std::string &t = tokenString(id);
    if (!m_prefix.empty() && t.compare(0, m_prefix.size(), m_prefix) == 0)
        return t.substr(m_prefix.size());
    return t;
}

std::int64_t WordPieceModel::idOf(std::string_view token) const
{
    return m_vocab.find(token);
}

} // namespace studio::tokenizers
