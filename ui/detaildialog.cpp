#include "detaildialog.h"

#include "datasetcontroller.h"
#include "overviewtab.h"
#include "samplestab.h"
#include "statisticstab.h"
#include "tokenizationtab.h"

#include "progress/channels.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace studio::ui {

DetailDialog::DetailDialog(DatasetController &controller, qint64 datasetId, QWidget *parent)
    : QDialog(parent)
    , m_controller(controller)
    , m_datasetId(datasetId)
    , m_title(new QLabel(this))
    , m_tabs(new QTabWidget(this))
    , m_overview(new OverviewTab(this))
    , m_samples(new SamplesTab(controller, this))
    , m_tokenization(new TokenizationTab(controller, this))
    , m_statistics(new StatisticsTab(this))
{
    setWindowTitle(tr("Dataset %1").arg(datasetId));
    setModal(true);
    resize(1000, 700);
    auto *layout = new QVBoxLayout(this);
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.35);
    f.setWeight(QFont::DemiBold);
    m_title->setFont(f);
    m_title->setAccessibleName(tr("Dataset name"));
    layout->addWidget(m_title);
    m_tabs->addTab(m_overview, tr("&Overview"));
    m_tabs->addTab(m_samples, tr("&Samples"));
    m_tabs->addTab(m_tokenization, tr("&Tokenization"));
    m_tabs->addTab(m_statistics, tr("Stat&istics"));
    m_tabs->setAccessibleName(tr("Dataset details"));
    m_tabs->setCurrentIndex(QSettings().value(QStringLiteral("detail/tab"), 0).toInt());
    connect(m_tabs, &QTabWidget::currentChanged, this, [](int i) { QSettings().setValue(QStringLiteral("detail/tab"), i); });
    layout->addWidget(m_tabs, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    m_reload.setSingleShot(true);
    m_reload.setInterval(150); // several terminal / updated events in a row: one reload
    connect(&m_reload, &QTimer::timeout, this, [this] { m_controller.loadDetail(m_datasetId); });
    connect(&controller, &DatasetController::detailLoaded, this, &DetailDialog::onLoaded);
    connect(&controller, &DatasetController::progressEvent, this, &DetailDialog::onEvent);
    connect(&controller, &DatasetController::tokenizationStarted, this, [this](qint64 id) {
        if (id == m_datasetId)
            m_reload.start();
    });
    connect(&controller, &DatasetController::deleted, this, [this](qint64 id) {
        if (id == m_datasetId)
            reject();
    });
    m_controller.loadDetail(m_datasetId);
}

void DetailDialog::onEvent(const progress::ProgressEvent &event)
{
    m_tokenization->onEvent(event);
    const bool mine = progress::datasetIdOfChannel(event.channel).toLongLong() == m_datasetId;
    const bool catalogChange = event.channel == progress::datasetsChannel()
                               && event.data.value(QStringLiteral("id")).toString().toLongLong() == m_datasetId;
    if ((mine && event.isTerminal()) || catalogChange)
        m_reload.start();
}

void DetailDialog::onLoaded(const catalog::DatasetRecord &d, const QList<catalog::TokenizationRecord> &t)
{
    if (d.id != m_datasetId)
        return;
    ++m_loads;
    m_tokenizations = t;
    setWindowTitle(tr("%1 — Dataset Studio").arg(d.name));
    m_title->setText(d.name);
    m_overview->setDataset(d, t);
    m_samples->setDataset(d);
    m_tokenization->setData(d, t);
    m_statistics->setTokenizations(t);
    Q_EMIT loaded();
}

} // namespace studio::ui
