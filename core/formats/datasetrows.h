#pragma once

#include "formats/record.h"
#include "formats/valueblock.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>

namespace studio::formats {

// Read access to a stored dataset's rows, whatever holds them: the column
// store of an imported text file, or parquet files (an imported parquet file,
// or the Hub shards a download's split slice covers). Every job and view reads
// rows through this. Its folder's manifest.json says which kind it is:
//   {"version":1,"num_rows":N,"columns":[…]}                       column store
//   {"version":1,"kind":"parquet","num_rows":N,"columns":[…],
//    "segments":[{"path":"…/x.parquet","first_row":F,"num_rows":K},…]}
// (segment paths are absolute, or relative to the folder).
class DatasetRows
{
public:
    virtual ~DatasetRows() = default;
    // Throws FormatError (or a parquet error wrapped as one) when the folder is
    // missing, incomplete or inconsistent.
    static std::unique_ptr<DatasetRows> open(const QString &rowsFolder);

    virtual std::int64_t rowCount() const = 0;
    // [{"name","type"}] with types string, int64, float64, bool, json, …
    virtual QJsonArray schema() const = 0;
    int columnIndex(const QString &name) const;

    // Rows [first, first + count) (clipped) as JSON objects, for browsing.
    virtual QList<QJsonObject> rows(std::int64_t first, std::int64_t count) const = 0;

    using ValueVisitor = std::function<bool(std::int64_t row, ValueType type, std::string_view bytes)>;
    // Visits one column's values for rows [first, last) in order; strings as
    // UTF-8, other values as JSON text. The visitor returns false to stop.
    virtual void scan(int column, std::int64_t first, std::int64_t last, const ValueVisitor &visit) const = 0;
    // The same values for rows [first, last) (clipped) into one block,
    // replacing what `out` held (its memory is reused). By default through
    // scan(); a store that keeps a column's values back to back reads them in
    // one go.
    virtual void readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const;
};

} // namespace studio::formats
