#pragma once

#include "parquet/decodedpage.h"

#include <cstddef>
#include <string>

namespace studio::parquet {

struct LeafColumn;

// Renders decoded values for people and for JSON. The display form follows
// DuckDB's CAST(x AS VARCHAR) (so values can be compared with it): integers in
// decimal, doubles in shortest round-trip form ("1.0", "0.1", "1e+20"),
// "YYYY-MM-DD HH:MM:SS[.fraction]" timestamps ("+00" when UTC-adjusted),
// decimals with their scale, binary as text with \xHH escapes. The JSON form
// quotes strings, dates and times and leaves numbers and booleans bare.
class ValueFormatter
{
public:
    explicit ValueFormatter(const LeafColumn &leaf);

    // Appends the display text of the index-th non-null value of page.
    void appendDisplay(std::string &out, const DecodedPage &page, size_t index) const;
    // Appends the value as a JSON value.
    void appendJson(std::string &out, const DecodedPage &page, size_t index) const;

    // What a display text holds, for importers that keep types.
    enum class TextKind { String, Integer, Float, Bool };
    TextKind textKind() const;

    // True when the display text is also a JSON value (numbers, booleans;
    // floating-point nan/inf excepted).
    bool displayIsJson() const;

    static void appendJsonString(std::string &out, std::string_view s);
    static void appendDouble(std::string &out, double v);
    static void appendFloat(std::string &out, float v);

private:
    enum class Kind {
        Bool, Int, UInt, Float, Double, Float16, String, Binary, Decimal, Date, Time, Timestamp, Int96, Uuid, Interval,
    };
    bool isJsonBare() const;

    const LeafColumn &m_leaf;
    Kind m_kind = Kind::Binary;
    int m_scale = 0;
    int m_unitDigits = 6; // fractional digits of the time unit (3, 6, 9)
    bool m_utc = false;
};

} // namespace studio::parquet
