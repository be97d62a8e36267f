#pragma once

#include "cardlayout.h"
#include "detaildialog.h"

#include <QMainWindow>
#include <QPointer>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QStackedWidget;

namespace studio::progress {
struct ProgressEvent;
}

namespace studio::ui {

class AlertBanner;
class DatasetCardDelegate;
class DatasetController;
class DatasetFilterModel;
class DatasetListModel;
class HubBrowser;
class Notifier;
class RemoteControl;

// The window people live in: dataset cards (one list view, one model, one
// delegate), search / status filter / sort, adding datasets, the detail
// modal, settings, notifications and a status bar with running jobs.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    // `hub` and `remote` may be null until those parts are built in.
    MainWindow(DatasetController &controller, HubBrowser *hub, RemoteControl *remote, QWidget *parent = nullptr);
    ~MainWindow() override;

    DatasetListModel *datasetModel() const { return m_model; }
    DatasetFilterModel *filterModel() const { return m_filter; }
    QListView *cardView() const { return m_view; }
    DatasetCardDelegate *cardDelegate() const { return m_delegate; }
    AlertBanner *alertBanner() const { return m_alert; }
    Notifier *notifier() const { return m_notifier; }
    DetailDialog *detailDialog() const { return m_detail; }
    // Skips the "jobs are running" question on close (tests, screenshots).
    void setConfirmations(bool ask) { m_confirm = ask; }

public Q_SLOTS:
    void importFiles(const QStringList &paths, const QString &format = {});
    void chooseFilesToImport();
    void addFromHub();
    void openSettings();
    DetailDialog *openDetails(qint64 datasetId);
    void requestAction(qint64 datasetId, studio::ui::CardLayout::Action action);

protected:
    void closeEvent(QCloseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void buildMenus();
    QWidget *buildToolbar();
    void onEvent(const progress::ProgressEvent &event);
    void updateStatusBar();
    void updateEmptyState();
    void showContextMenu(const QPoint &pos);
    qint64 currentDatasetId() const;
    void confirmDelete(qint64 datasetId);
    void restoreSettings();

    DatasetController &m_controller;
    HubBrowser *m_hub;
    RemoteControl *m_remote;
    DatasetListModel *m_model;
    DatasetFilterModel *m_filter;
    QListView *m_view;
    DatasetCardDelegate *m_delegate;
    QStackedWidget *m_stack;
    AlertBanner *m_alert;
    QLineEdit *m_search;
    QComboBox *m_statusFilter;
    QComboBox *m_sort;
    QLabel *m_jobsLabel;
    QLabel *m_remoteLabel;
    Notifier *m_notifier;
    QPointer<DetailDialog> m_detail;
    bool m_confirm = true;
};

} // namespace studio::ui
