#include "mainwindow.h"

#include "adddatasetdialog.h"
#include "alertbanner.h"
#include "datasetcarddelegate.h"
#include "datasetcontroller.h"
#include "datasetfiltermodel.h"
#include "datasetlistmodel.h"
#include "detaildialog.h"
#include "icons.h"
#include "notifier.h"
#include "remotecontrol.h"
#include "settingsdialog.h"
#include "statusstyle.h"
#include "theme.h"

#include "progress/channels.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QFileInfo>
#include <QKeyEvent>
#include <QUrl>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace studio::ui {

using Action = CardLayout::Action;
namespace ev = studio::progress::events;

MainWindow::MainWindow(DatasetController &controller, HubBrowser *hub, RemoteControl *remote, QWidget *parent)
    : QMainWindow(parent)
    , m_controller(controller)
    , m_hub(hub)
    , m_remote(remote)
    , m_model(new DatasetListModel(this))
    , m_filter(new DatasetFilterModel(this))
    , m_view(new QListView(this))
    , m_delegate(new DatasetCardDelegate(m_view))
    , m_stack(new QStackedWidget(this))
    , m_alert(new AlertBanner(this))
    , m_search(new QLineEdit(this))
    , m_statusFilter(new QComboBox(this))
    , m_sort(new QComboBox(this))
    , m_jobsLabel(new QLabel(this))
    , m_remoteLabel(new QLabel(this))
    , m_notifier(new Notifier(this))
{
    setWindowTitle(tr("Dataset Studio"));
    setWindowIcon(Icons::appIcon());
    setAcceptDrops(true);
    resize(1120, 760);

    m_filter->setSourceModel(m_model);
    m_view->setModel(m_filter);
    m_view->setItemDelegate(m_delegate);
    m_view->setObjectName(QStringLiteral("datasetCards"));
    m_view->setAccessibleName(tr("Datasets"));
    m_view->setAccessibleDescription(tr("One card per dataset. Enter opens the details, Delete deletes."));
    m_view->setMouseTracking(true);
    m_view->viewport()->setAttribute(Qt::WA_Hover);
    m_view->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setUniformItemSizes(false);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setStyleSheet(QStringLiteral("QListView{background:transparent;} QListView::item{background:transparent;}"));
    m_view->installEventFilter(this);
    connect(m_view, &QListView::customContextMenuRequested, this, &MainWindow::showContextMenu);
    connect(m_view, &QListView::activated, this, [this](const QModelIndex &i) {
        openDetails(i.data(DatasetListModel::IdRole).toLongLong());
    });
    connect(m_delegate, &DatasetCardDelegate::actionRequested, this, [this](const QModelIndex &i, Action a) {
        requestAction(i.data(DatasetListModel::IdRole).toLongLong(), a);
    });

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(14, 10, 14, 6);
    layout->setSpacing(8);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_alert);

    auto *empty = new QLabel(tr("<h3>No datasets yet</h3><p>Drop files here (JSON Lines, JSON, CSV/TSV, Parquet, "
                                "text) or use <b>Import files…</b> / <b>Add from Hub…</b>.</p>"),
                             this);
    empty->setAlignment(Qt::AlignCenter);
    empty->setObjectName(QStringLiteral("emptyState"));
    empty->setAccessibleName(tr("No datasets yet"));
    m_stack->addWidget(empty);
    m_stack->addWidget(m_view);
    layout->addWidget(m_stack, 1);
    setCentralWidget(central);

    m_jobsLabel->setAccessibleName(tr("Running jobs"));
    m_remoteLabel->setAccessibleName(tr("Remote monitoring clients"));
    statusBar()->addWidget(m_jobsLabel);
    statusBar()->addPermanentWidget(m_remoteLabel);
    buildMenus();

    connect(&m_controller, &DatasetController::progressEvent, this, &MainWindow::onEvent);
    connect(&m_controller, &DatasetController::jobsChanged, this, &MainWindow::updateStatusBar);
    connect(&m_controller, &DatasetController::datasetsLoaded, m_model, &DatasetListModel::setDatasets);
    connect(&m_controller, &DatasetController::loadFailed, this,
            [this](const QString &m) { m_alert->showMessage(AlertBanner::Kind::Error, tr("Cannot read the catalog: %1").arg(m)); });
    connect(&m_controller, &DatasetController::importFailed, this, [this](const QString &path, const QString &m) {
        m_alert->showMessage(AlertBanner::Kind::Error, tr("Could not import %1: %2").arg(QFileInfo(path).fileName(), m));
    });
    connect(&m_controller, &DatasetController::actionFailed, this,
            [this](qint64, const QString &m) { m_alert->showMessage(AlertBanner::Kind::Error, m); });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateEmptyState);
    if (m_remote) {
        connect(m_remote, &RemoteControl::clientCountChanged, this, &MainWindow::updateStatusBar);
        connect(m_remote, &RemoteControl::runningChanged, this, &MainWindow::updateStatusBar);
    }

    restoreSettings();
    m_model->beginSnapshot();
    m_controller.refresh();
    updateStatusBar();
    updateEmptyState();
}

