#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::tokenizers {

// The character classes the pre-tokenizer regexes use, per code point:
// \p{L} (letters), \p{N} (numbers), \s (Unicode White_Space), and the rest.
enum class CharClass : std::uint8_t { Other = 0, Letter = 1, Number = 2, Space = 3 };

// Looks a code point up in a table built once from ICU.
CharClass charClass(char32_t cp);

// Decodes the UTF-8 code point at s[i]; sets `len` to its byte length. Invalid
// bytes decode as U+FFFD of length 1 (callers sanitise input beforehand).
inline char32_t decodeUtf8(std::string_view s, std::size_t i, std::size_t &len)
{
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
        len = 1;
        return c;
    }
    const std::size_t n = s.size();
    if (c >= 0xC2 && c <= 0xDF && i + 1 < n) {
        len = 2;
        return (char32_t(c & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
    }
    if (c >= 0xE0 && c <= 0xEF && i + 2 < n) {
        len = 3;
        return (char32_t(c & 0x0F) << 12) | (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 6)
               | (static_cast<unsigned char>(s[i + 2]) & 0x3F);
    }
    if (c >= 0xF0 && c <= 0xF4 && i + 3 < n) {
        len = 4;
        return (char32_t(c & 0x07) << 18) | (char32_t(static_cast<unsigned char>(s[i + 1]) & 0x3F) << 12)
               | (char32_t(static_cast<unsigned char>(s[i + 2]) & 0x3F) << 6)
               | (static_cast<unsigned char>(s[i + 3]) & 0x3F);
    }
    len = 1;
    return 0xFFFD;
}

// Appends the UTF-8 encoding of a code point (up to U+10FFFF).
inline void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

// Replaces invalid UTF-8 sequences with U+FFFD (as the reference does with
// lossy strings). Returns false (and leaves `out` empty) when `in` is valid.
// With `origin`, also fills origin[k] = the offset in `in` of the byte
// out[k] came from (a U+FFFD points at the invalid bytes it replaced), plus
// origin[out.size()] = in.size(), for mapping token offsets back to `in`.
bool sanitizeUtf8(std::string_view in, std::string &out, std::vector<std::uint32_t> *origin = nullptr);

} // namespace studio::tokenizers
