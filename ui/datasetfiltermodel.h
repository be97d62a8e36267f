#pragma once

#include <QSortFilterProxyModel>

namespace studio::ui {

// Search, status filter and sort over the dataset cards. Active datasets
// (queued, downloading, processing) always come first; then the chosen order.
class DatasetFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetFilterModel)
public:
    enum class SortKey { Updated, Created, Name, Size, Status };

    explicit DatasetFilterModel(QObject *parent = nullptr);

    void setSearchText(const QString &text);
    // Empty: every status.
    void setStatusFilter(const QString &status);
    void setSortKey(SortKey key);
    SortKey sortKey() const { return m_sortKey; }
    QString statusFilter() const { return m_status; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_search;
    QString m_status;
    SortKey m_sortKey = SortKey::Updated;
};

} // namespace studio::ui
