#include "parquet/rowassembler.h"

#include "parquet/parqueterror.h"
#include "parquet/schema.h"
#include "parquet/valueformatter.h"

namespace studio::parquet {

RowAssembler::RowAssembler(const LeafColumn &leaf, const ValueFormatter &formatter)
    : m_leaf(leaf)
    , m_formatter(formatter)
{
}

void RowAssembler::reset(const DecodedPage &page, const std::string &context)
{
    m_page = &page;
    m_context = &context;
    m_entry = 0;
    m_value = 0;
}

void RowAssembler::appendEntry(std::string &s, int rep, int def, int &open)
{
    const int maxRep = m_leaf.maxRepetitionLevel;
    if (rep > 0) {
        for (; open > rep; --open)
            s += ']';
        s += ',';
    }
    for (int i = rep + 1; i <= maxRep; ++i) {
        if (def < m_leaf.slotDef[size_t(i - 1)]) {
            s += "null";
            return;
        }
        s += '[';
        open = i;
        if (def < m_leaf.repeatedDef[size_t(i - 1)])
            return; // empty list
    }
    if (def < m_leaf.maxDefinitionLevel) {
        s += "null";
        return;
    }
    m_formatter.appendJson(s, *m_page, m_value++);
}

void RowAssembler::nextRow(std::optional<std::string> *out)
{
    const DecodedPage &p = *m_page;
    const size_t n = size_t(p.numLevels);
    if (m_entry >= n)
        throw ParquetError(*m_context, "a page ended in the middle of a row");
    const int maxDef = m_leaf.maxDefinitionLevel;
    auto defAt = [&](size_t i) { return p.defLevels.empty() ? maxDef : int(p.defLevels[i]); };
    if (m_leaf.maxRepetitionLevel == 0) {
        const bool present = defAt(m_entry) == maxDef;
        ++m_entry;
        if (out) {
            if (present) {
                std::string s;
                m_formatter.appendDisplay(s, p, m_value);
                *out = std::move(s);
            } else {
                out->reset();
            }
        }
        if (present)
            ++m_value;
        return;
    }
    if (p.repLevels[m_entry] != 0)
        throw ParquetError(*m_context, "a repeated column's page does not start at a row boundary");
    if (!out) {
        // Skip: advance past this row's entries, counting the values they hold.
        do {
            if (defAt(m_entry) == maxDef)
                ++m_value;
            ++m_entry;
        } while (m_entry < n && p.repLevels[m_entry] != 0);
        return;
    }
    const int def0 = defAt(m_entry);
    if (def0 < m_leaf.slotDef[0]) { // the whole list is null
        out->reset();
        ++m_entry;
        return;
    }
    std::string s;
    int open = 0;
    do {
        appendEntry(s, p.repLevels[m_entry], defAt(m_entry), open);
        ++m_entry;
    } while (m_entry < n && p.repLevels[m_entry] != 0);
    for (; open > 0; --open)
        s += ']';
    *out = std::move(s);
}

} // namespace studio::parquet
