#pragma once

#include "parquet/decodedpage.h"

#include <cstddef>
#include <optional>
#include <string>

namespace studio::parquet {

struct LeafColumn;
class ValueFormatter;

// Turns a decoded page's levels and values back into rows (Dremel record
// assembly for a single-leaf column): flat values become their display text,
// (nested) lists become JSON arrays such as ["a",null,"b"] or [[1,2],[]].
class RowAssembler
{
public:
    RowAssembler(const LeafColumn &leaf, const ValueFormatter &formatter);

    // Starts reading rows at the beginning of page; context ("file: column
    // \"x\", row group n") prefixes error messages.
    void reset(const DecodedPage &page, const std::string &context);
    // Consumes the next row of the page; writes it to *out unless out is null
    // (then the row is only skipped). Throws ParquetError if the page has no more rows.
    void nextRow(std::optional<std::string> *out);

private:
    void appendEntry(std::string &s, int rep, int def, int &open);

    const LeafColumn &m_leaf;
    const ValueFormatter &m_formatter;
    const DecodedPage *m_page = nullptr;
    const std::string *m_context = nullptr;
    size_t m_entry = 0;
    size_t m_value = 0;
};

} // namespace studio::parquet
