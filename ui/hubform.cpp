#include "hubform.h"

#include "alertbanner.h"
#include "hftokenstore.h"
#include "textformat.h"

#include <QAction>
#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio::ui {

namespace {

QLabel *errorLabel(QWidget *parent, const QString &name)
{
    auto *l = new QLabel(parent);
    l->setObjectName(name);
    l->setWordWrap(true);
    l->setStyleSheet(QStringLiteral("color:#dc2626;"));
    l->setAccessibleName(name);
    l->hide();
    return l;
}

void setError(QLabel *label, QLineEdit *edit, const QString &message)
{
    label->setText(message);
    label->setVisible(!message.isEmpty());
    edit->setAccessibleDescription(message);
    edit->setStyleSheet(message.isEmpty() ? QString() : QStringLiteral("QLineEdit{border:1px solid #dc2626;border-radius:4px;padding:3px;}"));
}

} // namespace

HubForm::HubForm(HubBrowser *hub, QWidget *parent)
    : QWidget(parent)
    , m_hub(hub)
    , m_repo(new QLineEdit(this))
    , m_repoError(errorLabel(this, QStringLiteral("repoError")))
    , m_revision(new QLineEdit(this))
    , m_token(new QLineEdit(this))
    , m_fetch(new QPushButton(tr("Fetch"), this))
    , m_config(new QComboBox(this))
    , m_split(new QLineEdit(this))
    , m_splitError(errorLabel(this, QStringLiteral("splitError")))
    , m_splits(new QTableWidget(0, 4, this))
    , m_preview(new QLabel(this))
    , m_download(new QPushButton(tr("Download"), this))
    , m_alert(new AlertBanner(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_alert);
    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    m_repo->setPlaceholderText(tr("e.g. roneneldan/TinyStories"));
    m_repo->setAccessibleName(tr("Repository id"));
    auto *repoRow = new QHBoxLayout;
    repoRow->addWidget(m_repo, 1);
    m_fetch->setAccessibleName(tr("Fetch configs and splits from the Hub"));
    repoRow->addWidget(m_fetch);
    form->addRow(tr("Repository:"), repoRow);
    form->addRow(QString(), m_repoError);

    m_revision->setPlaceholderText(tr("main"));
    m_revision->setAccessibleName(tr("Revision (branch, tag or commit)"));
    form->addRow(tr("Re&vision:"), m_revision);

    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("hf_… (only for gated or private datasets)"));
    m_token->setAccessibleName(tr("Access token"));
    m_token->setText(HfTokenStore::read());
    QAction *reveal = m_token->addAction(QIcon(), QLineEdit::TrailingPosition);
    reveal->setText(tr("Show"));
    reveal->setToolTip(tr("Show or hide the token"));
    reveal->setCheckable(true);
    connect(reveal, &QAction::toggled, this, [this](bool on) { m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    form->addRow(tr("Access &token:"), m_token);

    m_config->setAccessibleName(tr("Config"));
    m_config->setEnabled(false);
    form->addRow(tr("&Config:"), m_config);

    m_split->setPlaceholderText(tr("train, train[:1%], train[10:200], train[:10%]+validation[-5%:]"));
    m_split->setAccessibleName(tr("Split"));
    m_split->setText(QStringLiteral("train"));
    form->addRow(tr("&Split:"), m_split);
    form->addRow(QString(), m_splitError);
    layout->addLayout(form);

    m_splits->setHorizontalHeaderLabels({tr("Config"), tr("Split"), tr("Rows"), tr("Size")});
    m_splits->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_splits->verticalHeader()->hide();
    m_splits->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_splits->setAccessibleName(tr("Splits of the dataset"));
    m_splits->setMinimumHeight(120);
    layout->addWidget(m_splits, 1);
    m_preview->setObjectName(QStringLiteral("slicePreview"));
    m_preview->setAccessibleName(tr("What the download fetches"));
    m_preview->setWordWrap(true);
    layout->addWidget(m_preview);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    m_download->setAccessibleName(tr("Download the dataset"));
    m_download->setDefault(true);
    buttons->addWidget(m_download);
    layout->addLayout(buttons);

    m_fetchTimer.setSingleShot(true);
    m_fetchTimer.setInterval(kDebounceMs);
    m_previewTimer.setSingleShot(true);
    m_previewTimer.setInterval(kDebounceMs);
    connect(&m_fetchTimer, &QTimer::timeout, this, &HubForm::fetchInfo);
    connect(&m_previewTimer, &QTimer::timeout, this, &HubForm::requestPreview);
    connect(m_repo, &QLineEdit::textChanged, this, &HubForm::validateRepo);
    connect(m_revision, &QLineEdit::textChanged, this, &HubForm::validateRepo);
    connect(m_fetch, &QPushButton::clicked, this, &HubForm::fetchInfo);
    connect(m_split, &QLineEdit::textChanged, this, &HubForm::validateSplit);
    connect(m_config, &QComboBox::currentIndexChanged, this, [this] {
        showSplits();
        validateSplit();
    });
    connect(m_download, &QPushButton::clicked, this, &HubForm::startDownload);

    if (!m_hub) {
        m_alert->showMessage(AlertBanner::Kind::Info, tr("The Hugging Face Hub client is not part of this build yet. "
                                                         "Local files can be imported on the other tab."));
        for (QWidget *w : std::initializer_list<QWidget *>{m_repo, m_revision, m_token, m_fetch, m_split, m_download})
            w->setEnabled(false);
        return;
    }
    connect(m_hub, &HubBrowser::infoReady, this, [this](quint64 id, const HubBrowser::DatasetInfo &info) {
        if (id == m_infoRequest)
            showInfo(info);
    });
    connect(m_hub, &HubBrowser::infoFailed, this, [this](quint64 id, const QString &message) {
        if (id != m_infoRequest)
            return;
        m_fetch->setEnabled(true);
        m_alert->showMessage(AlertBanner::Kind::Error, message);
    });
    connect(m_hub, &HubBrowser::previewReady, this, [this](quint64 id, const HubBrowser::SlicePreview &p) {
        if (id != m_previewRequest)
            return;
        m_previewOk = true;
        m_preview->setText(tr("This slice: %1 rows, downloads %2. %3")
                               .arg(p.rows >= 0 ? TextFormat::count(p.rows) : tr("unknown"),
                                    p.downloadBytes >= 0 ? TextFormat::bytes(p.downloadBytes) : tr("an unknown amount"),
                                    p.description));
        updateDownloadButton();
    });
    connect(m_hub, &HubBrowser::previewFailed, this, [this](quint64 id, const QString &message) {
        if (id != m_previewRequest)
            return;
        m_previewOk = false;
        m_preview->clear();
        setError(m_splitError, m_split, message);
        updateDownloadButton();
    });
    connect(m_hub, &HubBrowser::downloadStarted, this, &HubForm::downloadStarted);
    connect(m_hub, &HubBrowser::downloadFailed, this, [this](const QString &message) {
        m_download->setEnabled(true);
        m_alert->showMessage(AlertBanner::Kind::Error, message);
    });
    updateDownloadButton();
}

QStringList HubForm::splitNames() const
{
    QStringList names;
    if (!m_haveInfo)
        return names;
    for (const HubBrowser::Config &c : m_info.configs) {
        if (c.name == m_config->currentText())
            for (const HubBrowser::Split &s : c.splits)
                names << s.name;
    }
    return names;
}

void HubForm::validateRepo()
{
    m_haveInfo = false;
    m_previewOk = false;
    m_config->clear();
    m_config->setEnabled(false);
    m_splits->setRowCount(0);
    m_preview->clear();
    m_alert->clear();
    const QString error = m_repo->text().trimmed().isEmpty() ? QString() : m_hub->validateRepoId(m_repo->text().trimmed());
    setError(m_repoError, m_repo, error);
    if (error.isEmpty() && !m_repo->text().trimmed().isEmpty())
        m_fetchTimer.start();
    else
        m_fetchTimer.stop();
    validateSplit();
}

void HubForm::fetchInfo()
{
    m_fetchTimer.stop();
    const QString repo = m_repo->text().trimmed();
    if (repo.isEmpty() || !m_hub->validateRepoId(repo).isEmpty())
        return;
    m_alert->showMessage(AlertBanner::Kind::Info, tr("Asking the Hub about %1…").arg(repo));
    m_infoRequest = m_hub->fetchInfo(repo, m_revision->text().trimmed(), m_token->text().trimmed());
}

void HubForm::showInfo(const HubBrowser::DatasetInfo &info)
{
    m_alert->clear();
    m_info = info;
    m_haveInfo = true;
    const QSignalBlocker block(m_config);
    m_config->clear();
    for (const HubBrowser::Config &c : info.configs)
        m_config->addItem(c.name);
    m_config->setEnabled(m_config->count() > 0);
    showSplits();
    validateSplit();
}

void HubForm::showSplits()
{
    m_splits->setRowCount(0);
    for (const HubBrowser::Config &c : std::as_const(m_info.configs)) {
        for (const HubBrowser::Split &s : c.splits) {
            const int row = m_splits->rowCount();
            m_splits->insertRow(row);
            m_splits->setItem(row, 0, new QTableWidgetItem(c.name));
            m_splits->setItem(row, 1, new QTableWidgetItem(s.name));
            m_splits->setItem(row, 2, new QTableWidgetItem(s.numRows >= 0 ? TextFormat::count(s.numRows) : tr("unknown")));
            m_splits->setItem(row, 3, new QTableWidgetItem(s.numBytes >= 0 ? TextFormat::bytes(s.numBytes) : tr("unknown")));
        }
    }
}

void HubForm::validateSplit()
{
    m_previewOk = false;
    m_preview->clear();
    const QString spec = m_split->text().trimmed();
    const QString error = spec.isEmpty() ? QString() : m_hub->validateSplitSpec(spec, splitNames());
    setError(m_splitError, m_split, error);
    if (error.isEmpty() && m_haveInfo)
        m_previewTimer.start();
    updateDownloadButton();
}

void HubForm::requestPreview()
{
    if (!m_haveInfo)
        return;
    m_preview->setText(tr("Computing what this slice downloads…"));
    m_previewRequest = m_hub->previewSlice(m_repo->text().trimmed(), m_config->currentText(), m_split->text().trimmed(),
                                           m_revision->text().trimmed(), m_token->text().trimmed());
}

void HubForm::updateDownloadButton()
{
    const bool ok = m_hub && !m_repo->text().trimmed().isEmpty() && m_repoError->text().isEmpty() && m_splitError->text().isEmpty()
                    && m_haveInfo;
    m_download->setEnabled(ok);
}

void HubForm::startDownload()
{
    m_download->setEnabled(false);
    m_hub->startDownload({m_repo->text().trimmed(), m_config->currentText(), m_split->text().trimmed(),
                          m_revision->text().trimmed(), m_token->text().trimmed()});
}

} // namespace studio::ui
