#pragma once

#include "catalog/records.h"
#include "jobs/tokenizeoptions.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace studio::progress {
struct ProgressEvent;
}

namespace studio::ui {

class AlertBanner;
class DatasetController;
class Spinner;

// Detail → Tokenization: the options of product.md, start, live progress
// (spinner, bar, percentage, message), the "already tokenized" banner, the
// tokenizations of this dataset with their status, and errors in a red box.
class TokenizationTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenizationTab)
public:
    TokenizationTab(DatasetController &controller, QWidget *parent = nullptr);

    void setData(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &tokenizations);
    void onEvent(const progress::ProgressEvent &event);
    jobs::TokenizeOptions options() const;
    void setOptions(const jobs::TokenizeOptions &o);

    QComboBox *tokenizerBox() const { return m_tokenizer; }
    QPushButton *startButton() const { return m_start; }
    AlertBanner *banner() const { return m_banner; }
    AlertBanner *errorBox() const { return m_error; }
    QProgressBar *progressBar() const { return m_bar; }
    QLabel *messageLabel() const { return m_message; }
    QTreeWidget *list() const { return m_list; }
    Spinner *spinner() const { return m_spinner; }

public Q_SLOTS:
    void start();

private:
    void showRunning(bool running);
    void updateBanner();
    QString describe(const catalog::TokenizationRecord &t) const;

    DatasetController &m_controller;
    catalog::DatasetRecord m_dataset;
    QList<catalog::TokenizationRecord> m_tokenizations;
    QComboBox *m_tokenizer;
    QComboBox *m_column;
    QSpinBox *m_maxLength;
    QComboBox *m_overflow;
    QSpinBox *m_stride;
    QComboBox *m_padding;
    QCheckBox *m_truncation;
    QCheckBox *m_special;
    QPushButton *m_start;
    QPushButton *m_cancel;
    AlertBanner *m_banner;
    AlertBanner *m_error;
    Spinner *m_spinner;
    QProgressBar *m_bar;
    QLabel *m_percent;
    QLabel *m_message;
    QTreeWidget *m_list;
    qint64 m_runningId = 0;
};

} // namespace studio::ui
