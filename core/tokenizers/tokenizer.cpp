#include "tokenizers/tokenizer.h"

#include "tokenizers/tokenizerparts.h"
#include "tokenizers/unicodeclass.h"
#include "tokenizers/workerpool.h"

#include <algorithm>
#include <cstring>
#include <thread>

namespace studio::tokenizers {

struct Tokenizer::Segment {
    std::string_view text; // empty text with addedId set: an added token
    std::int64_t addedId = -1;
};

void Tokenizer::Parts::indexAddedTokens()
{
    for (auto &list : addedByFirstByte)
        list.clear();
    addedFirstByte.fill(false);
    for (std::size_t i = 0; i < added.size(); ++i) {
        if (!added[i].content.empty()) {
            const auto first = static_cast<unsigned char>(added[i].content[0]);
            addedByFirstByte[first].push_back(i);
            addedFirstByte[first] = true;
        }
    }
    onlyAddedFirstByte = -1;
    if (std::count(addedFirstByte.begin(), addedFirstByte.end(), true) == 1)
        onlyAddedFirstByte = static_cast<int>(std::find(addedFirstByte.begin(), addedFirstByte.end(), true) - addedFirstByte.begin());
    for (auto &list : addedByFirstByte)
        std::sort(list.begin(), list.end(),
                  [&](std::size_t a, std::size_t b) { return added[a].content.size() > added[b].content.size(); });
    for (const AddedToken &t : added)
        vocabSize = std::max<std::size_t>(vocabSize, t.id + 1);
    // The post-processor's ids count too (a file may name ids its vocabulary
    // lacks): token files pick their integer width from the vocabulary size.
    for (const auto *ids : {&prefixIds, &suffixIds})
        for (const std::uint32_t id : *ids)
            vocabSize = std::max<std::size_t>(vocabSize, std::size_t(id) + 1);
    for (const auto &id : {bos, eos})
        if (id)
            vocabSize = std::max<std::size_t>(vocabSize, std::size_t(*id) + 1);
}

Tokenizer::Tokenizer(std::unique_ptr<Parts> parts)
    : m_p(std::move(parts))
{
    m_p->vocabSize = std::max(m_p->vocabSize, m_p->model->vocabSize());
    m_p->indexAddedTokens();
}

Tokenizer::~Tokenizer() = default;

namespace {

bool isWordByte(std::string_view text, std::size_t at)
{
    std::size_t len;
    const CharClass k = charClass(decodeUtf8(text, at, len));
    return k == CharClass::Letter || k == CharClass::Number || text[at] == '_';
}

bool isSpaceAt(std::string_view text, std::size_t at, std::size_t &len)
{
    return charClass(decodeUtf8(text, at, len)) == CharClass::Space;
}

} // namespace

// Splits on added tokens, leftmost-longest, as the reference does before
// normalization; lstrip/rstrip absorb neighbouring whitespace, single_word
// requires word boundaries.
void Tokenizer::split(std::string_view text, std::vector<Segment> &segments) const
{
    std::size_t textStart = 0;
    std::size_t i = 0;
    if (m_p->added.empty()) {
        segments.push_back({text, -1});
        return;
    }
    const std::size_t n = text.size();
    while (i < n) {
        if (m_p->onlyAddedFirstByte >= 0) { // e.g. GPT-2's one added token, <|endoftext|>
            const void *at = std::memchr(text.data() + i, m_p->onlyAddedFirstByte, n - i);
            i = at ? static_cast<std::size_t>(static_cast<const char *>(at) - text.data()) : n;
        } else {
            while (i < n && !m_p->addedFirstByte[static_cast<unsigned char>(text[i])])
                ++i;
        }
        if (i == n)
            break;
        const auto &candidates = m_p->addedByFirstByte[static_cast<unsigned char>(text[i])];
        const AddedToken *hit = nullptr;
        for (std::size_t c : candidates) {
            const AddedToken &t = m_p->added[c];
            if (text.compare(i, t.content.size(), t.content) != 0)
                continue;
            if (t.singleWord) {
                const std::size_t end = i + t.content.size();
                if ((i > 0 && isWordByte(text, i - 1)) || (end < text.size() && isWordByte(text, end)))
                    continue;
            }
            hit = &t;
            break;
        }
        if (!hit) {
            ++i;
            continue;
        }
        std::size_t begin = i, end = i + hit->content.size();
        if (hit->lstrip) {
            while (begin > textStart) {
                std::size_t s = begin - 1;
                while (s > textStart && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80)
                    --s;
                std::size_t len;
                if (!isSpaceAt(text, s, len))
                    break;
                begin = s;
            }
        }
        if (hit->rstrip) {
            std::size_t len;
            while (end < text.size() && isSpaceAt(text, end, len))
                end += len;
        }
        if (begin > textStart)
            segments.push_back({text.substr(textStart, begin - textStart), -1});
        segments.push_back({std::string_view(text.data() + begin, end - begin), hit->id});
        i = textStart = end;
    }
    if (textStart < text.size())
        segments.push_back({text.substr(textStart), -1});
}

void Tokenizer::encodeSegment(std::string_view text, std::vector<std::uint32_t> &ids, std::vector<Token> *tokens,
                              std::uint32_t base) const
{
    thread_local std::vector<std::string_view> pieces;
    thread_local std::string work;
    pieces.clear();
    std::string_view input = text;
    const bool rewrites = m_p->normalizer || m_p->addPrefixSpace || m_p->metaspace;
    if (rewrites) {
        work.assign(text);
        if (m_p->normalizer)
            m_p->normalizer->normalize(work);
        if (m_p->addPrefixSpace && !work.empty() && work[0] != ' ')
            work.insert(0, 1, ' ');
        if (m_p->metaspace) {
            // Spaces become the replacement, then (as the reference) the
            // replacement is prepended unless the result already starts with it.
            thread_local std::string replaced;
            replaced.clear();
            const std::string &r = m_p->metaspaceReplacement;
            if (m_p->metaspacePrepend && (!m_p->metaspacePrependFirstOnly || base == 0) && !work.empty()
                && work[0] != ' ' && work.compare(0, r.size(), r) != 0)
                replaced = r;
            for (char c : work) {
                if (c == ' ')
                    replaced += r;
                else
                    replaced.push_back(c);
            }
            work.swap(replaced);
        }
        input = work;
    }
    if (m_p->metaspace && m_p->metaspaceSplit) {
        // Split before each replacement character (merged with next).
        std::size_t start = 0;
        const std::string &r = m_p->metaspaceReplacement;
        for (std::size_t at = input.find(r, 1); at != std::string_view::npos; at = input.find(r, at + r.size())) {
            pieces.emplace_back(input.data() + start, at - start);
            start = at;
        }
        if (start < input.size())
            pieces.emplace_back(input.data() + start, input.size() - start);
    } else if (m_p->preTokenizer) {
        m_p->preTokenizer->split(input, pieces);
    } else if (!input.empty()) {
        pieces.push_back(input);
    }
    if (!tokens) {
        m_p->model->encodePieces(pieces, ids);
        return;
    }
    for (std::string_view piece : pieces) {
        const std::size_t before = ids.size();
        m_p->model->encode(piece, ids);
        // Byte spans: each token covers the bytes it stands for; with a
        // rewriting normalizer the spans are approximate (clamped to the text).
        std::size_t at = rewrites ? std::min<std::size_t>(piece.data() - input.data(), text.size())
                                  : static_cast<std::size_t>(piece.data() - input.data());
        const std::size_t pieceEnd = rewrites ? std::min(at + piece.size(), text.size()) : at + piece.size();
        for (std::size_t k = before; k < ids.size(); ++k) {
            std::size_t len = m_p->model->tokenText(ids[k]).size();
            if (k + 1 == ids.size() || at + len > pieceEnd)
                len = pieceEnd > at ? pieceEnd - at : 0;
            tokens->push_back({ids[k], base + static_cast<std::uint32_t>(at), base + static_cast<std::uint32_t>(at + len)});
            at += len;
        }
    }
}

void Tokenizer::encode(std::string_view text, bool addSpecialTokens, std::vector<std::uint32_t> &ids) const
{
    thread_local std::string sanitized;
    if (sanitizeUtf8(text, sanitized))
        text = sanitized;
    if (addSpecialTokens)
        ids.insert(ids.end(), m_p->prefixIds.begin(), m_p->prefixIds.end());
    thread_local std::vector<Segment> segments;
    segments.clear();
    split(text, segments);
    for (const Segment &s : segments) {
        if (s.addedId >= 0)
            ids.push_back(static_cast<std::uint32_t>(s.addedId));
        else
            encodeSegment(s.text, ids, nullptr, static_cast<std::uint32_t>(s.text.data() - text.data()));
    }
    if (addSpecialTokens)
        ids.insert(ids.end(), m_p->suffixIds.begin(), m_p->suffixIds.end());
}

std::vector<std::uint32_t> Tokenizer::encode(std::string_view text, bool addSpecialTokens) const
{
    std::vector<std::uint32_t> ids;
    encode(text, addSpecialTokens, ids);
    return ids;
}

std::vector<Tokenizer::Token> Tokenizer::encodeWithOffsets(std::string_view text, bool addSpecialTokens) const
{
    // Offsets are computed on the sanitized text, then mapped back to `text`
    // (a U+FFFD is 3 bytes for 1..3 invalid input bytes).
    std::string sanitized;
    std::vector<std::uint32_t> origin;
    const std::uint32_t inputSize = static_cast<std::uint32_t>(text.size());
    if (sanitizeUtf8(text, sanitized, &origin))
        text = sanitized;
    else
        origin.clear();
    std::vector<Token> tokens;
    std::vector<std::uint32_t> ids;
    if (addSpecialTokens) {
        for (std::uint32_t id : m_p->prefixIds)
            tokens.push_back({id, 0, 0});
    }
    std::vector<Segment> segments;
    split(text, segments);
    for (const Segment &s : segments) {
        const auto base = static_cast<std::uint32_t>(s.text.data() - text.data());
        if (s.addedId >= 0) {
            tokens.push_back({static_cast<std::uint32_t>(s.addedId), base, base + static_cast<std::uint32_t>(s.text.size())});
            continue;
        }
        std::vector<Token> local;
        ids.clear();
        encodeSegment(s.text, ids, &local, 0);
        for (Token &t : local)
            tokens.push_back({t.id, base + t.begin, base + t.end});
    }
    if (addSpecialTokens) {
        const auto end = static_cast<std::uint32_t>(text.size());
        for (std::uint32_t id : m_p->suffixIds)
            tokens.push_back({id, end, end});
    }
    if (!origin.empty()) {
        for (Token &t : tokens) {
            t.begin = t.begin < origin.size() ? origin[t.begin] : inputSize;
            t.end = std::max(t.begin, t.end < origin.size() ? origin[t.end] : inputSize);
        }
    }
    return tokens;
}

std::vector<std::vector<std::uint32_t>> Tokenizer::encodeBatch(std::span<const std::string_view> texts,
                                                               bool addSpecialTokens, unsigned threads) const
{
    std::vector<std::vector<std::uint32_t>> out(texts.size());
    // Each result is allocated once at its final size, not grown token by token.
    encodeEach(texts, addSpecialTokens, threads,
               [&out](std::size_t i, std::span<const std::uint32_t> ids) { out[i].assign(ids.begin(), ids.end()); });
    return out;
}

void Tokenizer::encodeEach(std::span<const std::string_view> texts, bool addSpecialTokens, unsigned threads,
                           const EncodedSink &sink) const
{
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, texts.size() / 16)));
    const auto one = [&](std::size_t i) {
        thread_local std::vector<std::uint32_t> ids;
        ids.clear();
        encode(texts[i], addSpecialTokens, ids);
        sink(i, ids);
        if (ids.capacity() > (std::size_t(1) << 22))
            std::vector<std::uint32_t>().swap(ids); // one huge text must not pin its buffer for ever
    };
    if (threads <= 1) {
        for (std::size_t i = 0; i < texts.size(); ++i)
            one(i);
        return;
    }
    WorkerPool::instance().parallelFor(texts.size(), threads, one);
}

