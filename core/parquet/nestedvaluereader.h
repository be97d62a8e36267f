#pragma once

#include "parquet/columnchunkreader.h"
#include "parquet/decodedpage.h"
#include "parquet/valueformatter.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace studio::parquet {

class ParquetFile;
struct Column;
struct SchemaNode;

// Reads a nested top-level column (structs, maps, lists of structs, ...) row
// by row as JSON, e.g. [{"role":"user","content":"Hi"}] or {"a":1,"b":null}:
// each leaf column is decoded in step, its levels turned into a small tree per
// row, and the trees merged along the schema (Dremel record assembly).
// LIST groups become arrays, MAP groups objects, other groups objects.
class NestedValueReader
{
public:
    NestedValueReader(const ParquetFile &file, const Column &column);
    ~NestedValueReader();

    // Positions every leaf at row `skipRows` of row group `rowGroup`.
    void startRowGroup(int rowGroup, int64_t skipRows);
    // The next row's JSON (nullopt for null) into *out, or skipped when out is null.
    void nextRow(std::optional<std::string> *out);

    struct LevelTree;

private:
    struct Leaf;
    void emit(int node, std::vector<const LevelTree *> &slots, std::string &out) const;
    void emitElement(int node, std::vector<const LevelTree *> &slots, std::string &out) const;
    void emitItems(const SchemaNode &repeated, int content, std::vector<const LevelTree *> &slots, std::string &out,
                   bool asMap) const;

    const ParquetFile &m_file;
    const Column &m_column;
    std::vector<std::unique_ptr<Leaf>> m_leaves;
    int m_rowGroup = -1;
};

} // namespace studio::parquet
