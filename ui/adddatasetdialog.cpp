#include "adddatasetdialog.h"

#include "hubform.h"
#include "icons.h"

#include "formats/importformat.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace studio::ui {

AddDatasetDialog::AddDatasetDialog(HubBrowser *hub, QWidget *parent)
    : QDialog(parent)
    , m_tabs(new QTabWidget(this))
    , m_format(new QComboBox(this))
    , m_hubForm(new HubForm(hub, this))
{
    setWindowTitle(tr("Add a dataset"));
    setAcceptDrops(true);
    resize(640, 560);
    auto *layout = new QVBoxLayout(this);
    m_tabs->addTab(m_hubForm, Icons::icon(QStringLiteral("hub")), tr("Hugging Face &Hub"));
    m_tabs->addTab(buildLocalTab(), Icons::icon(QStringLiteral("folder")), tr("&Local files"));
    m_tabs->setAccessibleName(tr("Where the dataset comes from"));
    layout->addWidget(m_tabs);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_hubForm, &HubForm::downloadStarted, this, &QDialog::accept);
}

QWidget *AddDatasetDialog::buildLocalTab()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *drop = new QLabel(tr("<p style='font-size:15px'><b>Drop files here</b></p>"
                               "<p>JSON Lines (.jsonl), JSON array (.json), CSV / TSV, Parquet, plain text "
                               "(one sample per line, or per blank-line paragraph)</p>"),
                            page);
    drop->setAlignment(Qt::AlignCenter);
    drop->setWordWrap(true);
    drop->setMinimumHeight(200);
    drop->setObjectName(QStringLiteral("dropZone"));
    drop->setStyleSheet(QStringLiteral("#dropZone{border:2px dashed palette(mid);border-radius:12px;}"));
    drop->setAccessibleName(tr("Drop zone for local files"));
    layout->addWidget(drop, 1);

    auto *form = new QFormLayout;
    m_format->setAccessibleName(tr("Import format"));
    m_format->addItem(tr("By file extension"), QString());
    for (const QString &f : formats::importFormats())
        m_format->addItem(f, f);
    form->addRow(tr("&Format:"), m_format);
    layout->addLayout(form);
    auto *choose = new QPushButton(Icons::icon(QStringLiteral("folder")), tr("&Choose files…"), page);
    choose->setAccessibleName(tr("Choose files to import"));
    connect(choose, &QPushButton::clicked, this, &AddDatasetDialog::choose);
    layout->addWidget(choose, 0, Qt::AlignRight);
    return page;
}

void AddDatasetDialog::choose()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import files"));
    if (files.isEmpty())
        return;
    Q_EMIT filesChosen(files, m_format->currentData().toString());
    accept();
}

void AddDatasetDialog::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void AddDatasetDialog::dropEvent(QDropEvent *event)
{
    QStringList files;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            files << url.toLocalFile();
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT filesChosen(files, m_format->currentData().toString());
    accept();
}

} // namespace studio::ui
