#pragma once

#include "formats/bufferedfile.h"
#include "formats/record.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <map>
#include <memory>
#include <vector>

namespace studio::formats {

// Writes the column store a dataset keeps its rows in (see columnstore.h for
// the layout). Columns are created as records name them; rows that lack a
// column hold null there. Nothing is readable until finish() wrote the manifest.
class ColumnStoreWriter final
{
public:
    explicit ColumnStoreWriter(const QString &directory);
    ~ColumnStoreWriter();

    void append(const Record &record);
    // Closes and syncs every file and writes manifest.json (with `extra` merged in).
    void finish(const QJsonObject &extra = {});

    std::int64_t rowCount() const { return m_rows; }
    std::uint64_t bytesWritten() const;
    QJsonArray schema() const;

private:
    struct Column {
        std::string name;
        std::unique_ptr<BufferedFile> data, offsets, types;
        unsigned typesSeen = 0; // bit per ValueType
    };
    Column &column(const std::string &name);

    QString m_dir;
    std::vector<std::unique_ptr<Column>> m_columns;
    std::map<std::string, std::size_t, std::less<>> m_index;
    std::vector<bool> m_touched;
    std::int64_t m_rows = 0;
};

} // namespace studio::formats
