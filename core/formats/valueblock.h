#pragma once

#include "formats/record.h"

#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace studio::formats {

// One column's values for a run of rows, back to back in one buffer (no
// allocation per value): strings as UTF-8, other values as JSON text. Cleared
// and filled again batch after batch, it keeps its memory, and the buffer is
// never zero-filled first (a reader writes straight into it).
class ValueBlock final
{
public:
    std::size_t size() const { return m_ends.size(); }
    std::string_view at(std::size_t i) const
    {
        const std::size_t begin = i == 0 ? 0 : m_ends[i - 1];
        return std::string_view((m_view ? m_view : m_bytes.get()) + begin, m_ends[i] - begin);
    }
    ValueType type(std::size_t i) const { return m_types[i]; }
    bool allStrings() const
    {
        for (ValueType t : m_types)
            if (t != ValueType::String)
                return false;
        return true;
    }

    // The values are the bytes from `bytes` on, which the block does not own
    // (a column store's mapping): no copy. Until clear(); appending is for
    // blocks that hold their bytes.
    void viewInto(const char *bytes) { m_view = bytes; }
    void clear()
    {
        m_view = nullptr;
        m_length = 0;
        m_ends.clear();
        m_types.clear();
    }
    void append(std::string_view value, ValueType type = ValueType::String)
    {
        if (!value.empty())
            std::memcpy(appendRaw(value.size()), value.data(), value.size());
        endValueAt(m_length, type);
    }
    // `n` more bytes at the end for the caller to fill (left uninitialised);
    // returns where they start. Values are then marked with endValueAt().
    char *appendRaw(std::size_t n)
    {
        if (m_length + n > m_capacity) {
            const std::size_t capacity = std::max(m_length + n, m_capacity * 2);
            std::unique_ptr<char[]> bigger(new char[capacity]);
            if (m_length)
                std::memcpy(bigger.get(), m_bytes.get(), m_length);
            m_bytes = std::move(bigger);
            m_capacity = capacity;
        }
        char *at = m_bytes.get() + m_length;
        m_length += n;
        return at;
    }
    // The bytes from the previous value's end up to `end` are one value of `type`.
    void endValueAt(std::size_t end, ValueType type)
    {
        m_ends.push_back(end);
        m_types.push_back(type);
    }

private:
    const char *m_view = nullptr; // set: the values are there, not in m_bytes
    std::unique_ptr<char[]> m_bytes;
    std::size_t m_capacity = 0, m_length = 0;
    std::vector<std::size_t> m_ends; // where each value ends in m_bytes
    std::vector<ValueType> m_types;
};

} // namespace studio::formats