MainWindow::~MainWindow()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
    s.setValue(QStringLiteral("cards/sort"), m_sort->currentIndex());
    s.setValue(QStringLiteral("cards/status"), m_statusFilter->currentIndex());
}

QWidget *MainWindow::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(8);

    auto *title = new QLabel(tr("Datasets"), bar);
    QFont f = title->font();
    f.setPointSizeF(f.pointSizeF() * 1.45);
    f.setWeight(QFont::DemiBold);
    title->setFont(f);
    row->addWidget(title);
    row->addSpacing(12);

    m_search->setPlaceholderText(tr("Search datasets (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search datasets"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(Icons::icon(QStringLiteral("search")), QLineEdit::LeadingPosition);
    m_search->setMinimumWidth(240);
    connect(m_search, &QLineEdit::textChanged, m_filter, &DatasetFilterModel::setSearchText);
    row->addWidget(m_search, 1);

    m_statusFilter->setAccessibleName(tr("Filter by status"));
    m_statusFilter->addItem(tr("All statuses"), QString());
    for (const QString &s : StatusStyle::statuses())
        m_statusFilter->addItem(StatusStyle::label(s), s);
    connect(m_statusFilter, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setStatusFilter(m_statusFilter->currentData().toString()); });
    row->addWidget(m_statusFilter);

    m_sort->setAccessibleName(tr("Sort datasets"));
    m_sort->addItem(tr("Newest first"), int(DatasetFilterModel::SortKey::Created));
    m_sort->addItem(tr("Recently updated"), int(DatasetFilterModel::SortKey::Updated));
    m_sort->addItem(tr("Name"), int(DatasetFilterModel::SortKey::Name));
    m_sort->addItem(tr("Size"), int(DatasetFilterModel::SortKey::Size));
    m_sort->addItem(tr("Status"), int(DatasetFilterModel::SortKey::Status));
    connect(m_sort, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setSortKey(DatasetFilterModel::SortKey(m_sort->currentData().toInt())); });
    row->addWidget(m_sort);
    m_filter->setSortKey(DatasetFilterModel::SortKey::Created);

    auto *importButton = new QPushButton(Icons::icon(QStringLiteral("folder")), tr("Import files…"), bar);
    importButton->setAccessibleName(tr("Import local files"));
    connect(importButton, &QPushButton::clicked, this, &MainWindow::chooseFilesToImport);
    row->addWidget(importButton);
    auto *hubButton = new QPushButton(Icons::icon(QStringLiteral("hub"), QColor(Qt::white)), tr("Add from Hub…"), bar);
    hubButton->setObjectName(QStringLiteral("primaryButton"));
    hubButton->setAccessibleName(tr("Add a dataset from the Hugging Face Hub"));
    hubButton->setStyleSheet(Theme::primaryButtonStyle());
    connect(hubButton, &QPushButton::clicked, this, &MainWindow::addFromHub);
    row->addWidget(hubButton);
    auto *settings = new QToolButton(bar);
    settings->setIcon(Icons::icon(QStringLiteral("settings")));
    settings->setToolTip(tr("Settings (Ctrl+,)"));
    settings->setAccessibleName(tr("Settings"));
    settings->setAutoRaise(true);
    connect(settings, &QToolButton::clicked, this, &MainWindow::openSettings);
    row->addWidget(settings);
    return bar;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(Icons::icon(QStringLiteral("folder")), tr("&Import Files…"), QKeySequence::Open, this,
                    &MainWindow::chooseFilesToImport);
    file->addAction(Icons::icon(QStringLiteral("hub")), tr("Add from &Hub…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                    &MainWindow::addFromHub);
    file->addSeparator();
    file->addAction(Icons::icon(QStringLiteral("settings")), tr("&Settings…"), QKeySequence::Preferences, this,
                    &MainWindow::openSettings);
    file->addAction(tr("&Settings…"), QKeySequence(tr("Ctrl+,")), this, &MainWindow::openSettings)->setVisible(false);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *dataset = menuBar()->addMenu(tr("&Dataset"));
    const auto onCurrent = [this](Action a) {
        return [this, a] {
            if (const qint64 id = currentDatasetId())
                requestAction(id, a);
        };
    };
    QAction *details = dataset->addAction(Icons::icon(QStringLiteral("info")), tr("&Details"), onCurrent(Action::Details));
    details->setShortcuts({QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)});
    details->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(details);
    dataset->addAction(Icons::icon(QStringLiteral("cancel")), tr("&Cancel Job"), QKeySequence(tr("Ctrl+.")), onCurrent(Action::Cancel));
    dataset->addAction(Icons::icon(QStringLiteral("retry")), tr("&Retry"), QKeySequence(tr("Ctrl+R")), onCurrent(Action::Retry));
    QAction *del = dataset->addAction(Icons::icon(QStringLiteral("delete")), tr("De&lete…"), onCurrent(Action::Delete));
    del->setShortcut(QKeySequence::Delete);
    del->setShortcutContext(Qt::WidgetShortcut);
    m_view->addAction(del);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(tr("&Find"), QKeySequence::Find, this, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    view->addAction(tr("&Refresh"), QKeySequence::Refresh, this, [this] {
        m_model->beginSnapshot();
        m_controller.refresh();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Dataset Studio"), this, [this] {
        QMessageBox::about(this, tr("About Dataset Studio"),
                           tr("<b>Dataset Studio %1</b><p>Prepare text datasets for language-model work.</p>")
                               .arg(QCoreApplication::applicationVersion()));
    });
}

void MainWindow::restoreSettings()
{
    QSettings s;
    restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(s.value(QStringLiteral("window/state")).toByteArray());
    m_sort->setCurrentIndex(std::clamp(s.value(QStringLiteral("cards/sort"), 0).toInt(), 0, m_sort->count() - 1));
    m_statusFilter->setCurrentIndex(std::clamp(s.value(QStringLiteral("cards/status"), 0).toInt(), 0, m_statusFilter->count() - 1));
}

void MainWindow::onEvent(const progress::ProgressEvent &event)
{
    m_model->applyEvent(event);
    if (progress::datasetIdOfChannel(event.channel).isEmpty() || !event.isTerminal())
        return;
    const qint64 id = progress::datasetIdOfChannel(event.channel).toLongLong();
    const auto *d = m_model->record(id);
    const QString name = d ? d->name : tr("Dataset %1").arg(id);
    const bool tokenize = event.data.value(QStringLiteral("job")).toString() == QLatin1String("tokenize");
    const QString message = event.data.value(QStringLiteral("message")).toString();
    if (event.event == ev::Completed)
        m_notifier->notify(tokenize ? tr("Tokenization finished") : tr("Dataset ready"), tr("%1: %2").arg(name, message), false);
    else
        m_notifier->notify(tokenize ? tr("Tokenization failed") : tr("Job failed"), tr("%1: %2").arg(name, message), true);
}

void MainWindow::updateStatusBar()
{
    const int running = m_controller.runningJobCount();
    m_jobsLabel->setText(running == 0 ? tr("No jobs running") : running == 1 ? tr("1 job running") : tr("%1 jobs running").arg(running));
    if (!m_remote) {
        m_remoteLabel->setText(tr("Remote monitoring: unavailable"));
    } else if (!m_remote->isRunning()) {
        m_remoteLabel->setText(tr("Remote monitoring: off"));
    } else {
        const int clients = m_remote->clientCount();
        m_remoteLabel->setText(clients == 1 ? tr("Remote: 1 client") : tr("Remote: %1 clients").arg(clients));
    }
}

void MainWindow::updateEmptyState()
{
    m_stack->setCurrentIndex(m_model->rowCount() == 0 ? 0 : 1);
}

qint64 MainWindow::currentDatasetId() const
{
    const QModelIndex i = m_view->currentIndex();
    return i.isValid() ? i.data(DatasetListModel::IdRole).toLongLong() : 0;
}

void MainWindow::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const qint64 id = index.data(DatasetListModel::IdRole).toLongLong();
    QMenu menu(this);
    for (Action a : DatasetCardDelegate::actionsFor(index))
        menu.addAction(DatasetCardDelegate::actionText(a), this, [this, id, a] { requestAction(id, a); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void MainWindow::requestAction(qint64 datasetId, Action action)
{
    if (datasetId <= 0)
        return;
    m_alert->clear();
    switch (action) {
    case Action::Details:
        openDetails(datasetId);
        break;
    case Action::Cancel:
        m_controller.cancelDataset(datasetId);
        break;
    case Action::Retry:
        m_controller.retryDataset(datasetId);
        break;
    case Action::Delete:
        confirmDelete(datasetId);
        break;
    }
}

void MainWindow::confirmDelete(qint64 datasetId)
{
    const auto *d = m_model->record(datasetId);
    const QString name = d ? d->name : QString::number(datasetId);
    if (m_confirm) {
        QMessageBox box(QMessageBox::Warning, tr("Delete dataset"),
                        tr("Delete “%1”?").arg(name), QMessageBox::Cancel, this);
        box.setInformativeText(tr("Its imported rows and all its tokenizations are removed from the data directory. "
                                  "The original source files are not touched."));
        QPushButton *yes = box.addButton(tr("Delete"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != yes)
            return;
    }
    m_controller.deleteDataset(datasetId);
}

void MainWindow::importFiles(const QStringList &paths, const QString &format)
{
    if (paths.isEmpty())
        return;
    m_alert->clear();
    m_controller.importFiles(paths, format);
}

void MainWindow::chooseFilesToImport()
{
    QSettings s;
    const QString dir = s.value(QStringLiteral("import/lastDir")).toString();
    QStringList patterns;
    for (const QString &e : {QStringLiteral("jsonl"), QStringLiteral("ndjson"), QStringLiteral("json"), QStringLiteral("csv"),
                             QStringLiteral("tsv"), QStringLiteral("parquet"), QStringLiteral("txt")})
        patterns << QStringLiteral("*.") + e;
    const QStringList files = QFileDialog::getOpenFileNames(
        this, tr("Import files"), dir,
        tr("Datasets (%1);;All files (*)").arg(patterns.join(QLatin1Char(' '))));
    if (files.isEmpty())
        return;
    s.setValue(QStringLiteral("import/lastDir"), QFileInfo(files.first()).absolutePath());
    importFiles(files);
}

void MainWindow::addFromHub()
{
    auto *dialog = new AddDatasetDialog(m_hub, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AddDatasetDialog::filesChosen, this, &MainWindow::importFiles);
    dialog->open();
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_controller, m_remote, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, &MainWindow::updateStatusBar);
    dialog->open();
}

DetailDialog *MainWindow::openDetails(qint64 datasetId)
{
    if (m_detail)
        m_detail->close();
    auto *dialog = new DetailDialog(m_controller, datasetId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_detail = dialog;
    dialog->open();
    return dialog;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    const int running = m_controller.runningJobCount();
    if (running > 0 && m_confirm) {
        QMessageBox box(QMessageBox::Question, tr("Jobs are running"),
                        running == 1 ? tr("1 job is still running.") : tr("%1 jobs are still running.").arg(running),
                        QMessageBox::NoButton, this);
        box.setInformativeText(tr("Keep them resumable (they are marked interrupted and can be retried, downloads "
                                  "resume their partial files), or cancel them?"));
        QPushButton *keep = box.addButton(tr("Quit, resume later"), QMessageBox::AcceptRole);
        QPushButton *cancel = box.addButton(tr("Cancel jobs and quit"), QMessageBox::DestructiveRole);
        QPushButton *stay = box.addButton(tr("Keep working"), QMessageBox::RejectRole);
        box.setDefaultButton(stay);
        box.exec();
        if (box.clickedButton() == stay || !box.clickedButton()) {
            event->ignore();
            return;
        }
        hide();
        m_controller.shutdownJobs(box.clickedButton() == cancel);
        Q_UNUSED(keep);
    }
    event->accept();
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    // The card keys also work when no shortcut map sees the key (e.g. right after a modal closed).
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->matches(QKeySequence::Delete) && currentDatasetId()) {
            requestAction(currentDatasetId(), Action::Delete);
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (url.isLocalFile())
            files << url.toLocalFile();
    }
    if (files.isEmpty()) {
        m_alert->showMessage(AlertBanner::Kind::Error, tr("Only local files can be dropped here."));
        return;
    }
    event->acceptProposedAction();
    importFiles(files);
}

} // namespace studio::ui
