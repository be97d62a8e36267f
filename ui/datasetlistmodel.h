#pragma once

#include "catalog/records.h"
#include "progress/progressevent.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

namespace studio::ui {

// The datasets the main window shows as cards. Fed by a catalog snapshot
// (read off the GUI thread) and by the progress hub's events. Changes are
// batched: at most one flush per kFlushIntervalMs, emitting one dataChanged
// per run of adjacent changed rows, so a card repaints at most ~10 times a second.
class DatasetListModel final : public QAbstractListModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetListModel)
public:
    static constexpr int kFlushIntervalMs = 100;

    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        SourceTextRole, // "owner/repo · config · train[:1%]" or the local file
        SourceKindRole, // hub | local
        StatusRole,
        ProgressRole,   // 0..100
        MessageRole,
        ErrorRole,
        SamplesRole,    // -1: unknown
        SizeRole,       // -1: unknown
        CreatedRole,
        UpdatedRole,
        ActiveRole,     // queued / downloading / processing
    };

    explicit DatasetListModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Call before reading a catalog snapshot: events arriving until
    // setDatasets() are kept and replayed on it when newer than its records.
    void beginSnapshot();
    // Replaces everything by a catalog snapshot.
    void setDatasets(const QList<catalog::DatasetRecord> &datasets);
    void applyEvent(const progress::ProgressEvent &event);
    // Emits the pending dataChanged signals now (the timer does it otherwise).
    void flush();

    int rowOf(qint64 datasetId) const;
    const catalog::DatasetRecord *record(qint64 datasetId) const;
    int activeCount() const;

    static catalog::DatasetRecord recordFromSummary(const QJsonObject &summary);
    static QString sourceText(const catalog::DatasetRecord &d);

private:
    void markDirty(qint64 datasetId);
    void applyToRecord(catalog::DatasetRecord &d, const progress::ProgressEvent &event);
    void upsert(const catalog::DatasetRecord &incoming);
    void remove(qint64 datasetId);

    QList<catalog::DatasetRecord> m_rows;
    QHash<qint64, int> m_rowById;
    QSet<qint64> m_dirty;
    QHash<QString, quint64> m_lastSeq;
    bool m_buffering = false;
    QList<progress::ProgressEvent> m_buffered;
    QTimer m_flushTimer;
};

} // namespace studio::ui
