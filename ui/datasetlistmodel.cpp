#include "datasetlistmodel.h"

#include "progress/channels.h"
#include "progress/progressevent.h"

#include <QDateTime>
#include <QFileInfo>

#include <algorithm>

namespace studio::ui {

using catalog::DatasetRecord;
namespace st = studio::catalog::status;
namespace ev = studio::progress::events;

namespace {

qint64 optionalInt(const QJsonValue &v)
{
    return v.isDouble() ? qint64(v.toDouble()) : -1;
}

qint64 isoToMs(const QJsonValue &v)
{
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

} // namespace

DatasetListModel::DatasetListModel(QObject *parent)
    : QAbstractListModel(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(kFlushIntervalMs);
    connect(&m_flushTimer, &QTimer::timeout, this, &DatasetListModel::flush);
}

int DatasetListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant DatasetListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const DatasetRecord &d = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case NameRole:
        return d.name;
    case Qt::AccessibleTextRole:
        return tr("%1, %2, %3%").arg(d.name, d.status).arg(d.progress, 0, 'f', 1);
    case Qt::ToolTipRole:
        return d.errorMessage.isEmpty() ? sourceText(d) : d.errorMessage;
    case IdRole:
        return d.id;
    case SourceTextRole:
        return sourceText(d);
    case SourceKindRole:
        return d.source;
    case StatusRole:
        return d.status;
    case ProgressRole:
        return d.progress;
    case MessageRole:
        return d.message;
    case ErrorRole:
        return d.errorMessage;
    case SamplesRole:
        return d.numSamples;
    case SizeRole:
        return d.sizeBytes;
    case CreatedRole:
        return d.createdAt;
    case UpdatedRole:
        return d.updatedAt;
    case ActiveRole:
        return st::isActive(d.status);
    default:
        return {};
    }
}

QHash<int, QByteArray> DatasetListModel::roleNames() const
{
    auto names = QAbstractListModel::roleNames();
    names.insert(IdRole, "id");
    names.insert(NameRole, "name");
    names.insert(StatusRole, "status");
    names.insert(ProgressRole, "progress");
    names.insert(MessageRole, "message");
    return names;
}

void DatasetListModel::beginSnapshot()
{
    m_buffering = true;
    m_buffered.clear();
}

void DatasetListModel::setDatasets(const QList<DatasetRecord> &datasets)
{
    beginResetModel();
    m_rows = datasets;
    m_rowById.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows[i].id, i);
    m_dirty.clear();
    m_lastSeq.clear();
    endResetModel();
    m_buffering = false;
    const QList<progress::ProgressEvent> buffered = std::exchange(m_buffered, {});
    for (const progress::ProgressEvent &e : buffered) {
        const bool onDatasets = e.channel == progress::datasetsChannel();
        const qint64 id = onDatasets ? e.data.value(QStringLiteral("id")).toString().toLongLong()
                                   : progress::datasetIdOfChannel(e.channel).toLongLong();
        const DatasetRecord *known = record(id);
        if (known && e.event != ev::Deleted && e.ts < known->updatedAt)
            continue; // the snapshot is newer
        applyEvent(e);
    }
}

void DatasetListModel::applyEvent(const progress::ProgressEvent &event)
{
    if (m_buffering) {
        m_buffered.append(event);
        return;
    }
    quint64 &last = m_lastSeq[event.channel];
    if (event.seq != 0 && event.seq <= last)
        return; // already part of what we show
    last = std::max(last, event.seq);

    if (event.channel == progress::datasetsChannel()) {
        if (event.event == ev::Deleted)
            remove(event.data.value(QStringLiteral("id")).toString().toLongLong());
        else
            upsert(recordFromSummary(event.data));
        return;
    }
    const qint64 id = progress::datasetIdOfChannel(event.channel).toLongLong();
    if (id <= 0 || event.data.value(QStringLiteral("job")).toString() == QLatin1String("tokenize"))
        return; // tokenizations never change the dataset's own card
    const auto it = m_rowById.constFind(id);
    if (it == m_rowById.constEnd())
        return;
    applyToRecord(m_rows[*it], event);
    markDirty(id);
}

void DatasetListModel::applyToRecord(DatasetRecord &d, const progress::ProgressEvent &event)
{
    const QJsonObject &data = event.data;
    const QString status = data.value(QStringLiteral("status")).toString();
    if (!status.isEmpty())
        d.status = status;
    if (data.contains(QStringLiteral("progress")))
        d.progress = data.value(QStringLiteral("progress")).toDouble();
    if (data.contains(QStringLiteral("message")))
        d.message = data.value(QStringLiteral("message")).toString();
    if (event.event == ev::Completed) {
        d.progress = 100.0;
        d.errorMessage.clear();
        if (data.contains(QStringLiteral("num_samples")))
            d.numSamples = optionalInt(data.value(QStringLiteral("num_samples")));
        if (data.contains(QStringLiteral("size_bytes")))
            d.sizeBytes = optionalInt(data.value(QStringLiteral("size_bytes")));
    } else if (event.event == ev::Error) {
        d.errorMessage = data.value(QStringLiteral("message")).toString();
    } else {
        d.errorMessage.clear();
    }
    d.updatedAt = std::max(d.updatedAt, event.ts);
}