std::size_t Tokenizer::vocabSize() const
{
    return m_p->vocabSize;
}

std::string Tokenizer::idToToken(std::uint32_t id) const
{
    for (const AddedToken &t : m_p->added) {
        if (t.id == id)
            return t.content;
    }
    return m_p->model->tokenString(id);
}

std::string Tokenizer::tokenText(std::uint32_t id) const
{
    for (const AddedToken &t : m_p->added) {
        if (t.id == id)
            return t.content;
    }
    std::string text = m_p->model->tokenText(id);
    if (m_p->decoder == DecoderKind::Metaspace) {
        const std::string &r = m_p->metaspaceReplacement;
        if (r.empty())
            return text;
        // Built anew rather than with replace(), which trips GCC 12's -Wrestrict.
        std::string shown;
        std::size_t from = 0;
        for (std::size_t at; (at = text.find(r, from)) != std::string::npos; from = at + r.size()) {
            shown.append(text, from, at - from);
            shown.push_back(' ');
        }
        shown.append(text, from, std::string::npos);
        return shown;
    }
    return text;
}

std::optional<std::uint32_t> Tokenizer::tokenToId(std::string_view token) const
{
    for (const AddedToken &t : m_p->added) {
        if (t.content == token)
            return t.id;
    }
    const std::int64_t id = m_p->model->idOf(token);
    if (id < 0)
        return std::nullopt;
    return static_cast<std::uint32_t>(id);
}

