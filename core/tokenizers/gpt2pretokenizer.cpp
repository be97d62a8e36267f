#include "tokenizers/gpt2pretokenizer.h"

#include "tokenizers/unicodeclass.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace studio::tokenizers {

namespace {

// The class of each ASCII byte, built at compile time (no guard check on the
// per-byte path, as a function-local static would have).
struct AsciiClasses {
    CharClass v[128];
};
constexpr AsciiClasses kAsciiClasses = [] {
    AsciiClasses t{};
    for (int i = 0; i < 128; ++i) {
        if ((i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z'))
            t.v[i] = CharClass::Letter;
        else if (i >= '0' && i <= '9')
            t.v[i] = CharClass::Number;
        else if (i == ' ' || (i >= 9 && i <= 13))
            t.v[i] = CharClass::Space;
        else
            t.v[i] = CharClass::Other;
    }
    return t;
}();

struct Cursor {
    std::string_view s;
    // Class and length of the code point at i (i < size).
    CharClass at(std::size_t i, std::size_t &len, char32_t &cp) const
    {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            len = 1;
            cp = c;
            return asciiClass(c);
        }
        cp = decodeUtf8(s, i, len);
        return charClass(cp);
    }
    CharClass at(std::size_t i, std::size_t &len) const
    {
        char32_t cp;
        return at(i, len, cp);
    }
    static CharClass asciiClass(unsigned char c) { return kAsciiClasses.v[c]; }
    // Skips ASCII letters eight at a time (most of the text in most corpora);
    // stops at the first byte that is not one, or near the end.
    std::size_t asciiLetterRunEnd(std::size_t i) const
    {
        constexpr std::uint64_t kHigh = 0x8080808080808080ULL;
        if constexpr (std::endian::native != std::endian::little)
            return i; // the byte loop does it
        while (i + 8 <= s.size()) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i, 8);
            if (w & kHigh)
                return i; // a non-ASCII byte: the code point path decides
            // Folded to lower case, a byte is a letter if 'a' <= b <= 'z'. The
            // bytes are below 0x80, so the additions carry into no neighbour.
            const std::uint64_t y = w | 0x2020202020202020ULL;
            const std::uint64_t atLeastA = (y + 0x1F1F1F1F1F1F1F1FULL) & kHigh; // b + 0x80 - 'a'
            const std::uint64_t aboveZ = (y + 0x0505050505050505ULL) & kHigh;   // b + 0x80 - ('z' + 1)
            const std::uint64_t notLetter = ~(atLeastA & ~aboveZ) & kHigh;
            if (notLetter)
                return i + static_cast<std::size_t>(__builtin_ctzll(notLetter) / 8); // little-endian: byte 0 lowest
            i += 8;
        }
        return i;
    }
    // End of the run of code points of class k starting at i.
    std::size_t runEnd(std::size_t i, CharClass k) const
    {
        const std::size_t n = s.size();
        for (;;) {
            if (k == CharClass::Letter)
                i = asciiLetterRunEnd(i);
            // ASCII stretch first: one table lookup per byte.
            while (i < n && static_cast<unsigned char>(s[i]) < 0x80) {
                if (asciiClass(static_cast<unsigned char>(s[i])) != k)
                    return i;
                ++i;
            }
            if (i >= n)
                return i;
            std::size_t len;
            if (at(i, len) != k)
                return i;
            i += len;
        }
    }
    // End of the whitespace run at i and the start of its last code point.
    std::size_t spaceRunEnd(std::size_t i, std::size_t &lastStart) const
    {
        std::size_t len;
        lastStart = i;
        while (i < s.size() && at(i, len) == CharClass::Space) {
            lastStart = i;
            i += len;
        }
        return i;
    }
    // \s+(?!\S)|\s+ at i (a whitespace code point): keep the last space for the
    // next piece when non-space follows, unless it is the only one.
    std::size_t whitespace(std::size_t i) const
    {
        std::size_t last;
        const std::size_t end = spaceRunEnd(i, last);
        if (end == s.size() || last == i)
            return end;
        return last;
    }
};

