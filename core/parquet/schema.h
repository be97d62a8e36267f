#pragma once

#include "parquet/filemetadata.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace studio::parquet {

// One primitive (leaf) column of the schema tree with its Dremel levels.
struct LeafColumn
{
    std::vector<std::string> path;   // names from the top-level field down to the leaf
    const SchemaElement *element = nullptr; // owned by the FileMetaData
    PhysicalType physicalType = PhysicalType::ByteArray;
    int32_t typeLength = 0;
    int16_t maxDefinitionLevel = 0;
    int16_t maxRepetitionLevel = 0;
    int topLevelIndex = 0;
    // For each repetition level i (1..maxRep), the definition level at which
    // the repeated node is present (repeatedDef[i-1]) and the definition level
    // from which the slot holding it is non-null (slotDef[i-1]); see rowassembler.
    std::vector<int16_t> repeatedDef;
    std::vector<int16_t> slotDef;
};

// A node of the schema tree (groups and leaves), for assembling nested values.
struct SchemaNode
{
    enum class Shape { Leaf, Struct, List, Map };
    std::string name;
    Repetition repetition = Repetition::Required;
    Shape shape = Shape::Leaf;   // List / Map: LIST- / MAP-annotated groups of the usual layout
    int16_t defLevel = 0;        // definition level once this node is present
    int16_t repLevel = 0;
    int leaf = -1;               // Leaf: index into Schema::leaves()
    int leafBegin = 0;           // leaves under this node: [leafBegin, leafEnd)
    int leafEnd = 0;
    std::vector<int> children;   // indices into Schema::nodes()
};

// One top-level field, as a user sees the table.
struct Column
{
    // Primitive: a leaf. List: a list (of lists) of a primitive. Nested: structs,
    // maps, lists of structs, ... (read as JSON through the node tree).
    enum class Kind { Primitive, List, Nested };
    std::string name;
    std::string typeName;     // e.g. "string", "int64", "timestamp[us]", "list<string>"
    Kind kind = Kind::Primitive;
    int leafIndex = -1;       // the single leaf column (Primitive, List); -1 when Nested
    int node = -1;            // the field's node in Schema::nodes()
    int firstLeaf = 0;        // leaves of this field are [firstLeaf, firstLeaf + leafCount)
    int leafCount = 0;
};

// The schema tree of a file, resolved into leaf columns (in column-chunk order)
// and top-level columns.
class Schema
{
public:
    Schema() = default;
    // Validates the flattened tree (children counts, depth, types). Throws ParquetError.
    Schema(const FileMetaData &metadata, std::string_view source);

    const std::vector<LeafColumn> &leaves() const { return m_leaves; }
    const std::vector<Column> &columns() const { return m_columns; }
    const std::vector<SchemaNode> &nodes() const { return m_nodes; }
    // Index of the top-level column with that name, or -1.
    int columnIndex(std::string_view name) const;

    // Display name of a leaf's value type ("string", "int32", "decimal(10,2)", ...).
    static std::string leafTypeName(const LeafColumn &leaf);

private:
    std::vector<LeafColumn> m_leaves;
    std::vector<Column> m_columns;
    std::vector<SchemaNode> m_nodes;

    std::string nodeTypeName(const SchemaNode &node) const;
};

} // namespace studio::parquet