bool Tokenizer::isSpecial(std::uint32_t id) const
{
    for (const AddedToken &t : m_p->added) {
        if (t.id == id)
            return t.special;
    }
    return false;
}

std::string Tokenizer::decode(std::span<const std::uint32_t> ids, bool skipSpecialTokens) const
{
    if (m_p->decoderChain || m_p->joinWithSpaces) {
        // As the reference: the tokens' strings through the decoder, joined.
        std::vector<std::string> tokens;
        tokens.reserve(ids.size());
        for (std::uint32_t id : ids) {
            if (!(skipSpecialTokens && isSpecial(id)))
                tokens.push_back(idToToken(id));
        }
        if (m_p->decoderChain)
            m_p->decoderChain->decodeChain(tokens);
        std::string joined;
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i && !m_p->decoderChain)
                joined.push_back(' ');
            joined += tokens[i];
        }
        std::string clean;
        return sanitizeUtf8(joined, clean) ? clean : joined;
    }
    std::string out;
    bool first = true;
    for (std::uint32_t id : ids) {
        if (skipSpecialTokens && isSpecial(id))
            continue;
        if (m_p->decoder == DecoderKind::WordPiece) {
            const std::string &raw = idToToken(id);
            const std::string &p = m_p->wordPiecePrefix;
            if (!first && raw.compare(0, p.size(), p) == 0)
                out += raw.substr(p.size());
            else
                out += (first ? std::string() : std::string(" ")) + raw;
        } else {
            out += tokenText(id);
        }
        first = false;
    }
    if (m_p->decoder == DecoderKind::Metaspace && !out.empty() && out[0] == ' ')
        out.erase(0, 1);
    std::string clean;
    if (sanitizeUtf8(out, clean))
        return clean;
    return out;
}

std::size_t Tokenizer::addedSpecialTokenCount() const
{
    return m_p->prefixIds.size() + m_p->suffixIds.size();
}

const std::vector<std::uint32_t> &Tokenizer::templatePrefix() const
{
    return m_p->prefixIds;
}

const std::vector<std::uint32_t> &Tokenizer::templateSuffix() const
{
    return m_p->suffixIds;
}

std::optional<std::uint32_t> Tokenizer::bosId() const
{
    return m_p->bos;
}

std::optional<std::uint32_t> Tokenizer::eosId() const
{
    return m_p->eos;
}

std::vector<std::pair<std::size_t, std::size_t>> overflowWindows(std::size_t length, std::size_t maxLength,
                                                                 std::size_t stride)
{
    std::vector<std::pair<std::size_t, std::size_t>> windows;
    if (length <= maxLength || maxLength == 0) {
        windows.emplace_back(0, std::min(length, maxLength == 0 ? length : maxLength));
        return windows;
    }
    const std::size_t step = maxLength - stride;
    for (std::size_t start = 0; start < length; start += step) {
        const std::size_t stop = std::min(start + maxLength, length);
        windows.emplace_back(start, stop);
        if (stop == length)
            break;
    }
    return windows;
}

} // namespace studio::tokenizers
