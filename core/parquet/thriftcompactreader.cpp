#include "parquet/thriftcompactreader.h"

#include "parquet/parqueterror.h"

#include <cstring>

namespace studio::parquet {

ThriftCompactReader::ThriftCompactReader(std::span<const uint8_t> bytes, std::string_view context)
    : m_bytes(bytes)
    , m_context(context)
{
}

void ThriftCompactReader::fail(std::string_view what) const
{
    std::string m(what);
    m += " (at byte " + std::to_string(m_pos) + " of " + std::to_string(m_bytes.size()) + ")";
    throw ParquetError(m_context, m);
}

uint8_t ThriftCompactReader::readRawByte()
{
    if (m_pos >= m_bytes.size())
        fail("truncated Thrift data");
    return m_bytes[m_pos++];
}

uint64_t ThriftCompactReader::readVarint()
{
    uint64_t result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
        const uint8_t b = readRawByte();
        if (shift == 63 && (b & 0x7e))
            fail("varint overflows 64 bits");
        result |= static_cast<uint64_t>(b & 0x7f) << shift;
        if (!(b & 0x80))
            return result;
    }
    fail("varint longer than 10 bytes");
}

static int64_t zigzag(uint64_t v)
{
    return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

void ThriftCompactReader::beginStruct()
{
    if (m_depth >= kMaxDepth)
        fail("Thrift structures nested too deeply");
    m_idStack[m_depth++] = m_lastFieldId;
    m_lastFieldId = 0;
}

void ThriftCompactReader::endStruct()
{
    if (m_depth > 0)
        m_lastFieldId = m_idStack[--m_depth];
}

ThriftCompactReader::FieldHeader ThriftCompactReader::readFieldHeader()
{
    const uint8_t b = readRawByte();
    FieldHeader h;
    h.type = b & 0x0f;
    if (h.type == Stop)
        return h;
    const uint8_t delta = b >> 4;
    if (delta != 0) {
        h.id = static_cast<int16_t>(m_lastFieldId + delta);
    } else {
        const int64_t id = zigzag(readVarint());
        if (id < INT16_MIN || id > INT16_MAX)
            fail("Thrift field id out of range");
        h.id = static_cast<int16_t>(id);
    }
    if (h.type > Struct)
        fail("unknown Thrift field type " + std::to_string(h.type));
    m_lastFieldId = h.id;
    return h;
}

bool ThriftCompactReader::readBool(const FieldHeader &field)
{
    return field.type == BoolTrue;
}

bool ThriftCompactReader::readListBool()
{
    return readRawByte() == BoolTrue;
}

int8_t ThriftCompactReader::readByte()
{
    return static_cast<int8_t>(readRawByte());
}

int16_t ThriftCompactReader::readI16()
{
    const int64_t v = zigzag(readVarint());
    if (v < INT16_MIN || v > INT16_MAX)
        fail("i16 value out of range");
    return static_cast<int16_t>(v);
}

int32_t ThriftCompactReader::readI32()
{
    const int64_t v = zigzag(readVarint());
    if (v < INT32_MIN || v > INT32_MAX)
        fail("i32 value out of range");
    return static_cast<int32_t>(v);
}

int64_t ThriftCompactReader::readI64()
{
    return zigzag(readVarint());
}

double ThriftCompactReader::readDouble()
{
    if (m_bytes.size() - m_pos < 8)
        fail("truncated Thrift double");
    double d;
    std::memcpy(&d, m_bytes.data() + m_pos, 8);
    m_pos += 8;
    return d;
}

std::string_view ThriftCompactReader::readBinary()
{
    const uint64_t n = readVarint();
    if (n > m_bytes.size() - m_pos)
        fail("Thrift string length " + std::to_string(n) + " runs past the end");
    std::string_view s(reinterpret_cast<const char *>(m_bytes.data() + m_pos), n);
    m_pos += n;
    return s;
}

uint32_t ThriftCompactReader::readListHeader(uint8_t &elementType)
{
    const uint8_t b = readRawByte();
    elementType = b & 0x0f;
    uint64_t n = b >> 4;
    if (n == 15)
        n = readVarint();
    // Each element takes at least one byte except booleans/stops; a count above
    // the remaining bytes is corrupt.
    if (n > m_bytes.size() - m_pos)
        fail("Thrift list of " + std::to_string(n) + " elements cannot fit in the remaining bytes");
    return static_cast<uint32_t>(n);
}

void ThriftCompactReader::skip(uint8_t type)
{
    switch (type) {
    case BoolTrue:
    case BoolFalse:
        return;
    case Byte:
        readRawByte();
        return;
    case I16:
    case I32:
    case I64:
        readVarint();
        return;
    case Double:
        readDouble();
        return;
    case Binary:
        readBinary();
        return;
    case List:
    case Set: {
        uint8_t et = 0;
        const uint32_t n = readListHeader(et);
        if (m_depth >= kMaxDepth)
            fail("Thrift structures nested too deeply");
        ++m_depth;
        for (uint32_t i = 0; i < n; ++i) {
            if (et == BoolTrue || et == BoolFalse)
                readRawByte();
            else
                skip(et);
        }
        --m_depth;
        return;
    }
    case Map: {
        const uint64_t n = readVarint();
        if (n == 0)
            return;
        if (n > m_bytes.size() - m_pos)
            fail("Thrift map too large");
        const uint8_t kv = readRawByte();
        if (m_depth >= kMaxDepth)
            fail("Thrift structures nested too deeply");
        ++m_depth;
        for (uint64_t i = 0; i < n; ++i) {
            skip(kv >> 4);
            skip(kv & 0x0f);
        }
        --m_depth;
        return;
    }
    case Struct: {
        beginStruct();
        for (;;) {
            const FieldHeader f = readFieldHeader();
            if (f.type == Stop)
                break;
            skip(f.type);
        }
        endStruct();
        return;
    }
    default:
        fail("unknown Thrift type " + std::to_string(type));
    }
}

} // namespace studio::parquet
