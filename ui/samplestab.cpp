#include "samplestab.h"

#include "textformat.h"
#include "tokenview.h"

#include "catalog/records.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio::ui {

SamplesTab::SamplesTab(DatasetController &controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
    , m_column(new QComboBox(this))
    , m_table(new QTableWidget(this))
    , m_prev(new QPushButton(tr("‹ Previous"), this))
    , m_next(new QPushButton(tr("Next ›"), this))
    , m_pageLabel(new QLabel(this))
    , m_tokenizer(new QComboBox(this))
    , m_tokenInfo(new QLabel(this))
    , m_ids(new QLabel(this))
    , m_tokens(new TokenView(this))
{
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Column:"), this));
    m_column->setAccessibleName(tr("Column to show"));
    top->addWidget(m_column);
    top->addStretch();
    m_prev->setAccessibleName(tr("Previous page"));
    m_next->setAccessibleName(tr("Next page"));
    m_prev->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Left));
    m_next->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Right));
    m_pageLabel->setAccessibleName(tr("Rows shown"));
    top->addWidget(m_prev);
    top->addWidget(m_pageLabel);
    top->addWidget(m_next);
    layout->addLayout(top);

    auto *split = new QSplitter(Qt::Vertical, this);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAccessibleName(tr("Samples"));
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    split->addWidget(m_table);

    auto *tokenPane = new QWidget(this);
    auto *tl = new QVBoxLayout(tokenPane);
    tl->setContentsMargins(0, 6, 0, 0);
    auto *tokRow = new QHBoxLayout;
    tokRow->addWidget(new QLabel(tr("<b>Tokens</b> under"), this));
    m_tokenizer->setEditable(true);
    m_tokenizer->setAccessibleName(tr("Tokenizer for the token view"));
    m_tokenizer->addItem(QStringLiteral("gpt2"));
    for (const QString &t : QSettings().value(QStringLiteral("tokenize/recent")).toStringList())
        if (m_tokenizer->findText(t) < 0)
            m_tokenizer->addItem(t);
    m_tokenizer->setMinimumWidth(220);
    tokRow->addWidget(m_tokenizer);
    tokRow->addWidget(m_tokenInfo, 1);
    tl->addLayout(tokRow);
    tl->addWidget(m_tokens, 1);
    m_ids->setWordWrap(true);
    m_ids->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_ids->setAccessibleName(tr("Token ids"));
    m_ids->setObjectName(QStringLiteral("tokenIds"));
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSizeF(font().pointSizeF() * 0.9);
    m_ids->setFont(mono);
    tl->addWidget(m_ids);
    split->addWidget(tokenPane);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split, 1);

    connect(m_prev, &QPushButton::clicked, this, [this] { showPage(m_page - 1); });
    connect(m_next, &QPushButton::clicked, this, [this] { showPage(m_page + 1); });
    connect(m_column, &QComboBox::currentIndexChanged, this, [this] {
        showRows();
        encodeSelected();
    });
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &SamplesTab::encodeSelected);
    connect(m_tokenizer, &QComboBox::currentTextChanged, this, &SamplesTab::encodeSelected);
    connect(&m_controller, &DatasetController::rowsLoaded, this, &SamplesTab::onRows);
    connect(&m_controller, &DatasetController::encoded, this, [this](const DatasetController::EncodedText &e) {
        if (e.requestId != m_encodeRequest)
            return;
        if (!e.error.isEmpty()) {
            m_tokenInfo->setText(QStringLiteral("<span style='color:#dc2626'>%1</span>").arg(e.error.toHtmlEscaped()));
            m_tokens->clear();
            m_ids->clear();
        } else {
            m_tokens->setTokens(e);
            QStringList ids;
            for (qsizetype i = 0; i < std::min<qsizetype>(e.tokens.size(), 160); ++i)
                ids << QString::number(e.tokens[i].id);
            m_ids->setText(tr("ids: [%1%2]").arg(ids.join(QStringLiteral(", ")), e.tokens.size() > 160 ? tr(", …") : QString()));
            m_tokenInfo->setText(tr("%1 tokens · hover a token for its id").arg(TextFormat::count(e.tokens.size())));
        }
        Q_EMIT tokensShown();
    });
}

