#pragma once

#include "catalog/records.h"

#include <QHash>
#include <QWidget>

class QChart;
class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace studio::ui {

class MetricCard;

// Detail → Statistics of one tokenization (selector): metric cards, the
// length histogram, the most frequent tokens.
class StatisticsTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StatisticsTab)
public:
    explicit StatisticsTab(QWidget *parent = nullptr);
    void setTokenizations(const QList<catalog::TokenizationRecord> &tokenizations);

    QComboBox *selector() const { return m_selector; }
    QString metric(const QString &key) const;
    QTableWidget *topTokens() const { return m_top; }
    int histogramBins() const { return m_bins; }

private:
    void showSelected();
    MetricCard *addCard(const QString &key, const QString &caption);

    QComboBox *m_selector;
    QLabel *m_empty;
    QWidget *m_content;
    QHash<QString, MetricCard *> m_cards;
    QChartView *m_chartView;
    QTableWidget *m_top;
    QList<catalog::TokenizationRecord> m_ready;
    int m_bins = 0;
};

} // namespace studio::ui
