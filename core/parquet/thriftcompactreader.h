#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace studio::parquet {

// Bounds-checked reader of the Thrift compact protocol, the encoding of the
// parquet footer and page headers. Every read checks the remaining length and
// throws ParquetError("<context>: ...") on truncated or malformed input.
class ThriftCompactReader
{
public:
    enum Type : uint8_t {
        Stop = 0, BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6,
        Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12,
    };

    struct FieldHeader {
        int16_t id = 0;
        uint8_t type = Stop;
    };

    ThriftCompactReader(std::span<const uint8_t> bytes, std::string_view context);

    // Struct traversal: call beginStruct(), then readFieldHeader() until it
    // returns type Stop, then endStruct().
    void beginStruct();
    FieldHeader readFieldHeader();
    void endStruct();

    // Calls fn(fieldHeader) for each field of the struct at the position.
    template<typename Fn>
    void readStruct(Fn &&fn)
    {
        beginStruct();
        for (;;) {
            const FieldHeader f = readFieldHeader();
            if (f.type == Stop)
                break;
            fn(f);
        }
        endStruct();
    }

    bool readBool(const FieldHeader &field); // the value lives in the field header
    int8_t readByte();
    int16_t readI16();
    int32_t readI32();
    int64_t readI64();
    double readDouble();
    std::string_view readBinary();
    std::string readString() { return std::string(readBinary()); }

    // List header: element type and count (the count is checked against the
    // remaining bytes so a corrupt count never drives a huge allocation).
    uint32_t readListHeader(uint8_t &elementType);
    bool readListBool();

    void skip(uint8_t type);

    size_t position() const { return m_pos; }
    std::string_view context() const { return m_context; }
    [[noreturn]] void fail(std::string_view what) const;

private:
    uint64_t readVarint();
    uint8_t readRawByte();

    std::span<const uint8_t> m_bytes;
    size_t m_pos = 0;
    std::string_view m_context;
    int16_t m_lastFieldId = 0;
    // Field ids are relative to the previous one within a struct; nested
    // structs push the outer id. Depth is capped against stack exhaustion.
    static constexpr int kMaxDepth = 64;
    int16_t m_idStack[kMaxDepth] = {};
    int m_depth = 0;
};

} // namespace studio::parquet
