#include "datasetfiltermodel.h"

#include "datasetlistmodel.h"

namespace studio::ui {

DatasetFilterModel::DatasetFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
    sort(0);
}

void DatasetFilterModel::setSearchText(const QString &text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

void DatasetFilterModel::setStatusFilter(const QString &status)
{
    m_status = status;
    invalidateFilter();
}

void DatasetFilterModel::setSortKey(SortKey key)
{
    m_sortKey = key;
    invalidate();
}

bool DatasetFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_status.isEmpty() && i.data(DatasetListModel::StatusRole).toString() != m_status)
        return false;
    if (m_search.isEmpty())
        return true;
    return i.data(DatasetListModel::NameRole).toString().contains(m_search, Qt::CaseInsensitive)
           || i.data(DatasetListModel::SourceTextRole).toString().contains(m_search, Qt::CaseInsensitive);
}

bool DatasetFilterModel::lessThan(const QModelIndex &l, const QModelIndex &r) const
{
    const bool la = l.data(DatasetListModel::ActiveRole).toBool();
    const bool ra = r.data(DatasetListModel::ActiveRole).toBool();
    if (la != ra)
        return la; // active first
    const auto byId = [&] { return l.data(DatasetListModel::IdRole).toLongLong() > r.data(DatasetListModel::IdRole).toLongLong(); };
    switch (m_sortKey) {
    case SortKey::Name: {
        const int c = l.data(DatasetListModel::NameRole).toString().localeAwareCompare(r.data(DatasetListModel::NameRole).toString());
        return c != 0 ? c < 0 : byId();
    }
    case SortKey::Size: {
        const qint64 a = l.data(DatasetListModel::SizeRole).toLongLong(), b = r.data(DatasetListModel::SizeRole).toLongLong();
        return a != b ? a > b : byId();
    }
    case SortKey::Status: {
        const QString a = l.data(DatasetListModel::StatusRole).toString(), b = r.data(DatasetListModel::StatusRole).toString();
        return a != b ? a < b : byId();
    }
    case SortKey::Created: {
        const qint64 a = l.data(DatasetListModel::CreatedRole).toLongLong(), b = r.data(DatasetListModel::CreatedRole).toLongLong();
        return a != b ? a > b : byId();
    }
    case SortKey::Updated:
        break;
    }
    const qint64 a = l.data(DatasetListModel::UpdatedRole).toLongLong(), b = r.data(DatasetListModel::UpdatedRole).toLongLong();
    return a != b ? a > b : byId();
}

} // namespace studio::ui
