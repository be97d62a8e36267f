#pragma once

#include "catalog/records.h"
#include "datasetcontroller.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace studio::ui {

class TokenView;

// Detail → Samples: the rows of the dataset, 50 per page, any column; the
// selected sample's tokens under a chosen tokenizer.
class SamplesTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SamplesTab)
public:
    static constexpr int kPageSize = 50;

    SamplesTab(DatasetController &controller, QWidget *parent = nullptr);
    void setDataset(const catalog::DatasetRecord &d);
    void showPage(qint64 page);

    QTableWidget *table() const { return m_table; }
    TokenView *tokenView() const { return m_tokens; }
    QComboBox *tokenizerBox() const { return m_tokenizer; }
    QComboBox *columnBox() const { return m_column; }
    QLabel *pageLabel() const { return m_pageLabel; }
    qint64 totalRows() const { return m_total; }

Q_SIGNALS:
    void pageShown();
    void tokensShown();

private:
    void onRows(const DatasetController::RowsPage &page);
    void showRows();
    void encodeSelected();
    QString textColumn() const;

    DatasetController &m_controller;
    catalog::DatasetRecord m_dataset;
    QComboBox *m_column;
    QTableWidget *m_table;
    QPushButton *m_prev;
    QPushButton *m_next;
    QLabel *m_pageLabel;
    QComboBox *m_tokenizer;
    QLabel *m_tokenInfo;
    QLabel *m_ids;
    TokenView *m_tokens;
    QJsonArray m_schema;
    QList<QJsonObject> m_rows;
    qint64 m_page = 0;
    qint64 m_total = 0;
    quint64 m_encodeRequest = 0;
    bool m_loaded = false;
};

} // namespace studio::ui