void DatasetListModel::upsert(const DatasetRecord &incoming)
{
    if (incoming.id <= 0)
        return;
    const auto it = m_rowById.constFind(incoming.id);
    if (it == m_rowById.constEnd()) {
        const int row = int(m_rows.size());
        beginInsertRows({}, row, row);
        m_rows.append(incoming);
        m_rowById.insert(incoming.id, row);
        endInsertRows();
        return;
    }
    DatasetRecord &d = m_rows[*it];
    const double shownProgress = d.progress;
    const bool sameRun = d.status == incoming.status && st::isActive(d.status);
    d = incoming;
    if (sameRun) // the catalog persists progress less often than events arrive
        d.progress = std::max(d.progress, shownProgress);
    markDirty(incoming.id);
}

void DatasetListModel::remove(qint64 datasetId)
{
    const auto it = m_rowById.constFind(datasetId);
    if (it == m_rowById.constEnd())
        return;
    const int row = *it;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    m_rowById.clear();
    for (int i = 0; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows[i].id, i);
    m_dirty.remove(datasetId);
    endRemoveRows();
}

void DatasetListModel::markDirty(qint64 datasetId)
{
    m_dirty.insert(datasetId);
    if (!m_flushTimer.isActive())
        m_flushTimer.start();
}

void DatasetListModel::flush()
{
    m_flushTimer.stop();
    if (m_dirty.isEmpty())
        return;
    QList<int> rows;
    rows.reserve(m_dirty.size());
    for (qint64 id : std::as_const(m_dirty)) {
        const auto it = m_rowById.constFind(id);
        if (it != m_rowById.constEnd())
            rows.append(*it);
    }
    m_dirty.clear();
    std::sort(rows.begin(), rows.end());
    for (int i = 0; i < rows.size();) {
        int j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        Q_EMIT dataChanged(index(rows[i]), index(rows[j]));
        i = j + 1;
    }
}

int DatasetListModel::rowOf(qint64 datasetId) const
{
    return m_rowById.value(datasetId, -1);
}

const DatasetRecord *DatasetListModel::record(qint64 datasetId) const
{
    const int row = rowOf(datasetId);
    return row < 0 ? nullptr : &m_rows.at(row);
}

int DatasetListModel::activeCount() const
{
    return int(std::count_if(m_rows.begin(), m_rows.end(), [](const DatasetRecord &d) { return st::isActive(d.status); }));
}

DatasetRecord DatasetListModel::recordFromSummary(const QJsonObject &s)
{
    DatasetRecord d;
    d.id = s.value(QStringLiteral("id")).toString().toLongLong();
    d.name = s.value(QStringLiteral("name")).toString();
    d.source = s.value(QStringLiteral("source")).toString();
    d.repoId = s.value(QStringLiteral("repo_id")).toString();
    d.config = s.value(QStringLiteral("config")).toString();
    d.split = s.value(QStringLiteral("split")).toString();
    d.sourcePath = s.value(QStringLiteral("source_path")).toString();
    d.status = s.value(QStringLiteral("status")).toString();
    d.progress = s.value(QStringLiteral("progress")).toDouble();
    d.message = s.value(QStringLiteral("message")).toString();
    d.numSamples = optionalInt(s.value(QStringLiteral("num_samples")));
    d.sizeBytes = optionalInt(s.value(QStringLiteral("size_bytes")));
    d.errorMessage = s.value(QStringLiteral("error_message")).toString();
    d.createdAt = isoToMs(s.value(QStringLiteral("created_at")));
    d.updatedAt = isoToMs(s.value(QStringLiteral("updated_at")));
    return d;
}

QString DatasetListModel::sourceText(const DatasetRecord &d)
{
    if (d.source == QLatin1String("hub")) {
        QStringList parts{d.repoId};
        if (!d.config.isEmpty())
            parts << d.config;
        if (!d.split.isEmpty())
            parts << d.split;
        return tr("Hugging Face Hub · %1").arg(parts.join(QStringLiteral(" · ")));
    }
    const QString file = QFileInfo(d.sourcePath).fileName();
    return d.format.isEmpty() ? tr("Local file · %1").arg(file) : tr("Local file · %1 (%2)").arg(file, d.format);
}

} // namespace studio::ui
