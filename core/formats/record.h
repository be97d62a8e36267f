#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace studio::formats {

// How a value is stored: strings as their UTF-8 bytes, numbers and booleans as
// their JSON text, objects and arrays as compact JSON.
enum class ValueType : std::uint8_t { Null = 0, String = 1, Integer = 2, Float = 3, Bool = 4, Json = 5 };

const char *valueTypeName(ValueType t);

struct Field {
    std::string name;
    ValueType type = ValueType::Null;
    std::string value;
};

// One sample as read from a file: its fields in file order and where it started.
struct Record {
    std::vector<Field> fields;
    std::int64_t line = 0; // 1-based line (or row) where the record starts

    void clear()
    {
        fields.clear();
        line = 0;
    }
};

} // namespace studio::formats
