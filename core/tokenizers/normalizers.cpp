#include "tokenizers/normalizers.h"

#include "tokenizers/tokenizererror.h"
#include "tokenizers/unicodeclass.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <algorithm>
#include <array>
#include <cstring>

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

namespace studio::tokenizers {

namespace {

bool isAscii(const std::string &s)
{
    for (unsigned char c : s) {
        if (c >= 0x80)
            return false;
    }
    return true;
}

class UnicodeNormalizer final : public Normalizer
{
public:
    explicit UnicodeNormalizer(UnicodeForm form)
    {
        UErrorCode status = U_ZERO_ERROR;
        switch (form) {
        case UnicodeForm::NFC: m_n = icu::Normalizer2::getNFCInstance(status); break;
        case UnicodeForm::NFD: m_n = icu::Normalizer2::getNFDInstance(status); break;
        case UnicodeForm::NFKC: m_n = icu::Normalizer2::getNFKCInstance(status); break;
        case UnicodeForm::NFKD: m_n = icu::Normalizer2::getNFKDInstance(status); break;
        }
        if (U_FAILURE(status))
            throw TokenizerError("ICU normalizer unavailable");
    }
    void normalize(std::string &text) const override
    {
        if (isAscii(text))
            return; // ASCII is invariant under every normalization form
        UErrorCode status = U_ZERO_ERROR;
        if (m_n->isNormalizedUTF8(text, status) && U_SUCCESS(status))
            return;
        std::string out;
        icu::StringByteSink<std::string> sink(&out);
        status = U_ZERO_ERROR;
        m_n->normalizeUTF8(0, text, sink, nullptr, status);
        if (U_SUCCESS(status))
            text.swap(out);
    }

private:
    const icu::Normalizer2 *m_n = nullptr;
};

class Lowercase final : public Normalizer
{
public:
    void normalize(std::string &text) const override
    {
        if (isAscii(text)) {
            for (char &c : text) {
                if (c >= 'A' && c <= 'Z')
                    c = static_cast<char>(c + 32);
            }
            return;
        }
        std::string out;
        icu::StringByteSink<std::string> sink(&out);
        UErrorCode status = U_ZERO_ERROR;
        icu::CaseMap::utf8ToLower("", 0, text, sink, nullptr, status);
        if (U_SUCCESS(status))
            text.swap(out);
    }
};

class StripAccents final : public Normalizer
{
public:
    void normalize(std::string &text) const override
    {
        std::string out;
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t len;
            const char32_t cp = decodeUtf8(text, i, len);
            if (u_charType(cp) != U_NON_SPACING_MARK)
                out.append(text, i, len);
            i += len;
        }
        text.swap(out);
    }
};

class Strip final : public Normalizer
{
public:
    Strip(bool left, bool right)
        : m_left(left)
        , m_right(right)
    {}
    void normalize(std::string &text) const override
    {
        std::size_t b = 0, e = text.size();
        if (m_left) {
            while (b < e) {
                std::size_t len;
                if (charClass(decodeUtf8(text, b, len)) != CharClass::Space)
                    break;
                b += len;
            }
        }
        if (m_right) {
            while (e > b) {
                std::size_t s = e - 1;
                while (s > b && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80)
                    --s;
                std::size_t len;
                if (charClass(decodeUtf8(text, s, len)) != CharClass::Space)
                    break;
                e = s;
            }
        }
        text = text.substr(b, e - b);
    }

private:
    bool m_left, m_right;
};

class Prepend final : public Normalizer
{
public:
    explicit Prepend(std::string prefix)
        : m_prefix(std::move(prefix))
    {}
    void normalize(std::string &text) const override
    {
        if (!text.empty())
            text.insert(0, m_prefix);
    }

private:
    std::string m_prefix;
};

class Replace final : public Normalizer
{
public:
    Replace(const std::string &pattern, bool literal, std::string content)
        : m_pattern(pattern)
        , m_literal(literal)
        , m_content(std::move(content))
    {
        if (!literal) {
            int error = 0;
            PCRE2_SIZE offset = 0;
            m_code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                                   &error, &offset, nullptr);
            if (!m_code)
                throw TokenizerError("the Replace pattern " + pattern + " is not a supported regex");
        }
    }
    ~Replace() override { pcre2_code_free(m_code); }
    void normalize(std::string &text) const override
    {
        if (m_literal) {
            if (m_pattern.empty())
                return;
            thread_local std::string out;
            out.clear();
            if (m_pattern.size() == 1) {
                // One byte (Llama 2's ' ' -> '▁'): the output sized once, then
                // the runs between matches copied whole (was a push per byte).
                const char from = m_pattern[0];
                const auto matches = static_cast<std::size_t>(std::count(text.begin(), text.end(), from));
                if (matches == 0)
                    return;
                out.resize(text.size() + matches * m_content.size() - matches);
                char *to = out.data();
                const char *at = text.data(), *end = text.data() + text.size();
                while (at < end) {
                    const void *hit = std::memchr(at, from, static_cast<std::size_t>(end - at));
                    const char *stop = hit ? static_cast<const char *>(hit) : end;
                    std::memcpy(to, at, static_cast<std::size_t>(stop - at));
                    to += stop - at;
                    if (!hit)
                        break;
                    std::memcpy(to, m_content.data(), m_content.size());
                    to += m_content.size();
                    at = stop + 1;
                }
                text.swap(out);
                return;
            }
            replaceLiteral(text, m_pattern, m_content);
            return;
        }
        std::string out;
        pcre2_match_data *data = pcre2_match_data_create(1, nullptr);
        std::size_t at = 0, last = 0;
        while (at <= text.size()
               && pcre2_match(m_code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), at, 0, data, nullptr) >= 0) {
            const PCRE2_SIZE *ov = pcre2_get_ovector_pointer(data);
            out.append(text, last, ov[0] - last);
            out.append(m_content);
            last = ov[1];
            at = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
        }
        pcre2_match_data_free(data);
        out.append(text, std::min(last, text.size()), std::string::npos);
        text.swap(out);
    }

