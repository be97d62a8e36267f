#include "parquet/schema.h"

#include "parquet/parqueterror.h"

namespace studio::parquet {

namespace {

constexpr int kMaxDepth = 100;

struct Builder
{
    const FileMetaData &md;
    std::string_view source;
    std::vector<LeafColumn> &leaves;
    size_t next = 1;

    struct Frame {
        int16_t def = 0;
        int16_t rep = 0;
        int16_t slotDef = 0; // definition level of the innermost slot opened since the last repeated node
        std::vector<std::string> path;
        std::vector<int16_t> repeatedDef;
        std::vector<int16_t> slotDefs;
    };

    [[noreturn]] void fail(const std::string &what) const
    {
        throw ParquetError(source, "corrupt schema: " + what);
    }

    void walk(const Frame &parent, int depth, int topIndex)
    {
        if (next >= md.schema.size())
            fail("the tree has fewer elements than its num_children promise");
        if (depth > kMaxDepth)
            fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
        const SchemaElement &e = md.schema[next++];
        Frame f = parent;
        f.path.push_back(e.name);
        if (e.repetition == Repetition::Optional) {
            ++f.def;
        } else if (e.repetition == Repetition::Repeated) {
            // The slot holding this repeated field is non-null from the parent's def level.
            f.slotDefs.push_back(parent.def);
            ++f.def;
            ++f.rep;
            f.repeatedDef.push_back(f.def);
        } else if (e.repetition != Repetition::Required) {
            fail("unknown repetition type on \"" + e.name + "\"");
        }
        if (e.numChildren > 0) {
            if (e.numChildren > static_cast<int64_t>(md.schema.size()))
                fail("\"" + e.name + "\" claims more children than the schema has elements");
            for (int32_t i = 0; i < e.numChildren; ++i)
                walk(f, depth + 1, topIndex);
            return;
        }
        if (!e.type)
            fail("leaf \"" + e.name + "\" has no physical type");
        if (static_cast<int32_t>(*e.type) < 0 || static_cast<int32_t>(*e.type) > 7)
            fail("leaf \"" + e.name + "\" has an unknown physical type");
        LeafColumn leaf;
        leaf.path = std::move(f.path);
        leaf.element = &e;
        leaf.physicalType = *e.type;
        leaf.typeLength = e.typeLength;
        if (leaf.physicalType == PhysicalType::FixedLenByteArray && (e.typeLength <= 0 || e.typeLength > (1 << 20)))
            fail("leaf \"" + e.name + "\" has an invalid fixed length");
        leaf.maxDefinitionLevel = f.def;
        leaf.maxRepetitionLevel = f.rep;
        leaf.topLevelIndex = topIndex;
        leaf.repeatedDef = std::move(f.repeatedDef);
        leaf.slotDef = std::move(f.slotDefs);
        leaves.push_back(std::move(leaf));
    }
};

std::string unitName(TimeUnit u)
{
    switch (u) {
    case TimeUnit::Millis: return "ms";
    case TimeUnit::Micros: return "us";
    case TimeUnit::Nanos: return "ns";
    default: return "?";
    }
}

} // namespace

Schema::Schema(const FileMetaData &md, std::string_view source)
{
    const SchemaElement &root = md.schema.at(0);
    if (root.numChildren < 0)
        throw ParquetError(source, "corrupt schema: negative num_children");
    Builder b{md, source, m_leaves};
    for (int32_t i = 0; i < root.numChildren; ++i) {
        const size_t firstLeaf = m_leaves.size();
        if (b.next >= md.schema.size())
            b.fail("the root claims more children than the schema has");
        const SchemaElement &top = md.schema[b.next];
        b.walk(Builder::Frame{}, 1, i);
        Column c;
        c.name = top.name;
        c.firstLeaf = static_cast<int>(firstLeaf);
        c.leafCount = static_cast<int>(m_leaves.size() - firstLeaf);
        if (c.leafCount == 1) {
            const LeafColumn &leaf = m_leaves[firstLeaf];
            c.leafIndex = static_cast<int>(firstLeaf);
            std::string t = leafTypeName(leaf);
            if (leaf.maxRepetitionLevel == 0) {
                c.kind = Column::Kind::Primitive;
            } else {
                c.kind = Column::Kind::List;
                for (int r = 0; r < leaf.maxRepetitionLevel; ++r)
                    t = "list<" + t + ">";
            }
            c.typeName = std::move(t);
        } else {
            c.kind = Column::Kind::Unsupported;
            const bool isMap = top.convertedType == ConvertedType::Map || top.convertedType == ConvertedType::MapKeyValue
                || top.logicalType.kind == LogicalType::Kind::Map;
            c.typeName = isMap ? "map" : "struct";
        }
        m_columns.push_back(std::move(c));
    }
    if (b.next != md.schema.size())
        b.fail("the tree leaves " + std::to_string(md.schema.size() - b.next) + " elements unused");
}

int Schema::columnIndex(std::string_view name) const
{
    for (size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i].name == name)
            return static_cast<int>(i);
    return -1;
}

