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
    std::vector<SchemaNode> &nodes;
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

    // Returns the index of the node it created in `nodes`.
    int walk(const Frame &parent, int depth, int topIndex)
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
        const int self = static_cast<int>(nodes.size());
        {
            SchemaNode n;
            n.name = e.name;
            n.repetition = e.repetition;
            n.defLevel = f.def;
            n.repLevel = f.rep;
            n.leafBegin = static_cast<int>(leaves.size());
            nodes.push_back(std::move(n));
        }
        if (e.numChildren > 0) {
            if (e.numChildren > static_cast<int64_t>(md.schema.size()))
                fail("\"" + e.name + "\" claims more children than the schema has elements");
            std::vector<int> children;
            for (int32_t i = 0; i < e.numChildren; ++i)
                children.push_back(walk(f, depth + 1, topIndex));
            SchemaNode &n = nodes[size_t(self)];
            n.children = std::move(children);
            n.leafEnd = static_cast<int>(leaves.size());
            n.shape = SchemaNode::Shape::Struct;
            // LIST / MAP annotations over the usual layout: one repeated child
            // (a MAP's repeated child holding a key and a value).
            const bool listAnnotated = e.convertedType == ConvertedType::List || e.logicalType.kind == LogicalType::Kind::List;
            const bool mapAnnotated = e.convertedType == ConvertedType::Map || e.convertedType == ConvertedType::MapKeyValue
                || e.logicalType.kind == LogicalType::Kind::Map;
            if (n.children.size() == 1 && nodes[size_t(n.children[0])].repetition == Repetition::Repeated) {
                const SchemaNode &r = nodes[size_t(n.children[0])];
                if (listAnnotated)
                    n.shape = SchemaNode::Shape::List;
                else if (mapAnnotated && r.children.size() == 2)
                    n.shape = SchemaNode::Shape::Map;
            }
            return self;
        }
        nodes[size_t(self)].leaf = static_cast<int>(leaves.size());
        nodes[size_t(self)].leafEnd = nodes[size_t(self)].leafBegin + 1;
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
        return self;
    }
};

// A list (of lists...) of one primitive: LIST groups and repeated nodes down
// to a single leaf, with no struct in between.
bool isListChain(const std::vector<SchemaNode> &nodes, const SchemaNode &n)
{
    if (n.shape == SchemaNode::Shape::Leaf)
        return true;
    if (n.shape == SchemaNode::Shape::List) {
        const SchemaNode &r = nodes[size_t(n.children[0])];
        if (r.shape == SchemaNode::Shape::Leaf)
            return true;
        return r.shape == SchemaNode::Shape::Struct && r.children.size() == 1
            && isListChain(nodes, nodes[size_t(r.children[0])]);
    }
    return false;
}

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
    Builder b{md, source, m_leaves, m_nodes};
    for (int32_t i = 0; i < root.numChildren; ++i) {
        const size_t firstLeaf = m_leaves.size();
        if (b.next >= md.schema.size())
            b.fail("the root claims more children than the schema has");
        Column c;
        c.node = b.walk(Builder::Frame{}, 1, i);
        const SchemaNode &top = m_nodes[size_t(c.node)];
        c.name = top.name;
        c.firstLeaf = static_cast<int>(firstLeaf);
        c.leafCount = static_cast<int>(m_leaves.size() - firstLeaf);
        c.typeName = nodeTypeName(top);
        if (top.leaf >= 0 && top.repetition != Repetition::Repeated) {
            c.kind = Column::Kind::Primitive;
            c.leafIndex = top.leaf;
        } else if (c.leafCount == 1 && isListChain(m_nodes, top)) {
            c.kind = Column::Kind::List;
            c.leafIndex = c.firstLeaf;
        } else {
            c.kind = Column::Kind::Nested;
        }
        m_columns.push_back(std::move(c));
    }
    if (b.next != md.schema.size())
        b.fail("the tree leaves " + std::to_string(md.schema.size() - b.next) + " elements unused");
}

std::string Schema::nodeTypeName(const SchemaNode &n) const
{
    auto child = [&](size_t i) -> const SchemaNode & { return m_nodes[size_t(n.children[i])]; };
    std::string t;
    switch (n.shape) {
    case SchemaNode::Shape::Leaf:
        t = leafTypeName(m_leaves[size_t(n.leaf)]);
        break;
    case SchemaNode::Shape::List: {
        const SchemaNode &r = child(0);
        // 3-level lists wrap each element in a one-child repeated group.
        const SchemaNode &element = r.children.size() == 1 ? m_nodes[size_t(r.children[0])] : r;
        SchemaNode e = element;
        e.repetition = Repetition::Optional;
        return "list<" + nodeTypeName(e) + ">" + (n.repetition == Repetition::Repeated ? "[]" : "");
    }
    case SchemaNode::Shape::Map: {
        const SchemaNode &kv = child(0);
        return "map<" + nodeTypeName(m_nodes[size_t(kv.children[0])]) + ", "
            + nodeTypeName(m_nodes[size_t(kv.children[1])]) + ">";
    }
    case SchemaNode::Shape::Struct:
        t = "struct<";
        for (size_t i = 0; i < n.children.size(); ++i) {
            SchemaNode c = child(i);
            t += (i ? ", " : "") + c.name + ": " + nodeTypeName(c);
        }
        t += ">";
        break;
    }
    return n.repetition == Repetition::Repeated ? "list<" + t + ">" : t;
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
