#include "tokenizers/splitpretokenizers.h"

#include "tokenizers/tokenizererror.h"
#include "tokenizers/unicodeclass.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <array>
#include <cstring>

#include <unicode/uchar.h>

namespace studio::tokenizers {

struct RegexSplitPreTokenizer::Impl {
    pcre2_code *code = nullptr;
    ~Impl() { pcre2_code_free(code); }
};

RegexSplitPreTokenizer::RegexSplitPreTokenizer(const std::string &pattern, bool literal, SplitBehavior behavior,
                                               bool invert)
    : m_d(std::make_unique<Impl>())
    , m_behavior(behavior)
    , m_invert(invert)
{
    int error = 0;
    PCRE2_SIZE offset = 0;
    const uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | (literal ? PCRE2_LITERAL : 0);
    m_d->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error, &offset,
                              nullptr);
    if (!m_d->code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error, message, sizeof message);
        throw TokenizerError("the Split pattern " + pattern + " is not a supported regex: "
                             + reinterpret_cast<const char *>(message));
    }
    pcre2_jit_compile(m_d->code, PCRE2_JIT_COMPLETE);
}

RegexSplitPreTokenizer::~RegexSplitPreTokenizer() = default;

void RegexSplitPreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    thread_local pcre2_match_data *data = pcre2_match_data_create(1, nullptr);
    struct Span {
        std::size_t begin, end;
        bool match;
    };
    std::vector<Span> spans;
    std::size_t at = 0, last = 0;
    while (at <= text.size()) {
        const int rc = pcre2_match(m_d->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), at,
                                   PCRE2_NO_UTF_CHECK, data, nullptr);
        if (rc < 0)
            break;
        const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(data);
        const std::size_t b = ov[0], e = ov[1];
        if (e == b) { // empty match: step over one character
            std::size_t len = 1;
            if (b < text.size())
                decodeUtf8(text, b, len);
            at = b + len;
            continue;
        }
        if (b > last)
            spans.push_back({last, b, false});
        spans.push_back({b, e, true});
        last = at = e;
    }
    if (last < text.size())
        spans.push_back({last, text.size(), false});
    if (m_invert) {
        for (Span &s : spans)
            s.match = !s.match;
    }
    const auto emit = [&](std::size_t b, std::size_t e) { out.emplace_back(text.data() + b, e - b); };
    switch (m_behavior) {
    case SplitBehavior::Removed:
        for (const Span &s : spans) {
            if (!s.match)
                emit(s.begin, s.end);
        }
        break;
    case SplitBehavior::Isolated:
        for (const Span &s : spans)
            emit(s.begin, s.end);
        break;
    case SplitBehavior::MergedWithPrevious: {
        std::size_t start = std::string_view::npos, end = 0;
        for (const Span &s : spans) {
            if (s.match && start != std::string_view::npos) {
                end = s.end;
                continue;
            }
            if (start != std::string_view::npos)
                emit(start, end);
            start = s.begin;
            end = s.end;
        }
        if (start != std::string_view::npos)
            emit(start, end);
        break;
    }
    case SplitBehavior::MergedWithNext: {
        std::size_t start = std::string_view::npos;
        for (const Span &s : spans) {
            if (start == std::string_view::npos)
                start = s.begin;
            if (s.match)
                continue;
            emit(start, s.end);
            start = std::string_view::npos;
        }
        if (start != std::string_view::npos)
            emit(start, text.size());
        break;
    }
    case SplitBehavior::Contiguous: {
        std::size_t i = 0;
        while (i < spans.size()) {
            std::size_t j = i;
            if (spans[i].match) {
                while (j + 1 < spans.size() && spans[j + 1].match)
                    ++j;
            }
            emit(spans[i].begin, spans[j].end);
            i = j + 1;
        }
        break;
    }
    }
}

SequencePreTokenizer::SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps)
    : m_steps(std::move(steps))
{
}

void SequencePreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    thread_local std::vector<std::string_view> current, next;
    current.assign(1, text);
    for (const auto &step : m_steps) {
        next.clear();
        for (std::string_view piece : current)
            step->split(piece, next);
        std::swap(current, next);
    }
    out.insert(out.end(), current.begin(), current.end());
}

