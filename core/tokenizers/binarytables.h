#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace studio::tokenizers::binary {

// Plain values and arrays of them, written as they are in memory (the
// compiled tokenizer cache is this machine's own: same layout reads back) and
// read back with every length checked against what is left.

template<typename T>
void put(std::string &out, const T &value)
{
    static_assert(std::is_trivially_copyable_v<T>);
    out.append(reinterpret_cast<const char *>(&value), sizeof value);
}

template<typename T>
void putArray(std::string &out, const T *data, std::size_t count)
{
    static_assert(std::is_trivially_copyable_v<T>);
    put(out, std::uint64_t(count));
    out.append(reinterpret_cast<const char *>(data), count * sizeof(T));
}

template<typename T>
bool get(std::string_view &in, T &value)
{
    static_assert(std::is_trivially_copyable_v<T>);
    if (in.size() < sizeof value)
        return false;
    std::memcpy(&value, in.data(), sizeof value);
    in.remove_prefix(sizeof value);
    return true;
}

template<typename T>
bool getArray(std::string_view &in, std::vector<T> &out)
{
    std::uint64_t count = 0;
    if (!get(in, count) || count > in.size() / sizeof(T))
        return false;
    out.resize(static_cast<std::size_t>(count));
    if (count)
        std::memcpy(out.data(), in.data(), count * sizeof(T));
    in.remove_prefix(count * sizeof(T));
    return true;
}

inline bool getBytes(std::string_view &in, std::string &out)
{
    std::uint64_t count = 0;
    if (!get(in, count) || count > in.size())
        return false;
    out.assign(in.data(), static_cast<std::size_t>(count));
    in.remove_prefix(count);
    return true;
}

} // namespace studio::tokenizers::binary