std::string Schema::leafTypeName(const LeafColumn &leaf)
{
    const SchemaElement &e = *leaf.element;
    const LogicalType &lt = e.logicalType;
    using K = LogicalType::Kind;
    switch (lt.kind) {
    case K::String: return "string";
    case K::Enum: return "enum";
    case K::Json: return "json";
    case K::Bson: return "bson";
    case K::Uuid: return "uuid";
    case K::Float16: return "float16";
    case K::Date: return "date";
    case K::Decimal:
        return "decimal(" + std::to_string(lt.decimalPrecision) + "," + std::to_string(lt.decimalScale) + ")";
    case K::Time: return "time[" + unitName(lt.unit) + "]";
    case K::Timestamp: return "timestamp[" + unitName(lt.unit) + (lt.adjustedToUtc ? ", UTC]" : "]");
    case K::Integer:
        return std::string(lt.isSigned ? "int" : "uint") + std::to_string(lt.bitWidth);
    default: break;
    }
    switch (e.convertedType) {
    case ConvertedType::Utf8: return "string";
    case ConvertedType::Enum: return "enum";
    case ConvertedType::Json: return "json";
    case ConvertedType::Bson: return "bson";
    case ConvertedType::Date: return "date";
    case ConvertedType::Decimal:
        return "decimal(" + std::to_string(e.precision) + "," + std::to_string(e.scale) + ")";
    case ConvertedType::TimeMillis: return "time[ms]";
    case ConvertedType::TimeMicros: return "time[us]";
    case ConvertedType::TimestampMillis: return "timestamp[ms]";
    case ConvertedType::TimestampMicros: return "timestamp[us]";
    case ConvertedType::Uint8: return "uint8";
    case ConvertedType::Uint16: return "uint16";
    case ConvertedType::Uint32: return "uint32";
    case ConvertedType::Uint64: return "uint64";
    case ConvertedType::Int8: return "int8";
    case ConvertedType::Int16: return "int16";
    case ConvertedType::Int32: return "int32";
    case ConvertedType::Int64: return "int64";
    case ConvertedType::Interval: return "interval";
    default: break;
    }
    switch (leaf.physicalType) {
    case PhysicalType::Boolean: return "bool";
    case PhysicalType::Int32: return "int32";
    case PhysicalType::Int64: return "int64";
    case PhysicalType::Int96: return "timestamp[ns]"; // legacy INT96 timestamps
    case PhysicalType::Float: return "float";
    case PhysicalType::Double: return "double";
    case PhysicalType::ByteArray: return "binary";
    case PhysicalType::FixedLenByteArray: return "fixed_binary(" + std::to_string(leaf.typeLength) + ")";
    }
    return "unknown";
}

} // namespace studio::parquet