namespace {

bool isWordChar(char32_t cp)
{
    const CharClass k = charClass(cp);
    return k == CharClass::Letter || k == CharClass::Number || cp == '_' || u_hasBinaryProperty(cp, UCHAR_ALPHABETIC)
           || u_charType(cp) == U_NON_SPACING_MARK || u_charType(cp) == U_CONNECTOR_PUNCTUATION;
}

bool isBertPunctuation(char32_t cp)
{
    if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
        return true;
    const int8_t t = u_charType(cp);
    return t == U_DASH_PUNCTUATION || t == U_START_PUNCTUATION || t == U_END_PUNCTUATION
           || t == U_CONNECTOR_PUNCTUATION || t == U_OTHER_PUNCTUATION || t == U_INITIAL_PUNCTUATION
           || t == U_FINAL_PUNCTUATION;
}

} // namespace

void WhitespacePreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t len;
        char32_t cp = decodeUtf8(text, i, len);
        if (charClass(cp) == CharClass::Space) {
            i += len;
            continue;
        }
        const bool word = !m_splitOnly && isWordChar(cp);
        std::size_t j = i + len;
        while (j < text.size()) {
            cp = decodeUtf8(text, j, len);
            if (charClass(cp) == CharClass::Space || (!m_splitOnly && isWordChar(cp) != word))
                break;
            j += len;
        }
        out.emplace_back(text.data() + i, j - i);
        i = j;
    }
}

void BertPreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    // Per ASCII byte: 0 word, 1 whitespace, 2 punctuation.
    static const std::array<std::uint8_t, 128> ascii = [] {
        std::array<std::uint8_t, 128> t{};
        for (int c = 0; c < 128; ++c) {
            if (c == ' ' || (c >= 9 && c <= 13))
                t[c] = 1;
            else if (isBertPunctuation(char32_t(c)))
                t[c] = 2;
        }
        return t;
    }();
    std::size_t i = 0, start = 0;
    bool inWord = false;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t len = 1;
        std::uint8_t kind;
        if (c < 0x80) {
            kind = ascii[c];
        } else {
            const char32_t cp = decodeUtf8(text, i, len);
            kind = charClass(cp) == CharClass::Space ? 1 : isBertPunctuation(cp) ? 2 : 0;
        }
        if (kind != 0) {
            if (inWord)
                out.emplace_back(text.data() + start, i - start);
            inWord = false;
            if (kind == 2)
                out.emplace_back(text.data() + i, len);
        } else if (!inWord) {
            inWord = true;
            start = i;
        }
        i += len;
    }
    if (inWord)
        out.emplace_back(text.data() + start, text.size() - start);
}

void MarkerSplitPreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    const std::string_view m = m_marker;
    const char *const data = text.data();
    const std::size_t n = text.size(), ml = m.size();
    std::size_t start = 0, at = 0;
    bool afterMarker = true; // a marker run at the start stays in the first piece
    while (at < n) {
        const void *hit = std::memchr(data + at, m[0], n - at);
        if (!hit)
            break;
        const std::size_t p = static_cast<std::size_t>(static_cast<const char *>(hit) - data);
        if (p + ml > n || std::memcmp(data + p, m.data(), ml) != 0) {
            at = p + 1;
            afterMarker = false;
            continue;
        }
        if (p > at)
            afterMarker = false;
        if (!afterMarker && p > start) {
            out.emplace_back(data + start, p - start);
            start = p;
        }
        at = p + ml;
        afterMarker = true;
    }
    if (start < n)
        out.emplace_back(data + start, n - start);
}

void DigitsPreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t len;
        const bool digit = charClass(decodeUtf8(text, i, len)) == CharClass::Number;
        std::size_t j = i + len;
        if (!digit || !m_individual) {
            while (j < text.size()) {
                std::size_t l2;
                if ((charClass(decodeUtf8(text, j, l2)) == CharClass::Number) != digit)
                    break;
                j += l2;
            }
        }
        out.emplace_back(text.data() + i, j - i);
        i = j;
    }
}

} // namespace studio::tokenizers
