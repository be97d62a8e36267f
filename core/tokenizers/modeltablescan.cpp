#include "tokenizers/modeltablescan.h"

#include "tokenizers/piececache.h"
#include "tokenizers/unicodeclass.h"

#include <algorithm>

namespace studio::tokenizers {

namespace {

// A strict reader for the two tables and a skipper for everything else (the
// skipped text goes on to the ordinary JSON reader, which checks it). Every
// method returns false on anything it does not expect.
class Scanner
{
public:
    explicit Scanner(std::string_view s)
        : m_s(s)
    {}

    std::size_t pos() const { return m_pos; }
    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek() const { return atEnd() ? '\0' : m_s[m_pos]; }

    void ws()
    {
        while (!atEnd() && (m_s[m_pos] == ' ' || m_s[m_pos] == '\n' || m_s[m_pos] == '\r' || m_s[m_pos] == '\t'))
            ++m_pos;
    }
    bool expect(char c)
    {
        ws();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    // A JSON string, decoded to UTF-8; invalid UTF-8 in it is refused.
    bool string(std::string &out)
    {
        out.clear();
        if (!expect('"'))
            return false;
        bool nonAscii = false;
        for (;;) {
            const std::size_t runStart = m_pos;
            while (!atEnd()) {
                const auto c = static_cast<unsigned char>(m_s[m_pos]);
                if (c == '"' || c == '\\' || c < 0x20)
                    break;
                nonAscii = nonAscii || c >= 0x80;
                ++m_pos;
            }
            out.append(m_s, runStart, m_pos - runStart);
            if (atEnd() || static_cast<unsigned char>(m_s[m_pos]) < 0x20)
                return false;
            if (m_s[m_pos] == '"') {
                ++m_pos;
                return !nonAscii || !sanitizeUtf8(out, m_scratch); // true: it had to replace something
            }
            if (!escape(out))
                return false;
        }
    }

    // A non-negative integer, digits only, below `limit`.
    bool integer(std::int64_t limit, std::int64_t &value)
    {
        ws();
        const std::size_t start = m_pos;
        value = 0;
        while (!atEnd() && m_s[m_pos] >= '0' && m_s[m_pos] <= '9') {
            value = value * 10 + (m_s[m_pos] - '0');
            if (value >= limit)
                return false;
            ++m_pos;
        }
        const std::size_t digits = m_pos - start;
        if (digits == 0 || (digits > 1 && m_s[start] == '0'))
            return false;
        const char next = peek();
        return next != '.' && next != 'e' && next != 'E';
    }

    // Moves past any value: strings by their quotes and escapes, objects and
    // arrays by their brackets, anything else up to the next delimiter.
    bool skipValue()
    {
        ws();
        if (atEnd())
            return false;
        const char first = m_s[m_pos];
        if (first == '"')
            return skipString();
        if (first != '{' && first != '[') {
            const std::size_t start = m_pos;
            while (!atEnd() && std::string_view(",}] \n\r\t").find(m_s[m_pos]) == std::string_view::npos)
                ++m_pos;
            return m_pos > start;
        }
        int depth = 0;
        while (!atEnd()) {
            const char c = m_s[m_pos];
            if (c == '"') {
                if (!skipString())
                    return false;
                continue;
            }
            if (c == '{' || c == '[') {
                ++depth;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        return false;
    }

private:
    bool skipString()
    {
        ++m_pos; // the opening quote
        while (!atEnd()) {
            const char c = m_s[m_pos++];
            if (c == '\\')
                ++m_pos;
            else if (c == '"')
                return true;
        }
        return false;
    }

    bool hex4(std::uint32_t &v)
    {
        if (m_pos + 4 > m_s.size())
            return false;
        v = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_s[m_pos++];
            v <<= 4;
            if (c >= '0' && c <= '9')
                v |= static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v |= static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v |= static_cast<std::uint32_t>(c - 'A' + 10);
            else
                return false;
        }
        return true;
    }

    bool escape(std::string &out)
    {
        ++m_pos; // the backslash
        if (atEnd())
            return false;
        const char c = m_s[m_pos++];
        switch (c) {
        case '"': out.push_back('"'); return true;
        case '\\': out.push_back('\\'); return true;
        case '/': out.push_back('/'); return true;
        case 'b': out.push_back('\b'); return true;
        case 'f': out.push_back('\f'); return true;
        case 'n': out.push_back('\n'); return true;
        case 'r': out.push_back('\r'); return true;
        case 't': out.push_back('\t'); return true;
        case 'u': break;
        default: return false;
        }
        std::uint32_t cp;
        if (!hex4(cp))
            return false;
        if (cp >= 0xDC00 && cp <= 0xDFFF)
            return false; // a lone low surrogate
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t low;
            if (m_pos + 2 > m_s.size() || m_s[m_pos] != '\\' || m_s[m_pos + 1] != 'u')
                return false; // a lone high surrogate
            m_pos += 2;
            if (!hex4(low) || low < 0xDC00 || low > 0xDFFF)
                return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        appendUtf8(out, cp);
        return true;
    }

    std::string_view m_s;
    std::size_t m_pos = 0;
    std::string m_scratch; // sanitizeUtf8's output, unused
};

// The items of an object or array between `open` and `close`: `item` reads
// each one and returns false to give up.
template<typename Item>
bool sequence(Scanner &s, char open, char close, Item &&item)
{
    if (!s.expect(open))
        return false;
    s.ws();
    if (s.peek() == close)
        return s.expect(close);
    for (;;) {
        if (!item())
            return false;
        s.ws();
        if (s.peek() != ',')
            return s.expect(close);
        s.expect(',');
    }
}

// An object's members: `member` reads each value (the scanner just past its colon).
template<typename Member>
bool members(Scanner &s, std::string &key, Member &&member)
{
    return sequence(s, '{', '}', [&] { return s.string(key) && s.expect(':') && member(key); });
}

bool vocabulary(Scanner &s, std::int64_t maxId, ModelTables &t)
{
    std::string key;
    std::vector<bool> idSeen;
    const bool read = members(s, key, [&](const std::string &token) {
        std::int64_t id;
        if (!s.integer(maxId, id))
            return false;
        const auto index = static_cast<std::size_t>(id);
        if (index >= idSeen.size())
            idSeen.resize(std::max(index + 1, idSeen.size() * 2), false);
        if (idSeen[index])
            return false; // two tokens with one id: the ordinary reader decides
        idSeen[index] = true;
        t.vocab.emplace_back(token, static_cast<std::uint32_t>(id));
        return true;
    });
    if (!read)
        return false;
    // A repeated token: also left to the ordinary reader (it keeps one of
    // them). Found by sorting hashes; equal hashes compare the tokens.
    std::vector<std::pair<std::uint64_t, std::uint32_t>> hashes;
    hashes.reserve(t.vocab.size());
    for (std::size_t i = 0; i < t.vocab.size(); ++i)
        hashes.emplace_back(PieceCache::hash(t.vocab[i].first), static_cast<std::uint32_t>(i));
    std::sort(hashes.begin(), hashes.end());
    for (std::size_t i = 1; i < hashes.size(); ++i) {
        for (std::size_t j = i; j-- > 0 && hashes[j].first == hashes[i].first;) {
            if (t.vocab[hashes[j].second].first == t.vocab[hashes[i].second].first)
                return false;
        }
    }
    return true;
}

bool merge(Scanner &s, ModelTables &t)
{
    s.ws();
    std::string a, b;
    if (s.peek() == '[') {
        if (!s.expect('[') || !s.string(a) || !s.expect(',') || !s.string(b) || !s.expect(']'))
            return false;
        t.merges.emplace_back(std::move(a), std::move(b));
        return true;
    }
    if (!s.string(a))
        return false;
    auto pair = splitMerge(a);
    if (!pair)
        return false;
    t.merges.push_back(std::move(*pair));
    return true;
}

bool mergeList(Scanner &s, ModelTables &t)
{
    return sequence(s, '[', ']', [&] { return merge(s, t); });
}

} // namespace

std::optional<std::pair<std::string, std::string>> splitMerge(std::string_view merge)
{
    const std::size_t space = merge.find(' ', 1);
    if (space == std::string_view::npos)
        return std::nullopt;
    return std::pair<std::string, std::string>(merge.substr(0, space), merge.substr(space + 1));
}

std::optional<ModelTables> scanModelTables(std::string_view json, std::int64_t maxId)
{
    Scanner s(json);
    ModelTables t;
    std::size_t vocabFrom = 0, vocabTo = 0, mergesFrom = 0, mergesTo = 0;
    bool sawModel = false, sawVocab = false;
    std::string key, modelKey;
    const bool read = members(s, key, [&](const std::string &name) {
        if (name != "model")
            return s.skipValue();
        if (sawModel)
            return false;
        sawModel = true;
        return members(s, modelKey, [&](const std::string &field) {
            if (field == "vocab") {
                s.ws();
                if (sawVocab || s.peek() != '{')
                    return false; // a list is Unigram's: not read here
                sawVocab = true;
                vocabFrom = s.pos();
                const bool ok = vocabulary(s, maxId, t);
                vocabTo = s.pos();
                return ok;
            }
            if (field == "merges") {
                s.ws();
                if (t.hasMerges)
                    return false;
                t.hasMerges = true;
                mergesFrom = s.pos();
                const bool ok = mergeList(s, t);
                mergesTo = s.pos();
                return ok;
            }
            return s.skipValue();
        });
    });
    if (!read || !sawModel)
        return std::nullopt;
    // The rest of the file, the two tables emptied, in file order.
    struct Cut {
        std::size_t from, to;
        const char *with;
    };
    std::vector<Cut> cuts;
    if (sawVocab)
        cuts.push_back({vocabFrom, vocabTo, "{}"});
    if (t.hasMerges)
        cuts.push_back({mergesFrom, mergesTo, "[]"});
    std::sort(cuts.begin(), cuts.end(), [](const Cut &x, const Cut &y) { return x.from < y.from; });
    std::size_t at = 0;
    for (const Cut &c : cuts) {
        t.rest.append(json, at, c.from - at);
        t.rest.append(c.with);
        at = c.to;
    }
    t.rest.append(json, at, std::string_view::npos);
    return t;
}

} // namespace studio::tokenizers
