#include "parquet/nestedvaluereader.h"

#include "parquet/parqueterror.h"
#include "parquet/parquetfile.h"
#include "parquet/schema.h"

namespace studio::parquet {

// One leaf's share of a row: nested lists following the leaf's repeated
// ancestors, ending in values or in nulls that carry their definition level
// (which tells the renderer which ancestor is missing).
struct NestedValueReader::LevelTree
{
    enum class Kind : uint8_t { Null, Value, List };
    Kind kind = Kind::Null;
    int def = 0;
    std::string json;
    std::vector<LevelTree> items;
};

struct NestedValueReader::Leaf
{
    const LeafColumn &leaf;
    ValueFormatter formatter;
    std::optional<ColumnChunkReader> chunk;
    DecodedPage page;
    size_t entry = 0;
    size_t value = 0;
    LevelTree tree;

    explicit Leaf(const LeafColumn &l)
        : leaf(l)
        , formatter(l)
    {
    }

    int defAt(size_t i) const { return page.defLevels.empty() ? leaf.maxDefinitionLevel : page.defLevels[i]; }
    int repAt(size_t i) const { return page.repLevels.empty() ? 0 : page.repLevels[i]; }

    // The subtree for an entry with definition level d, from repetition level `level` down.
    LevelTree make(int level, int d, bool build)
    {
        LevelTree t;
        t.def = d;
        if (level > leaf.maxRepetitionLevel) {
            if (d == leaf.maxDefinitionLevel) {
                if (build) {
                    t.kind = LevelTree::Kind::Value;
                    formatter.appendJson(t.json, page, value);
                }
                ++value;
            }
            return t;
        }
        if (d < leaf.repeatedDef[size_t(level - 1)])
            return t; // null or empty at this level; the renderer tells which
        t.kind = LevelTree::Kind::List;
        t.items.push_back(make(level + 1, d, build));
        return t;
    }

