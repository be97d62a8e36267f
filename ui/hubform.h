#pragma once

#include "hubbrowser.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace studio::ui {

class AlertBanner;

// Add a dataset from the Hugging Face Hub: repository id, config (listed from
// the Hub), split spec validated as you type, revision, access token (masked)
// and a preview of splits, row counts and the bytes the slice downloads. All
// checks and answers come from the HubBrowser; without one the form explains
// that the Hub is not available.
class HubForm final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubForm)
public:
    static constexpr int kDebounceMs = 350;

    explicit HubForm(HubBrowser *hub, QWidget *parent = nullptr);

    QLineEdit *repoEdit() const { return m_repo; }
    QLineEdit *splitEdit() const { return m_split; }
    QLineEdit *tokenEdit() const { return m_token; }
    QComboBox *configBox() const { return m_config; }
    QLabel *repoError() const { return m_repoError; }
    QLabel *splitError() const { return m_splitError; }
    QLabel *previewLabel() const { return m_preview; }
    QPushButton *downloadButton() const { return m_download; }
    AlertBanner *alert() const { return m_alert; }

Q_SIGNALS:
    void downloadStarted(qint64 datasetId);

private:
    void validateRepo();
    void fetchInfo();
    void showInfo(const HubBrowser::DatasetInfo &info);
    void showSplits();
    void validateSplit();
    void requestPreview();
    void updateDownloadButton();
    void startDownload();
    QStringList splitNames() const;

    HubBrowser *m_hub;
    QLineEdit *m_repo;
    QLabel *m_repoError;
    QLineEdit *m_revision;
    QLineEdit *m_token;
    QPushButton *m_fetch;
    QComboBox *m_config;
    QLineEdit *m_split;
    QLabel *m_splitError;
    QTableWidget *m_splits;
    QLabel *m_preview;
    QPushButton *m_download;
    AlertBanner *m_alert;
    QTimer m_fetchTimer;
    QTimer m_previewTimer;
    quint64 m_infoRequest = 0;
    quint64 m_previewRequest = 0;
    HubBrowser::DatasetInfo m_info;
    bool m_haveInfo = false;
    bool m_previewOk = false;
};

} // namespace studio::ui
