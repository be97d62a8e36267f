#include "tokenizers/unicodeclass.h"

#include <unicode/uchar.h>

#include <cstring>
#include <memory>
#include <string>

namespace studio::tokenizers {

namespace {

struct ClassTable {
    std::unique_ptr<std::uint8_t[]> table{new std::uint8_t[0x110000]};
    ClassTable()
    {
        for (UChar32 c = 0; c < 0x110000; ++c) {
            CharClass k = CharClass::Other;
            if (u_isUWhiteSpace(c)) {
                k = CharClass::Space;
            } else {
                switch (u_charType(c)) {
                case U_UPPERCASE_LETTER:
                case U_LOWERCASE_LETTER:
                case U_TITLECASE_LETTER:
                case U_MODIFIER_LETTER:
                case U_OTHER_LETTER:
                    k = CharClass::Letter;
                    break;
                case U_DECIMAL_DIGIT_NUMBER:
                case U_LETTER_NUMBER:
                case U_OTHER_NUMBER:
                    k = CharClass::Number;
                    break;
                default:
                    break;
                }
            }
            table[static_cast<std::size_t>(c)] = static_cast<std::uint8_t>(k);
        }
    }
};

const ClassTable &classTable()
{
    static const ClassTable t;
    return t;
}

} // namespace

CharClass charClass(char32_t cp)
{
    static const std::uint8_t *table = classTable().table.get();
    return cp < 0x110000 ? static_cast<CharClass>(table[cp]) : CharClass::Other;
}

bool sanitizeUtf8(std::string_view in, std::string &out, std::vector<std::uint32_t> *origin)
{
    out.clear();
    std::size_t i = 0;
    bool changed = false;
    while (i < in.size()) {
        // Fast path while nothing needed replacing: skip ASCII eight bytes at a
        // time (again after each non-ASCII character, not only at the start).
        if (!changed) {
            while (i + 8 <= in.size()) {
                std::uint64_t w;
                std::memcpy(&w, in.data() + i, 8);
                if (w & 0x8080808080808080ULL)
                    break;
                i += 8;
            }
            if (i >= in.size())
                break;
        }
        const auto c = static_cast<unsigned char>(in[i]);
        std::size_t len = 0;
        if (c < 0x80)
            len = 1;
        else if (c >= 0xC2 && c <= 0xDF)
            len = 2;
        else if (c >= 0xE0 && c <= 0xEF)
            len = 3;
        else if (c >= 0xF0 && c <= 0xF4)
            len = 4;
        bool ok = len > 0 && i + len <= in.size();
        for (std::size_t k = 1; ok && k < len; ++k)
            ok = (static_cast<unsigned char>(in[i + k]) & 0xC0) == 0x80;
        if (ok && len >= 3) {
            std::size_t l = 0;
            const char32_t cp = decodeUtf8(in, i, l);
            ok = !(len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) && !(len == 4 && (cp < 0x10000 || cp > 0x10FFFF));
        }
        if (ok) {
            if (changed) {
                out.append(in.substr(i, len));
                for (std::size_t k = 0; origin && k < len; ++k)
                    origin->push_back(static_cast<std::uint32_t>(i + k));
            }
            i += len;
            continue;
        }
        if (!changed) {
            out.assign(in.substr(0, i));
            changed = true;
            if (origin) {
                origin->resize(i);
                for (std::size_t k = 0; k < i; ++k)
                    (*origin)[k] = static_cast<std::uint32_t>(k);
            }
        }
        out.append("\xEF\xBF\xBD");
        if (origin)
            origin->insert(origin->end(), 3, static_cast<std::uint32_t>(i));
        // Skip this byte (and, like Rust's from_utf8_lossy, the rest of a truncated sequence's valid prefix).
        std::size_t skip = 1;
        while (skip < len && i + skip < in.size() && (static_cast<unsigned char>(in[i + skip]) & 0xC0) == 0x80)
            ++skip;
        i += (len >= 2 && skip < len) ? skip : 1;
    }
    if (!changed)
        out.clear();
    else if (origin)
        origin->push_back(static_cast<std::uint32_t>(in.size()));
    return changed;
}

} // namespace studio::tokenizers