    // Consumes the next row's entries (decoding pages as needed).
    void nextRow(bool build, const std::string &context)
    {
        while (entry >= size_t(page.numLevels)) {
            if (!chunk->next(page))
                throw ParquetError(context + ": the column chunk ends before its row group's rows");
            entry = value = 0;
            if (page.numLevels > 0 && repAt(0) != 0)
                throw ParquetError(context + ": a repeated column's page does not start at a row boundary");
        }
        tree = make(1, defAt(entry), build);
        ++entry;
        for (; entry < size_t(page.numLevels) && repAt(entry) != 0; ++entry) {
            const int r = repAt(entry);
            LevelTree *node = &tree;
            for (int lvl = 1; lvl < r; ++lvl) {
                if (node->kind != LevelTree::Kind::List || node->items.empty())
                    throw ParquetError(context + ": repetition levels do not nest");
                node = &node->items.back();
            }
            if (node->kind != LevelTree::Kind::List)
                throw ParquetError(context + ": repetition levels do not nest");
            node->items.push_back(make(r + 1, defAt(entry), build));
        }
    }
};

NestedValueReader::NestedValueReader(const ParquetFile &file, const Column &column)
    : m_file(file)
    , m_column(column)
{
    const auto &leaves = file.schema().leaves();
    for (int l = column.firstLeaf; l < column.firstLeaf + column.leafCount; ++l)
        m_leaves.push_back(std::make_unique<Leaf>(leaves[size_t(l)]));
}

NestedValueReader::~NestedValueReader() = default;

void NestedValueReader::startRowGroup(int rowGroup, int64_t skipRows)
{
    m_rowGroup = rowGroup;
    for (size_t i = 0; i < m_leaves.size(); ++i) {
        Leaf &l = *m_leaves[i];
        l.chunk.reset();
        l.chunk.emplace(m_file.columnChunk(rowGroup, m_column.firstLeaf + int(i)));
        l.page.clear();
        l.entry = l.value = 0;
        const int64_t left = skipRows - l.chunk->skipPages(skipRows);
        for (int64_t r = 0; r < left; ++r)
            l.nextRow(false, l.chunk->context());
    }
}

void NestedValueReader::nextRow(std::optional<std::string> *out)
{
    for (auto &l : m_leaves)
        l->nextRow(out != nullptr, l->chunk->context());
    if (!out)
        return;
    std::vector<const LevelTree *> slots;
    for (auto &l : m_leaves)
        slots.push_back(&l->tree);
    const SchemaNode &top = m_file.schema().nodes()[size_t(m_column.node)];
    if (top.repetition != Repetition::Repeated && slots[0]->kind == LevelTree::Kind::Null
        && slots[0]->def < top.defLevel) {
        out->reset();
        return;
    }
    std::string s;
    emit(m_column.node, slots, s);
    *out = std::move(s);
}

void NestedValueReader::emit(int node, std::vector<const LevelTree *> &slots, std::string &out) const
{
    const SchemaNode &n = m_file.schema().nodes()[size_t(node)];
    if (n.repetition == Repetition::Repeated)
        emitItems(n, node, slots, out, false);
    else
        emitElement(node, slots, out);
}

// Renders the items of a repeated node; `content` is what each item shows
// (the node itself, or for 3-level lists its single child).
void NestedValueReader::emitItems(const SchemaNode &repeated, int content, std::vector<const LevelTree *> &slots,
                                  std::string &out, bool asMap) const
{
    const size_t base = size_t(m_column.firstLeaf);
    const LevelTree *first = slots[size_t(repeated.leafBegin) - base];
    if (first->kind != LevelTree::Kind::List) { // parents were present: an empty list
        out += asMap ? "{}" : "[]";
        return;
    }
    const auto &nodes = m_file.schema().nodes();
    out += asMap ? '{' : '[';
    std::vector<const LevelTree *> sub(slots.size());
    for (size_t e = 0; e < first->items.size(); ++e) {
        for (int l = repeated.leafBegin; l < repeated.leafEnd; ++l) {
            const LevelTree *t = slots[size_t(l) - base];
            if (t->kind != LevelTree::Kind::List || t->items.size() != first->items.size())
                throw ParquetError(m_file.name() + ": column \"" + m_column.name + "\": its leaf columns disagree on list lengths");
            sub[size_t(l) - base] = &t->items[e];
        }
        if (e)
            out += ',';
        if (asMap) {
            const SchemaNode &kv = nodes[size_t(content)];
            std::string key;
            emitElement(kv.children[0], sub, key);
            if (key.empty() || key[0] != '"')
                ValueFormatter::appendJsonString(out, key); // JSON keys are strings
            else
                out += key;
            out += ':';
            emitElement(kv.children[1], sub, out);
        } else {
            // For a repeated node rendered as its own item, emitElement shows
            // its content (a repeated node is never null itself).
            emitElement(content, sub, out);
        }
    }
    out += asMap ? '}' : ']';
}

void NestedValueReader::emitElement(int node, std::vector<const LevelTree *> &slots, std::string &out) const
{
    const auto &nodes = m_file.schema().nodes();
    const SchemaNode &n = nodes[size_t(node)];
    const size_t base = size_t(m_column.firstLeaf);
    const LevelTree *s = slots[size_t(n.leafBegin) - base];
    if (n.leafBegin == n.leafEnd) {
        out += "null"; // a group without leaves
        return;
    }
    if (s->kind == LevelTree::Kind::Null && s->def < n.defLevel && n.repetition != Repetition::Repeated) {
        out += "null";
        return;
    }
    switch (n.shape) {
    case SchemaNode::Shape::Leaf:
        if (s->kind == LevelTree::Kind::Value)
            out += s->json;
        else
            out += "null";
        return;
    case SchemaNode::Shape::List: {
        const SchemaNode &r = nodes[size_t(n.children[0])];
        const int content = (r.shape == SchemaNode::Shape::Struct && r.children.size() == 1) ? r.children[0] : n.children[0];
        emitItems(r, content, slots, out, false);
        return;
    }
    case SchemaNode::Shape::Map:
        emitItems(nodes[size_t(n.children[0])], n.children[0], slots, out, true);
        return;
    case SchemaNode::Shape::Struct:
        out += '{';
        for (size_t i = 0; i < n.children.size(); ++i) {
            if (i)
                out += ',';
            ValueFormatter::appendJsonString(out, nodes[size_t(n.children[i])].name);
            out += ':';
            emit(n.children[i], slots, out);
        }
        out += '}';
        return;
    }
}

} // namespace studio::parquet
