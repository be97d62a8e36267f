#pragma once

#include "formats/columnstore.h"
#include "formats/datasetrows.h"

namespace studio::formats {

// DatasetRows over a column store folder.
class ColumnStoreRows final : public DatasetRows
{
public:
    explicit ColumnStoreRows(std::unique_ptr<ColumnStore> store);
    std::int64_t rowCount() const override;
    QJsonArray schema() const override;
    QList<QJsonObject> rows(std::int64_t first, std::int64_t count) const override;
    void scan(int column, std::int64_t first, std::int64_t last, const ValueVisitor &visit) const override;
    void readBlock(int column, std::int64_t first, std::int64_t last, ValueBlock &out) const override;

private:
    std::unique_ptr<ColumnStore> m_store;
};

} // namespace studio::formats
