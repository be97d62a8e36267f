#include "tokenizationtab.h"

#include "alertbanner.h"
#include "datasetcontroller.h"
#include "spinner.h"
#include "statusstyle.h"
#include "textformat.h"
#include "theme.h"

#include "progress/channels.h"
#include "progress/progressevent.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace studio::ui {

namespace st = studio::catalog::status;

TokenizationTab::TokenizationTab(DatasetController &controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_tokenizer(new QComboBox(this))
    , m_column(new QComboBox(this))
    , m_maxLength(new QSpinBox(this))
    , m_overflow(new QComboBox(this))
    , m_stride(new QSpinBox(this))
    , m_padding(new QComboBox(this))
    , m_truncation(new QCheckBox(tr("Truncate longer samples"), this))
    , m_special(new QCheckBox(tr("Add special tokens"), this))
    , m_start(new QPushButton(tr("Start tokenization"), this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_banner(new AlertBanner(this, false))
    , m_error(new AlertBanner(this))
    , m_spinner(new Spinner(this))
    , m_bar(new QProgressBar(this))
    , m_percent(new QLabel(this))
    , m_message(new QLabel(this))
    , m_list(new QTreeWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    m_banner->setObjectName(QStringLiteral("alreadyTokenized"));
    m_error->setObjectName(QStringLiteral("tokenizeError"));
    layout->addWidget(m_banner);
    layout->addWidget(m_error);

    auto *form = new QFormLayout;
    m_tokenizer->setEditable(true);
    m_tokenizer->setAccessibleName(tr("Tokenizer: gpt2, a Hub model id, or a tokenizer.json path"));
    m_tokenizer->addItem(QStringLiteral("gpt2"));
    for (const QString &t : QSettings().value(QStringLiteral("tokenize/recent")).toStringList())
        if (m_tokenizer->findText(t) < 0)
            m_tokenizer->addItem(t);
    auto *browse = new QPushButton(tr("Browse…"), this);
    browse->setAccessibleName(tr("Choose a local tokenizer.json"));
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Choose tokenizer.json"), {}, tr("Tokenizer (tokenizer.json *.json)"));
        if (!f.isEmpty())
            m_tokenizer->setCurrentText(f);
    });
    auto *tokRow = new QHBoxLayout;
    tokRow->addWidget(m_tokenizer, 1);
    tokRow->addWidget(browse);
    form->addRow(tr("Tokenizer:"), tokRow);
    m_column->setAccessibleName(tr("Text column"));
    form->addRow(tr("Text &column:"), m_column);
    m_maxLength->setRange(1, 1 << 20);
    m_maxLength->setValue(512);
    m_maxLength->setAccessibleName(tr("Maximum length in tokens"));
    form->addRow(tr("&Max length:"), m_maxLength);
    m_overflow->addItem(tr("Truncate"), QStringLiteral("truncate"));
    m_overflow->addItem(tr("Split into overlapping windows"), QStringLiteral("windows"));
    m_overflow->setAccessibleName(tr("Longer samples"));
    form->addRow(tr("&Longer samples:"), m_overflow);
    m_stride->setRange(0, 1 << 20);
    m_stride->setAccessibleName(tr("Stride: tokens shared by consecutive windows"));
    form->addRow(tr("&Stride:"), m_stride);
    m_padding->addItem(tr("None"), QStringLiteral("none"));
    m_padding->addItem(tr("Longest"), QStringLiteral("longest"));
    m_padding->addItem(tr("Max length"), QStringLiteral("max_length"));
    m_padding->setAccessibleName(tr("Padding"));
    form->addRow(tr("&Padding:"), m_padding);
    m_truncation->setChecked(true);
    m_special->setChecked(true);
    form->addRow(QString(), m_truncation);
    form->addRow(QString(), m_special);
    auto *formRow = new QHBoxLayout;
    formRow->addLayout(form, 3);
    formRow->addStretch(2);
    layout->addLayout(formRow);
    connect(m_overflow, &QComboBox::currentIndexChanged, this,
            [this] { m_stride->setEnabled(m_overflow->currentData().toString() == QLatin1String("windows")); });
    m_stride->setEnabled(false);

    auto *actions = new QHBoxLayout;
    m_start->setAccessibleName(tr("Start tokenization"));
    m_start->setDefault(true);
    m_start->setObjectName(QStringLiteral("primaryButton"));
    m_start->setStyleSheet(Theme::primaryButtonStyle());
    m_cancel->setAccessibleName(tr("Cancel the running tokenization"));
    actions->addWidget(m_start);
    actions->addWidget(m_cancel);
    actions->addSpacing(12);
    actions->addWidget(m_spinner);
    m_bar->setRange(0, 1000);
    m_bar->setTextVisible(false);
    m_bar->setAccessibleName(tr("Tokenization progress"));
    actions->addWidget(m_bar, 1);
    m_percent->setMinimumWidth(56);
    m_percent->setAccessibleName(tr("Tokenization percentage"));
    actions->addWidget(m_percent);
    actions->addStretch();
    layout->addLayout(actions);
    m_message->setAccessibleName(tr("Tokenization message"));
    layout->addWidget(m_message);

    m_list->setHeaderLabels({tr("Tokenizer"), tr("Options"), tr("Status"), tr("Tokens"), tr("Message")});
    m_list->setRootIsDecorated(false);
    m_list->setAccessibleName(tr("Tokenizations of this dataset"));
    m_list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_list, 1);

    connect(m_start, &QPushButton::clicked, this, &TokenizationTab::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_runningId)
            m_controller.cancelTokenization(m_dataset.id, m_runningId);
    });
    connect(&m_controller, &DatasetController::tokenizationFailed, this, [this](qint64 datasetId, const QString &message) {
        if (datasetId != m_dataset.id)
            return;
        m_error->showMessage(AlertBanner::Kind::Error, message);
        m_start->setEnabled(true);
    });
    connect(&m_controller, &DatasetController::tokenizationStarted, this, [this](qint64 datasetId, qint64 id) {
        if (datasetId != m_dataset.id)
            return;
        m_runningId = id;
        m_bar->setValue(0);
        m_percent->setText(TextFormat::percent(0));
        m_message->setText(tr("Starting tokenization..."));
        showRunning(true);
    });
    const QSettings s;
    jobs::TokenizeOptions last = jobs::TokenizeOptions::fromJson(s.value(QStringLiteral("tokenize/lastOptions")).toJsonObject());
    if (!s.contains(QStringLiteral("tokenize/lastOptions")))
        last = jobs::TokenizeOptions();
    last.column.clear();
    setOptions(last);
    showRunning(false);
}

