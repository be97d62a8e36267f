#pragma once

#include "catalog/records.h"

#include <QDialog>
#include <QTimer>

class QLabel;
class QTabWidget;

namespace studio::progress {
struct ProgressEvent;
}

namespace studio::ui {

class DatasetController;
class OverviewTab;
class SamplesTab;
class StatisticsTab;
class TokenizationTab;

// The dataset detail modal: Overview, Samples, Tokenization, Statistics.
// Reloads itself (off the GUI thread) when a job of the dataset finishes.
class DetailDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailDialog)
public:
    enum Tab { Overview, Samples, Tokenization, Statistics };

    DetailDialog(DatasetController &controller, qint64 datasetId, QWidget *parent = nullptr);

    qint64 datasetId() const { return m_datasetId; }
    QTabWidget *tabs() const { return m_tabs; }
    OverviewTab *overview() const { return m_overview; }
    SamplesTab *samples() const { return m_samples; }
    TokenizationTab *tokenization() const { return m_tokenization; }
    StatisticsTab *statistics() const { return m_statistics; }
    const QList<catalog::TokenizationRecord> &tokenizations() const { return m_tokenizations; }
    int loadCount() const { return m_loads; }

Q_SIGNALS:
    void loaded();

private:
    void onEvent(const progress::ProgressEvent &event);
    void onLoaded(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &t);

    DatasetController &m_controller;
    qint64 m_datasetId;
    QLabel *m_title;
    QTabWidget *m_tabs;
    OverviewTab *m_overview;
    SamplesTab *m_samples;
    TokenizationTab *m_tokenization;
    StatisticsTab *m_statistics;
    QList<catalog::TokenizationRecord> m_tokenizations;
    QTimer m_reload;
    int m_loads = 0;
};

} // namespace studio::ui