private:
    std::string m_pattern;
    bool m_literal;
    std::string m_content;
    pcre2_code *m_code = nullptr;
};

bool isChineseChar(char32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF)
           || (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B920 && cp <= 0x2CEAF)
           || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

// BertNormalizer's clean_text on one ASCII byte: 0 when dropped (NUL and the
// other controls), ' ' for tab and newlines, else the byte itself.
char bertAscii(unsigned char c)
{
    static const std::array<char, 128> map = [] {
        std::array<char, 128> m{};
        for (int k = 32; k < 127; ++k)
            m[k] = static_cast<char>(k);
        m['\t'] = m['\n'] = m['\r'] = ' ';
        return m;
    }();
    return map[c];
}

class BertNormalizer final : public Normalizer
{
public:
    BertNormalizer(bool clean, bool chinese, bool strip, bool lower)
        : m_clean(clean)
        , m_chinese(chinese)
        , m_strip(strip)
        , m_lower(lower)
    {}
    void normalize(std::string &text) const override
    {
        // ASCII bytes are rewritten in place through a table; only text with
        // other characters takes the Unicode path (and the NFD / lowercase
        // steps, which leave ASCII as it is but for the case of letters).
        std::size_t w = 0, i = 0;
        for (; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c >= 0x80)
                break;
            if (!m_clean) {
                text[w++] = static_cast<char>(c);
                continue;
            }
            if (const char mapped = bertAscii(c))
                text[w++] = mapped;
        }
        if (i == text.size()) {
            text.resize(w);
            if (m_lower) {
                for (char &c : text) {
                    if (c >= 'A' && c <= 'Z')
                        c = static_cast<char>(c + 32);
                }
            }
            return;
        }
        // Non-ASCII: the rewritten ASCII head, then the rest from its first
        // non-ASCII character on (untouched, as w <= i).
        std::string head = text.substr(0, w);
        normalizeUnicode(head, std::string_view(text).substr(i));
        text.swap(head);
    }