jobs::TokenizeOptions TokenizationTab::options() const
{
    jobs::TokenizeOptions o;
    o.tokenizer = m_tokenizer->currentText().trimmed();
    o.column = m_column->currentData().toString();
    o.maxLength = m_maxLength->value();
    o.overflow = m_overflow->currentData().toString();
    o.stride = o.overflow == QLatin1String("windows") ? m_stride->value() : 0;
    o.padding = m_padding->currentData().toString();
    o.truncation = m_truncation->isChecked();
    o.addSpecialTokens = m_special->isChecked();
    return o;
}

void TokenizationTab::setOptions(const jobs::TokenizeOptions &o)
{
    m_tokenizer->setCurrentText(o.tokenizer);
    m_maxLength->setValue(o.maxLength);
    m_overflow->setCurrentIndex(std::max(0, m_overflow->findData(o.overflow)));
    m_stride->setValue(o.stride);
    m_padding->setCurrentIndex(std::max(0, m_padding->findData(o.padding)));
    m_truncation->setChecked(o.truncation);
    m_special->setChecked(o.addSpecialTokens);
}

void TokenizationTab::start()
{
    m_error->clear();
    const jobs::TokenizeOptions o = options();
    QSettings s;
    s.setValue(QStringLiteral("tokenize/lastOptions"), o.toJson());
    QStringList recent = s.value(QStringLiteral("tokenize/recent")).toStringList();
    recent.removeAll(o.tokenizer);
    recent.prepend(o.tokenizer);
    s.setValue(QStringLiteral("tokenize/recent"), QStringList(recent.mid(0, 8)));
    m_start->setEnabled(false);
    m_controller.startTokenization(m_dataset.id, o);
}