// 's 't 're 've 'm 'll 'd at i (s[i] == '\''); returns the end or 0.
std::size_t contraction(std::string_view s, std::size_t i, bool ignoreCase)
{
    const auto lower = [&](std::size_t k) -> int {
        if (k >= s.size())
            return 0;
        const auto c = static_cast<unsigned char>(s[k]);
        return ignoreCase && c >= 'A' && c <= 'Z' ? c + 32 : c;
    };
    const int a = lower(i + 1);
    if (a == 's' || a == 't' || a == 'm' || a == 'd')
        return i + 2;
    // Under Unicode case folding the long s (U+017F) matches 's'.
    if (ignoreCase && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xC5
        && static_cast<unsigned char>(s[i + 2]) == 0xBF)
        return i + 3;
    const int b = lower(i + 2);
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l'))
        return i + 3;
    return 0;
}

} // namespace

const char *Gpt2PreTokenizer::pattern()
{
    return R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";
}

void Gpt2PreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    const Cursor c{text};
    std::size_t i = 0;
    const std::size_t n = text.size();
    while (i < n) {
        std::size_t end = 0;
        if (text[i] == '\'')
            end = contraction(text, i, false);
        if (!end) {
            std::size_t len;
            std::size_t j = i;
            CharClass k = c.at(j, len);
            if (text[i] == ' ' && i + 1 < n) {
                std::size_t len2;
                const CharClass next = c.at(i + 1, len2);
                if (next != CharClass::Space) {
                    j = i + 1;
                    k = next;
                    len = len2;
                }
            }
            switch (k) {
            case CharClass::Letter:
            case CharClass::Number:
            case CharClass::Other:
                end = c.runEnd(j + len, k);
                break;
            case CharClass::Space:
                end = c.whitespace(i);
                break;
            }
        }
        out.emplace_back(text.data() + i, end - i);
        i = end;
    }
}

const char *Cl100kPreTokenizer::pattern(int maxDigits)
{
    return maxDigits == 3
               ? R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)"
               : R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
}

void Cl100kPreTokenizer::split(std::string_view text, std::vector<std::string_view> &out) const
{
    const Cursor c{text};
    std::size_t i = 0;
    const std::size_t n = text.size();
    const auto isNewline = [&](std::size_t k) { return text[k] == '\r' || text[k] == '\n'; };
    while (i < n) {
        std::size_t end = 0;
        if (text[i] == '\'')
            end = contraction(text, i, true);
        if (!end) {
            std::size_t len;
            char32_t cp;
            const CharClass k = c.at(i, len, cp);
            if (k == CharClass::Letter) {
                end = c.runEnd(i + len, CharClass::Letter);
            } else if (k != CharClass::Number && cp != '\r' && cp != '\n' && i + len < n) {
                // [^\r\n\p{L}\p{N}]?\p{L}+ : one leading non-letter, non-digit.
                std::size_t len2;
                if (c.at(i + len, len2) == CharClass::Letter)
                    end = c.runEnd(i + len + len2, CharClass::Letter);
            }
            if (!end && k == CharClass::Number) {
                end = i + len;
                for (int d = 1; d < m_maxDigits && end < n && c.at(end, len) == CharClass::Number; ++d)
                    end += len;
            }
            if (!end) {
                //  ?[^\s\p{L}\p{N}]+[\r\n]*
                std::size_t j = i;
                if (text[i] == ' ' && i + 1 < n)
                    j = i + 1;
                std::size_t len2;
                if (c.at(j, len2) == CharClass::Other) {
                    end = c.runEnd(j + len2, CharClass::Other);
                    while (end < n && isNewline(end))
                        ++end;
                }
            }
            if (!end) {
                // Whitespace: \s*[\r\n]+ ends at the run's last newline, else \s+(?!\S)|\s+.
                std::size_t last;
                const std::size_t runEnd = c.spaceRunEnd(i, last);
                std::size_t lastNewline = 0;
                bool found = false;
                for (std::size_t p = i; p < runEnd; ++p) {
                    if (isNewline(p)) {
                        lastNewline = p;
                        found = true;
                    }
                }
                end = found ? lastNewline + 1 : c.whitespace(i);
            }
        }
        out.emplace_back(text.data() + i, end - i);
        i = end;
    }
}

} // namespace studio::tokenizers