void SamplesTab::setDataset(const catalog::DatasetRecord &d)
{
    const bool first = m_dataset.id != d.id || m_dataset.status != d.status;
    m_dataset = d;
    if (!first && m_loaded)
        return;
    if (d.status != catalog::status::Ready || d.storagePath.isEmpty()) {
        m_pageLabel->setText(tr("Rows can be browsed once the dataset is ready."));
        m_prev->setEnabled(false);
        m_next->setEnabled(false);
        return;
    }
    showPage(0);
}

void SamplesTab::showPage(qint64 page)
{
    if (m_dataset.storagePath.isEmpty())
        return;
    m_page = std::max<qint64>(0, page);
    m_pageLabel->setText(tr("Loading…"));
    m_controller.loadRows(m_dataset.id, m_dataset.storagePath, m_page * kPageSize, kPageSize);
}

void SamplesTab::onRows(const DatasetController::RowsPage &page)
{
    if (page.datasetId != m_dataset.id || page.first != m_page * kPageSize)
        return;
    if (!page.error.isEmpty()) {
        m_pageLabel->setText(page.error);
        return;
    }
    m_loaded = true;
    m_total = page.total;
    m_rows = page.rows;
    if (m_schema != page.schema) {
        m_schema = page.schema;
        const QSignalBlocker block(m_column);
        m_column->clear();
        m_column->addItem(tr("All columns"), QString());
        for (const QJsonValue &c : m_schema) {
            const QString name = c.toObject().value(QStringLiteral("name")).toString();
            m_column->addItem(name, name);
        }
    }
    const qint64 last = std::min(page.first + kPageSize, m_total);
    m_pageLabel->setText(m_total == 0 ? tr("No rows")
                                      : tr("Rows %1–%2 of %3").arg(TextFormat::count(page.first + 1), TextFormat::count(last),
                                                                   TextFormat::count(m_total)));
    m_prev->setEnabled(m_page > 0);
    m_next->setEnabled(last < m_total);
    showRows();
    Q_EMIT pageShown();
}

void SamplesTab::showRows()
{
    const QString only = m_column->currentData().toString();
    QStringList columns;
    for (const QJsonValue &c : std::as_const(m_schema)) {
        const QString name = c.toObject().value(QStringLiteral("name")).toString();
        if (only.isEmpty() || name == only)
            columns << name;
    }
    m_table->clear();
    m_table->setColumnCount(int(columns.size()));
    m_table->setHorizontalHeaderLabels(columns);
    m_table->setRowCount(int(m_rows.size()));
    QStringList rowLabels;
    for (int r = 0; r < m_rows.size(); ++r) {
        rowLabels << QString::number(m_page * kPageSize + r + 1);
        for (int c = 0; c < columns.size(); ++c) {
            const QJsonValue v = m_rows[r].value(columns[c]);
            QString text = v.isString() ? v.toString()
                           : v.isObject() ? QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact))
                           : v.isArray()  ? QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact))
                                          : v.toVariant().toString();
            auto *item = new QTableWidgetItem(text.left(300).replace(QLatin1Char('\n'), QStringLiteral(" ⏎ ")));
            item->setToolTip(text.left(2000));
            m_table->setItem(r, c, item);
        }
    }
    m_table->setVerticalHeaderLabels(rowLabels);
    if (columns.size() > 1)
        m_table->resizeColumnsToContents();
    for (int c = 0; c < columns.size(); ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 420));
}

QString SamplesTab::textColumn() const
{
    const QString chosen = m_column->currentData().toString();
    if (!chosen.isEmpty())
        return chosen;
    QString error;
    return jobs::chooseTextColumn(m_schema, {}, error);
}

void SamplesTab::encodeSelected()
{
    const auto rows = m_table->selectionModel() ? m_table->selectionModel()->selectedRows() : QModelIndexList();
    if (rows.isEmpty() || rows.first().row() >= m_rows.size())
        return;
    const QString column = textColumn();
    const QJsonValue v = m_rows[rows.first().row()].value(column);
    const QString text = v.isString() ? v.toString() : QString::fromUtf8(QJsonDocument(m_rows[rows.first().row()]).toJson());
    m_tokenInfo->setText(tr("Tokenizing…"));
    m_encodeRequest = m_controller.encode(m_tokenizer->currentText().trimmed(), text, false);
}

} // namespace studio::ui
