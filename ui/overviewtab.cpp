#include "overviewtab.h"

#include "alertbanner.h"
#include "datasetlistmodel.h"
#include "statusstyle.h"
#include "textformat.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QTableWidget>
#include <QVBoxLayout>

namespace studio::ui {

OverviewTab::OverviewTab(QWidget *parent)
    : QWidget(parent)
    , m_form(new QFormLayout)
    , m_schema(new QTableWidget(0, 2, this))
    , m_error(new AlertBanner(this, false))
{
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_error);
    auto *top = new QHBoxLayout;
    auto *fields = new QWidget(this);
    fields->setLayout(m_form);
    m_form->setLabelAlignment(Qt::AlignRight);
    m_form->setHorizontalSpacing(16);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(fields);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    top->addWidget(scroll, 3);
    auto *schemaBox = new QVBoxLayout;
    auto *schemaTitle = new QLabel(tr("<b>Schema</b>"), this);
    schemaBox->addWidget(schemaTitle);
    m_schema->setHorizontalHeaderLabels({tr("Column"), tr("Type")});
    m_schema->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_schema->verticalHeader()->hide();
    m_schema->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_schema->setAccessibleName(tr("Schema: columns and types"));
    schemaBox->addWidget(m_schema);
    top->addLayout(schemaBox, 2);
    layout->addLayout(top);
}

void OverviewTab::setDataset(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &tokenizations)
{
    while (m_form->rowCount() > 0)
        m_form->removeRow(0);
    const auto add = [this](const QString &label, const QString &value, bool rich = false) {
        auto *v = new QLabel(value.isEmpty() ? QStringLiteral("—") : value);
        v->setTextFormat(rich ? Qt::RichText : Qt::PlainText);
        v->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        v->setWordWrap(true);
        v->setAccessibleName(label);
        v->setObjectName(label);
        m_form->addRow(label + QLatin1Char(':'), v);
    };
    add(tr("Name"), d.name);
    add(tr("Id"), QString::number(d.id));
    add(tr("Status"), QStringLiteral("<b style='color:%1'>%2</b>").arg(StatusStyle::badgeColor(d.status).name(), StatusStyle::label(d.status)), true);
    add(tr("Progress"), TextFormat::percent(d.progress));
    add(tr("Message"), d.message);
    add(tr("Source"), DatasetListModel::sourceText(d));
    if (d.source == QLatin1String("hub")) {
        add(tr("Repository"), d.repoId);
        add(tr("Config"), d.config);
        add(tr("Split"), d.split);
        add(tr("Revision"), d.revision);
    } else {
        add(tr("Source file"), d.sourcePath);
        add(tr("Format"), d.format);
    }
    add(tr("Samples"), d.numSamples >= 0 ? TextFormat::count(d.numSamples) : QString());
    add(tr("Size"), TextFormat::bytes(d.sizeBytes));
    add(tr("Stored in"), d.storagePath);
    QStringList toks;
    for (const catalog::TokenizationRecord &t : tokenizations)
        toks << tr("#%1 %2 (%3)").arg(t.id).arg(t.tokenizer, StatusStyle::label(t.status));
    add(tr("Tokenizations"), toks.join(QStringLiteral(", ")));
    add(tr("Created"), TextFormat::dateTime(d.createdAt));
    add(tr("Updated"), TextFormat::dateTime(d.updatedAt));
    for (auto it = d.metadata.begin(); it != d.metadata.end(); ++it)
        if (it.value().isString() || it.value().isDouble())
            add(it.key(), it.value().toVariant().toString());

    m_schema->setRowCount(0);
    for (const QJsonValue &c : d.schema) {
        const int row = m_schema->rowCount();
        m_schema->insertRow(row);
        m_schema->setItem(row, 0, new QTableWidgetItem(c.toObject().value(QStringLiteral("name")).toString()));
        m_schema->setItem(row, 1, new QTableWidgetItem(c.toObject().value(QStringLiteral("type")).toString()));
    }
    if (d.errorMessage.isEmpty())
        m_error->clear();
    else
        m_error->showMessage(AlertBanner::Kind::Error, d.errorMessage);
}

QString OverviewTab::fieldText(const QString &label) const
{
    const auto *l = findChild<QLabel *>(label);
    return l ? l->text() : QString();
}

} // namespace studio::ui
