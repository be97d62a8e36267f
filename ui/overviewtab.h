#pragma once

#include "catalog/records.h"

#include <QWidget>

class QFormLayout;
class QTableWidget;

namespace studio::ui {

class AlertBanner;

// Detail → Overview: every field of the dataset, its paths on disk,
// timestamps, source, schema and the error if any.
class OverviewTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(OverviewTab)
public:
    explicit OverviewTab(QWidget *parent = nullptr);
    void setDataset(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &tokenizations = {});
    AlertBanner *errorBox() const { return m_error; }
    QString fieldText(const QString &label) const;

private:
    QFormLayout *m_form;
    QTableWidget *m_schema;
    AlertBanner *m_error;
};

} // namespace studio::ui