private:
    void normalizeUnicode(std::string &out, std::string_view text) const
    {
        std::size_t i = 0;
        while (i < text.size()) {
            std::size_t len;
            const char32_t cp = decodeUtf8(text, i, len);
            i += len;
            if (cp < 0x80) {
                if (!m_clean)
                    out.push_back(static_cast<char>(cp));
                else if (const char mapped = bertAscii(static_cast<unsigned char>(cp)))
                    out.push_back(mapped);
                continue;
            }
            if (m_clean) {
                // As the reference: controls (Cc, Cf, Co, Cn, Cs — but not \t \n \r) go first,
                // even those that are also White_Space (U+0085); then whitespace becomes ' '.
                const int8_t t = u_charType(cp);
                const bool tabOrNewline = cp == '\t' || cp == '\n' || cp == '\r';
                const bool control = !tabOrNewline
                                     && (t == U_CONTROL_CHAR || t == U_FORMAT_CHAR || t == U_PRIVATE_USE_CHAR
                                         || t == U_SURROGATE || t == U_UNASSIGNED);
                if (cp == 0 || cp == 0xFFFD || control)
                    continue;
                if (tabOrNewline || charClass(cp) == CharClass::Space) {
                    out.push_back(' ');
                    continue;
                }
            }
            if (m_chinese && isChineseChar(cp)) {
                out.push_back(' ');
                appendUtf8(out, cp);
                out.push_back(' ');
                continue;
            }
            appendUtf8(out, cp);
        }
        if (m_strip) {
            UnicodeNormalizer(UnicodeForm::NFD).normalize(out);
            StripAccents().normalize(out);
        }
        if (m_lower)
            Lowercase().normalize(out);
    }

private:
    bool m_clean, m_chinese, m_strip, m_lower;
};

class Sequence final : public Normalizer
{
public:
    explicit Sequence(std::vector<std::unique_ptr<Normalizer>> steps)
        : m_steps(std::move(steps))
    {}
    void normalize(std::string &text) const override
    {
        for (const auto &s : m_steps)
            s->normalize(text);
    }

private:
    std::vector<std::unique_ptr<Normalizer>> m_steps;
};

} // namespace

void replaceLiteral(std::string &text, std::string_view from, std::string_view to)
{
    if (from.empty())
        return;
    std::size_t at = 0, hit = text.find(from);
    if (hit == std::string::npos)
        return;
    std::string out;
    out.reserve(text.size());
    do {
        out.append(text, at, hit - at);
        out.append(to);
        at = hit + from.size();
    } while ((hit = text.find(from, at)) != std::string::npos);
    out.append(text, at, std::string::npos);
    text.swap(out);
}

std::unique_ptr<Normalizer> makeUnicodeNormalizer(UnicodeForm form)
{
    return std::make_unique<UnicodeNormalizer>(form);
}
std::unique_ptr<Normalizer> makeLowercase()
{
    return std::make_unique<Lowercase>();
}
std::unique_ptr<Normalizer> makeStripAccents()
{
    return std::make_unique<StripAccents>();
}
std::unique_ptr<Normalizer> makeStrip(bool left, bool right)
{
    return std::make_unique<Strip>(left, right);
}
std::unique_ptr<Normalizer> makePrepend(std::string prefix)
{
    return std::make_unique<Prepend>(std::move(prefix));
}
std::unique_ptr<Normalizer> makeReplace(const std::string &pattern, bool literal, std::string content)
{
    return std::make_unique<Replace>(pattern, literal, std::move(content));
}
std::unique_ptr<Normalizer> makeBertNormalizer(bool cleanText, bool handleChineseChars, bool stripAccents, bool lowercase)
{
    return std::make_unique<BertNormalizer>(cleanText, handleChineseChars, stripAccents, lowercase);
}
std::unique_ptr<Normalizer> makeSequence(std::vector<std::unique_ptr<Normalizer>> steps)
{
    return std::make_unique<Sequence>(std::move(steps));
}

} // namespace studio::tokenizers