void TokenizationTab::setData(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &tokenizations)
{
    m_dataset = d;
    m_tokenizations = tokenizations;
    const QString column = m_column->currentData().toString();
    {
        const QSignalBlocker block(m_column);
        m_column->clear();
        m_column->addItem(tr("Auto-detect"), QString());
        for (const QJsonValue &c : d.schema) {
            const QJsonObject o = c.toObject();
            m_column->addItem(QStringLiteral("%1 (%2)").arg(o.value(QStringLiteral("name")).toString(), o.value(QStringLiteral("type")).toString()),
                              o.value(QStringLiteral("name")).toString());
        }
        m_column->setCurrentIndex(std::max(0, m_column->findData(column)));
    }
    m_list->clear();
    m_runningId = 0;
    for (const catalog::TokenizationRecord &t : tokenizations) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setText(0, t.tokenizer);
        item->setText(1, describe(t));
        item->setText(2, StatusStyle::label(t.status));
        item->setForeground(2, StatusStyle::badgeColor(t.status));
        item->setData(2, Qt::UserRole, t.status);
        item->setText(3, t.numTokens >= 0 ? TextFormat::count(t.numTokens) : QString());
        item->setText(4, t.errorMessage.isEmpty() ? t.message : t.errorMessage);
        item->setToolTip(4, item->text(4));
        if (st::isActive(t.status)) {
            m_runningId = t.id;
            m_bar->setValue(int(t.progress * 10));
            m_percent->setText(TextFormat::percent(t.progress));
            m_message->setText(t.message);
        }
    }
    const bool ready = d.status == st::Ready;
    m_start->setEnabled(ready);
    m_start->setToolTip(ready ? QString() : tr("The dataset can be tokenized once it is ready."));
    showRunning(m_runningId != 0);
    updateBanner();
}

QString TokenizationTab::describe(const catalog::TokenizationRecord &t) const
{
    const jobs::TokenizeOptions o = jobs::TokenizeOptions::fromJson(t.options);
    QStringList parts{tr("max %1").arg(o.maxLength), o.overflow == QLatin1String("windows") ? tr("windows, stride %1").arg(o.stride) : tr("truncate")};
    if (o.padding != QLatin1String("none"))
        parts << tr("pad %1").arg(o.padding);
    if (!o.addSpecialTokens)
        parts << tr("no special tokens");
    if (!o.column.isEmpty())
        parts << tr("column %1").arg(o.column);
    return parts.join(QStringLiteral(", "));
}

void TokenizationTab::updateBanner()
{
    QStringList done;
    for (const catalog::TokenizationRecord &t : std::as_const(m_tokenizations))
        if (t.status == st::Ready)
            done << tr("<b>%1</b> (%2) — %3 tokens").arg(t.tokenizer.toHtmlEscaped(), describe(t), TextFormat::count(t.numTokens));
    if (done.isEmpty()) {
        m_banner->clear();
        return;
    }
    m_banner->showMessage(AlertBanner::Kind::Success,
                          tr("Already tokenized (%1): %2. A new tokenization with other options is kept beside them.")
                              .arg(done.size())
                              .arg(done.join(QStringLiteral("; "))));
}

void TokenizationTab::showRunning(bool running)
{
    m_spinner->setRunning(running);
    m_bar->setVisible(running);
    m_percent->setVisible(running);
    m_message->setVisible(running);
    m_cancel->setVisible(running);
}

void TokenizationTab::onEvent(const progress::ProgressEvent &event)
{
    if (progress::datasetIdOfChannel(event.channel).toLongLong() != m_dataset.id
        || event.data.value(QStringLiteral("job")).toString() != QLatin1String("tokenize"))
        return;
    const qint64 tid = event.data.value(QStringLiteral("tokenization_id")).toString().toLongLong();
    if (event.event == progress::events::Progress) {
        m_runningId = tid;
        const double p = event.data.value(QStringLiteral("progress")).toDouble();
        m_bar->setValue(int(p * 10));
        m_percent->setText(TextFormat::percent(p));
        m_message->setText(event.data.value(QStringLiteral("message")).toString());
        showRunning(true);
    } else if (event.event == progress::events::Error) {
        const QString status = event.data.value(QStringLiteral("status")).toString();
        if (status == st::Error)
            m_error->showMessage(AlertBanner::Kind::Error, event.data.value(QStringLiteral("message")).toString());
    } else if (event.event == progress::events::Completed) {
        m_bar->setValue(1000);
        m_percent->setText(TextFormat::percent(100));
        m_message->setText(event.data.value(QStringLiteral("message")).toString());
    }
}

} // namespace studio::ui
