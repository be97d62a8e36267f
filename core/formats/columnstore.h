#pragma once

#include "formats/record.h"
#include "formats/valueblock.h"

#include <QFile>
#include <QJsonArray>
#include <QString>

#include <atomic>
#include <memory>
#include <string_view>
#include <vector>

namespace studio::formats {

// The read side of a dataset's column store. Layout of its folder:
//   manifest.json          {"version":1,"num_rows":N,"columns":[{"name","type"}],…}
//   c<i>.data              column i's values, back to back (UTF-8 / JSON text)
//   c<i>.off               N little-endian uint64: the end offset of each row's value
//   c<i>.typ               N bytes: each row's ValueType (0 = null)
// Files are memory-mapped; any access outside them is reported, never read.
class ColumnStore final
{
public:
    // Throws FormatError when the folder is missing or inconsistent.
    static std::unique_ptr<ColumnStore> open(const QString &directory);
    ~ColumnStore();

    struct Value {
        ValueType type = ValueType::Null;
        std::string_view bytes;
    };

    std::int64_t rowCount() const { return m_rows; }
    int columnCount() const { return static_cast<int>(m_columns.size()); }
    QJsonArray schema() const { return m_schema; }
    QString columnName(int column) const;
    int columnIndex(const QString &name) const; // -1 if absent
    Value value(std::int64_t row, int column) const;
    // Rows [first, last) (clipped) of a column into `out`: their offsets and
    // types read from the files (nothing of them mapped), the values viewed
    // in the data file's mapping, not copied (`out` is valid while this store
    // lives). The pages of the values are asked for ahead (readahead), and a
    // pass that goes on in row order hands back those far behind it every
    // few MB, so its resident size stays flat (a few dozen MB) without a TLB
    // shootdown per block. Damage (offsets out of order or past the file, an
    // unknown type) throws FormatError, as value(). (The file must not be cut
    // short while mapped: the app alone writes it, and never after import.)
    void readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const;
    // Hands the mapped pages of a column's rows before `last` back to the
    // kernel (they are read again from the file if touched later), so a
    // streaming pass over a large dataset keeps a flat resident size. All of
    // them, not only the last batch's: the kernel maps a touched page's
    // neighbours along with it, earlier ones included.
    void releaseBefore(int column, std::int64_t last) const;

private:
    ColumnStore() = default;
    struct Column {
        QString name;
        std::unique_ptr<QFile> dataFile, offFile, typFile;
        const char *data = nullptr;
        std::uint64_t dataSize = 0;
        const std::uint64_t *offsets = nullptr;
        const std::uint8_t *types = nullptr;
        // readBlock's pages handed back: all before this offset.
        std::unique_ptr<std::atomic<std::uint64_t>> viewsReleased = std::make_unique<std::atomic<std::uint64_t>>(0);
    };
    QString m_dir;
    std::int64_t m_rows = 0;
    QJsonArray m_schema;
    std::vector<Column> m_columns;
};

} // namespace studio::formats
