#include "parquet/valueformatter.h"

#include "parquet/schema.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace studio::parquet {

namespace {

int64_t readInt(const DecodedPage &page, size_t index)
{
    const uint8_t *p = page.fixed.data() + index * size_t(page.width);
    if (page.width == 4) {
        int32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    if (page.width == 1)
        return p[0];
    int64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

void appendInt(std::string &out, int64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void appendUInt(std::string &out, uint64_t v)
{
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

void append2(std::string &out, unsigned v)
{
    out.push_back(char('0' + v / 10 % 10));
    out.push_back(char('0' + v % 10));
}

int64_t floorDiv(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// Howard Hinnant's civil_from_days.
void appendDate(std::string &out, int64_t days)
{
    days += 719468;
    const int64_t era = floorDiv(days, 146097);
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        ++y;
    if (y <= 0) {
        // DuckDB prints years before 1 as "(BC)"; years 0 and below are rare in data.
        appendInt(out, 1 - y);
        out += "-";
    } else {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, y);
        for (ptrdiff_t pad = 4 - (r.ptr - buf); pad > 0; --pad)
            out.push_back('0');
        out.append(buf, r.ptr);
        out.push_back('-');
    }
    append2(out, unsigned(m));
    out.push_back('-');
    append2(out, unsigned(d));
    if (y <= 0)
        out += " (BC)";
}

// Appends HH:MM:SS[.fraction] with trailing zeros of the fraction dropped.
void appendTimeOfDay(std::string &out, int64_t units, int digits)
{
    int64_t scale = 1;
    for (int i = 0; i < digits; ++i)
        scale *= 10;
    const int64_t secs = units / scale;
    int64_t frac = units % scale;
    append2(out, unsigned(secs / 3600));
    out.push_back(':');
    append2(out, unsigned(secs / 60 % 60));
    out.push_back(':');
    append2(out, unsigned(secs % 60));
    if (frac != 0) {
        char buf[10];
        for (int i = digits - 1; i >= 0; --i) {
            buf[i] = char('0' + frac % 10);
            frac /= 10;
        }
        int n = digits;
        while (n > 0 && buf[n - 1] == '0')
            --n;
        out.push_back('.');
        out.append(buf, size_t(n));
    }
}

void appendTimestamp(std::string &out, int64_t v, int digits)
{
    int64_t perDay = 86400;
    for (int i = 0; i < digits; ++i)
        perDay *= 10;
    const int64_t days = floorDiv(v, perDay);
    appendDate(out, days);
    out.push_back(' ');
    appendTimeOfDay(out, v - days * perDay, digits);
}

// Two's complement big-endian integer of any length, divided by 10^scale, as text.
void appendDecimalBytes(std::string &out, const uint8_t *p, size_t n, int scale)
{
    if (n == 0) {
        out += "0";
        return;
    }
    const bool neg = p[0] & 0x80;
    std::string mag(reinterpret_cast<const char *>(p), n);
    if (neg) { // negate: invert and add one
        for (char &c : mag)
            c = char(~uint8_t(c));
        for (size_t i = n; i-- > 0;) {
            uint8_t &b = reinterpret_cast<uint8_t &>(mag[i]);
            if (++b != 0)
                break;
        }
    }
    std::string digits;
    // repeated division by 10 of the big-endian magnitude
    for (;;) {
        bool zero = true;
        unsigned rem = 0;
        for (char &c : mag) {
            const unsigned cur = rem * 256 + uint8_t(c);
            c = char(cur / 10);
            rem = cur % 10;
            if (c)
                zero = false;
        }
        digits.push_back(char('0' + rem));
        if (zero)
            break;
    }
    while (digits.size() <= size_t(scale))
        digits.push_back('0');
    if (neg)
        out.push_back('-');
    for (size_t i = digits.size(); i-- > 0;) {
        out.push_back(digits[i]);
        if (scale > 0 && i == size_t(scale))
            out.push_back('.');
    }
}

void appendDecimalInt(std::string &out, int64_t v, int scale)
{
    uint8_t be[8];
    for (int i = 0; i < 8; ++i)
        be[i] = uint8_t(uint64_t(v) >> (56 - 8 * i));
    appendDecimalBytes(out, be, 8, scale);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000) << 16;
    const int exp = (h >> 10) & 0x1f;
    const uint32_t mant = h & 0x3ff;
    float f;
    if (exp == 0)
        f = std::ldexp(float(mant), -24);
    else if (exp == 31)
        f = mant ? NAN : INFINITY;
    else
        f = std::ldexp(float(mant | 0x400), exp - 25);
    return sign ? -f : f;
}

template<typename T>
void appendShortest(std::string &out, T v)
{
    if (std::isnan(v)) {
        out += "nan";
        return;
    }
    if (std::isinf(v)) {
        out += v < 0 ? "-inf" : "inf";
        return;
    }
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
    const std::string_view sci(buf, size_t(r.ptr - buf));
    const size_t e = sci.find('e');
    int exp = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+'), sci.data() + sci.size(), exp);
    if (exp < -4 || exp >= 16) {
        out += sci;
        return;
    }
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    const std::string_view fixed(buf, size_t(r.ptr - buf));
    out += fixed;
    if (fixed.find('.') == std::string_view::npos)
        out += ".0";
}

const char kHex[] = "0123456789ABCDEF";

} // namespace

void ValueFormatter::appendDouble(std::string &out, double v) { appendShortest(out, v); }
void ValueFormatter::appendFloat(std::string &out, float v) { appendShortest(out, v); }

ValueFormatter::ValueFormatter(const LeafColumn &leaf)
    : m_leaf(leaf)
{
    const SchemaElement &e = *leaf.element;
    const LogicalType &lt = e.logicalType;
    using K = LogicalType::Kind;
    const PhysicalType pt = leaf.physicalType;
    auto unitDigits = [](TimeUnit u) { return u == TimeUnit::Millis ? 3 : u == TimeUnit::Nanos ? 9 : 6; };
    switch (pt) {
    case PhysicalType::Boolean: m_kind = Kind::Bool; break;
    case PhysicalType::Int32:
    case PhysicalType::Int64: m_kind = Kind::Int; break;
    case PhysicalType::Int96: m_kind = Kind::Int96; break;
    case PhysicalType::Float: m_kind = Kind::Float; break;
    case PhysicalType::Double: m_kind = Kind::Double; break;
    case PhysicalType::ByteArray: m_kind = Kind::Binary; break;
    case PhysicalType::FixedLenByteArray: m_kind = Kind::Binary; break;
    }
    if (lt.kind == K::String || lt.kind == K::Enum || lt.kind == K::Json || e.convertedType == ConvertedType::Utf8
        || e.convertedType == ConvertedType::Enum || e.convertedType == ConvertedType::Json) {
        m_kind = Kind::String;
    } else if (lt.kind == K::Decimal || e.convertedType == ConvertedType::Decimal) {
        m_kind = Kind::Decimal;
        m_scale = lt.kind == K::Decimal ? lt.decimalScale : e.scale;
        if (m_scale < 0 || m_scale > 76)
            m_scale = 0;
    } else if (lt.kind == K::Date || e.convertedType == ConvertedType::Date) {
        m_kind = Kind::Date;
    } else if (lt.kind == K::Timestamp) {
        m_kind = Kind::Timestamp;
        m_unitDigits = unitDigits(lt.unit);
        m_utc = lt.adjustedToUtc;
    } else if (e.convertedType == ConvertedType::TimestampMillis || e.convertedType == ConvertedType::TimestampMicros) {
        m_kind = Kind::Timestamp;
        m_unitDigits = e.convertedType == ConvertedType::TimestampMillis ? 3 : 6;
    } else if (lt.kind == K::Time) {
        m_kind = Kind::Time;
        m_unitDigits = unitDigits(lt.unit);
    } else if (e.convertedType == ConvertedType::TimeMillis || e.convertedType == ConvertedType::TimeMicros) {
        m_kind = Kind::Time;
        m_unitDigits = e.convertedType == ConvertedType::TimeMillis ? 3 : 6;
    } else if ((lt.kind == K::Integer && !lt.isSigned) || e.convertedType == ConvertedType::Uint8
               || e.convertedType == ConvertedType::Uint16 || e.convertedType == ConvertedType::Uint32
               || e.convertedType == ConvertedType::Uint64) {
        m_kind = Kind::UInt;
    } else if (lt.kind == K::Uuid && pt == PhysicalType::FixedLenByteArray && leaf.typeLength == 16) {
        m_kind = Kind::Uuid;
    } else if (lt.kind == K::Float16 && pt == PhysicalType::FixedLenByteArray && leaf.typeLength == 2) {
        m_kind = Kind::Float16;
    }
    // A logical type that does not fit the physical type (corrupt or exotic
    // files) falls back to the physical type's rendering.
    const bool stringStorage = pt == PhysicalType::ByteArray || pt == PhysicalType::FixedLenByteArray;
    const bool intStorage = pt == PhysicalType::Int32 || pt == PhysicalType::Int64;
    bool fits = true;
    switch (m_kind) {
    case Kind::Date:
    case Kind::Time:
    case Kind::Timestamp:
    case Kind::UInt: fits = intStorage; break;
    case Kind::String:
    case Kind::Uuid:
    case Kind::Float16: fits = stringStorage; break;
    case Kind::Decimal: fits = intStorage || stringStorage; break;
    default: break;
    }
    if (!fits) {
        switch (pt) {
        case PhysicalType::Boolean: m_kind = Kind::Bool; break;
        case PhysicalType::Int96: m_kind = Kind::Int96; break;
        case PhysicalType::Float: m_kind = Kind::Float; break;
        case PhysicalType::Double: m_kind = Kind::Double; break;
        case PhysicalType::Int32:
        case PhysicalType::Int64: m_kind = Kind::Int; break;
        default: m_kind = Kind::Binary; break;
        }
    }
}

bool ValueFormatter::isJsonBare() const
{
    switch (m_kind) {
    case Kind::Bool:
    case Kind::Int:
    case Kind::UInt:
    case Kind::Decimal:
        return true;
    default:
        return false;
    }
}

ValueFormatter::TextKind ValueFormatter::textKind() const
{
    switch (m_kind) {
    case Kind::Bool: return TextKind::Bool;
    case Kind::Int:
    case Kind::UInt: return TextKind::Integer;
    case Kind::Float:
    case Kind::Double:
    case Kind::Float16:
    case Kind::Decimal: return TextKind::Float;
    default: return TextKind::String;
    }
}

bool ValueFormatter::displayIsJson() const
{
    return isJsonBare() || m_kind == Kind::Float || m_kind == Kind::Double || m_kind == Kind::Float16;
}

void ValueFormatter::appendDisplay(std::string &out, const DecodedPage &page, size_t i) const
{
    switch (m_kind) {
    case Kind::Bool:
        out += page.fixed[i] ? "true" : "false";
        return;
    case Kind::Int:
        appendInt(out, readInt(page, i));
        return;
    case Kind::UInt: {
        const int64_t v = readInt(page, i);
        appendUInt(out, page.width == 4 ? uint64_t(uint32_t(v)) : uint64_t(v));
        return;
    }
    case Kind::Float: {
        float f;
        std::memcpy(&f, page.fixed.data() + i * 4, 4);
        appendShortest(out, f);
        return;
    }
    case Kind::Double: {
        double d;
        std::memcpy(&d, page.fixed.data() + i * 8, 8);
        appendShortest(out, d);
        return;
    }
    case Kind::Float16: {
        const std::string_view s = page.strings[i];
        appendShortest(out, halfToFloat(uint16_t(uint8_t(s[0]) | uint8_t(s[1]) << 8)));
        return;
    }
    case Kind::String:
        out += page.strings[i];
        return;
    case Kind::Binary:
        for (const char c : page.strings[i]) {
            const uint8_t b = uint8_t(c);
            if (b >= 32 && b < 127 && b != '\\' && b != '"' && b != '\'') { // as DuckDB's blob text
                out.push_back(c);
            } else {
                out += "\\x";
                out.push_back(kHex[b >> 4]);
                out.push_back(kHex[b & 15]);
            }
        }
        return;
    case Kind::Decimal:
        if (page.width > 0) {
            appendDecimalInt(out, readInt(page, i), m_scale);
        } else {
            const std::string_view s = page.strings[i];
            appendDecimalBytes(out, reinterpret_cast<const uint8_t *>(s.data()), s.size(), m_scale);
        }
        return;
    case Kind::Date:
        appendDate(out, readInt(page, i));
        return;
    case Kind::Time:
        appendTimeOfDay(out, readInt(page, i), m_unitDigits);
        return;
    case Kind::Timestamp:
        appendTimestamp(out, readInt(page, i), m_unitDigits);
        if (m_utc)
            out += "+00";
        return;
    case Kind::Int96: {
        const uint8_t *p = page.fixed.data() + i * 12;
        int64_t nanos;
        uint32_t julian;
        std::memcpy(&nanos, p, 8);
        std::memcpy(&julian, p + 8, 4);
        appendDate(out, int64_t(julian) - 2440588);
        out.push_back(' ');
        if (nanos < 0 || nanos >= int64_t(86400) * 1000000000)
            nanos = 0;
        appendTimeOfDay(out, nanos, 9);
        return;
    }
    case Kind::Uuid: {
        const std::string_view s = page.strings[i];
        for (size_t k = 0; k < 16; ++k) {
            if (k == 4 || k == 6 || k == 8 || k == 10)
                out.push_back('-');
            out.push_back(char(std::tolower(kHex[uint8_t(s[k]) >> 4])));
            out.push_back(char(std::tolower(kHex[uint8_t(s[k]) & 15])));
        }
        return;
    }
    case Kind::Interval:
        break;
    }
}

void ValueFormatter::appendJson(std::string &out, const DecodedPage &page, size_t i) const
{
    if (isJsonBare()) {
        appendDisplay(out, page, i);
        return;
    }
    if (m_kind == Kind::Float || m_kind == Kind::Double || m_kind == Kind::Float16) {
        std::string tmp;
        appendDisplay(tmp, page, i);
        if (tmp == "nan" || tmp == "inf" || tmp == "-inf")
            appendJsonString(out, tmp); // JSON has no NaN / Infinity
        else
            out += tmp;
        return;
    }
    if (m_kind == Kind::String) {
        appendJsonString(out, page.strings[i]);
        return;
    }
    std::string tmp;
    appendDisplay(tmp, page, i);
    appendJsonString(out, tmp);
}

void ValueFormatter::appendJsonString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (const char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (uint8_t(c) < 0x20) {
                out += "\\u00";
                out.push_back(kHex[uint8_t(c) >> 4]);
                out.push_back(kHex[uint8_t(c) & 15]);
            } else {
                out.push_back(c);
            }
        }
    }
    out.push_back('"');
}

} // namespace studio::parquet
