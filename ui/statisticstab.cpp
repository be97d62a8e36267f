#include "statisticstab.h"

#include "metriccard.h"
#include "textformat.h"
#include "theme.h"

#include <QAreaSeries>
#include <QLineSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace studio::ui {

StatisticsTab::StatisticsTab(QWidget *parent)
    : QWidget(parent)
    , m_selector(new QComboBox(this))
    , m_empty(new QLabel(tr("No finished tokenization yet. Start one on the Tokenization tab."), this))
    , m_content(new QWidget(this))
    , m_chartView(new QChartView(this))
    , m_top(new QTableWidget(0, 3, this))
{
    auto *layout = new QVBoxLayout(this);
    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Tokenization:"), this));
    m_selector->setAccessibleName(tr("Tokenization to show"));
    row->addWidget(m_selector, 1);
    layout->addLayout(row);
    m_empty->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_empty, 1);

    auto *content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    auto *grid = new QGridLayout;
    grid->setSpacing(10);
    const QList<QPair<QString, QString>> cards{
        {QStringLiteral("samples"), tr("Samples")},       {QStringLiteral("tokens"), tr("Total tokens")},
        {QStringLiteral("mean"), tr("Mean length")},      {QStringLiteral("median"), tr("Median length")},
        {QStringLiteral("minmax"), tr("Min / max length")}, {QStringLiteral("p95"), tr("95th percentile")},
        {QStringLiteral("unique"), tr("Unique tokens used")}, {QStringLiteral("coverage"), tr("Vocabulary coverage")},
        {QStringLiteral("truncated"), tr("Truncated samples")}, {QStringLiteral("windows"), tr("Overflow windows")},
        {QStringLiteral("bpt"), tr("Bytes per token")},   {QStringLiteral("sequences"), tr("Sequences written")}};
    for (int i = 0; i < cards.size(); ++i)
        grid->addWidget(addCard(cards[i].first, cards[i].second), i / 6, i % 6);
    content->addLayout(grid);

    auto *lower = new QHBoxLayout;
    m_chartView->setRenderHint(QPainter::Antialiasing);
    m_chartView->setMinimumHeight(240);
    m_chartView->setAccessibleName(tr("Length histogram"));
    lower->addWidget(m_chartView, 3);
    m_top->setHorizontalHeaderLabels({tr("Token"), tr("Id"), tr("Count")});
    m_top->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_top->verticalHeader()->hide();
    m_top->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_top->setAccessibleName(tr("Most frequent tokens"));
    lower->addWidget(m_top, 2);
    content->addLayout(lower, 1);
    layout->addWidget(m_content, 1);
    m_content->hide();

    connect(m_selector, &QComboBox::currentIndexChanged, this, &StatisticsTab::showSelected);
}

MetricCard *StatisticsTab::addCard(const QString &key, const QString &caption)
{
    auto *card = new MetricCard(caption, this);
    card->setProperty("metric", key);
    m_cards.insert(key, card);
    return card;
}

QString StatisticsTab::metric(const QString &key) const
{
    const MetricCard *c = m_cards.value(key);
    return c ? c->value() : QString();
}

void StatisticsTab::setTokenizations(const QList<catalog::TokenizationRecord> &tokenizations)
{
    const qint64 shown = m_selector->currentData().toLongLong();
    m_ready.clear();
    for (const catalog::TokenizationRecord &t : tokenizations)
        if (t.status == catalog::status::Ready && !t.statistics.isEmpty())
            m_ready.append(t);
    {
        const QSignalBlocker block(m_selector);
        m_selector->clear();
        for (const catalog::TokenizationRecord &t : std::as_const(m_ready)) {
            const QJsonObject o = t.options;
            m_selector->addItem(tr("#%1 · %2 · max %3").arg(t.id).arg(t.tokenizer).arg(o.value(QStringLiteral("max_length")).toInt()), t.id);
        }
        const int keep = m_selector->findData(shown);
        m_selector->setCurrentIndex(keep >= 0 ? keep : m_selector->count() - 1);
    }
    showSelected();
}

void StatisticsTab::showSelected()
{
    const int i = m_selector->currentIndex();
    const bool have = i >= 0 && i < m_ready.size();
    m_empty->setVisible(!have);
    m_content->setVisible(have);
    m_selector->setEnabled(have);
    if (!have)
        return;
    const QJsonObject s = m_ready[i].statistics;
    const QJsonObject len = s.value(QStringLiteral("length")).toObject();
    const auto n = [&](const char *k) { return qint64(s.value(QLatin1String(k)).toDouble()); };
    m_cards[QStringLiteral("samples")]->setValue(TextFormat::count(n("num_samples")),
                                                 tr("%1 empty").arg(TextFormat::count(n("empty_samples"))));
    m_cards[QStringLiteral("tokens")]->setValue(TextFormat::count(n("num_tokens")),
                                                tr("%1 before truncation").arg(TextFormat::count(n("num_tokens_before_truncation"))));
    m_cards[QStringLiteral("mean")]->setValue(TextFormat::number(len.value(QStringLiteral("mean")).toDouble()));
    m_cards[QStringLiteral("median")]->setValue(TextFormat::number(len.value(QStringLiteral("median")).toDouble()));
    m_cards[QStringLiteral("minmax")]->setValue(QStringLiteral("%1 / %2").arg(TextFormat::count(qint64(len.value(QStringLiteral("min")).toDouble())),
                                                                            TextFormat::count(qint64(len.value(QStringLiteral("max")).toDouble()))));
    m_cards[QStringLiteral("p95")]->setValue(TextFormat::number(len.value(QStringLiteral("p95")).toDouble()));
    m_cards[QStringLiteral("unique")]->setValue(TextFormat::count(n("unique_tokens")), tr("of %1 in the vocabulary").arg(TextFormat::count(n("vocab_size"))));
    m_cards[QStringLiteral("coverage")]->setValue(TextFormat::percent(s.value(QStringLiteral("vocabulary_coverage")).toDouble() * 100.0));
    m_cards[QStringLiteral("truncated")]->setValue(TextFormat::count(n("truncated_samples")));
    m_cards[QStringLiteral("windows")]->setValue(TextFormat::count(n("overflow_windows")));
    m_cards[QStringLiteral("bpt")]->setValue(TextFormat::number(s.value(QStringLiteral("bytes_per_token")).toDouble(), 2));
    m_cards[QStringLiteral("sequences")]->setValue(TextFormat::count(n("num_sequences")));

    // The histogram as contiguous bars over a numeric length axis.
    const QJsonArray bins = s.value(QStringLiteral("histogram")).toArray();
    m_bins = int(bins.size());
    auto *upper = new QLineSeries;
    double maxCount = 0, lo = 0, hi = 1;
    for (int b = 0; b < bins.size(); ++b) {
        const QJsonObject o = bins[b].toObject();
        const double start = o.value(QStringLiteral("start")).toDouble(), end = o.value(QStringLiteral("end")).toDouble();
        const double c = o.value(QStringLiteral("count")).toDouble();
        if (b == 0)
            lo = start;
        hi = end;
        upper->append(start, 0);
        upper->append(start, c);
        upper->append(end, c);
        upper->append(end, 0);
        maxCount = std::max(maxCount, c);
    }
    auto *area = new QAreaSeries(upper);
    upper->setParent(area); // QAreaSeries does not own its boundary series
    area->setName(tr("Sequences"));
    area->setColor(QColor(0x10, 0xb9, 0x81));
    area->setBorderColor(QColor(0x04, 0x78, 0x57));
    auto *chart = new QChart;
    chart->addSeries(area);
    chart->setTitle(tr("Sequence length (tokens, padding not counted)"));
    chart->legend()->hide();
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTheme(Theme::isDark() ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    area->setColor(QColor(0x10, 0xb9, 0x81)); // the theme resets series colours
    area->setBorderColor(QColor(0x04, 0x78, 0x57));
    chart->setBackgroundRoundness(10);
    auto *x = new QValueAxis;
    x->setRange(lo, hi);
    x->setLabelFormat(QStringLiteral("%d"));
    x->setTickCount(9);
    x->setTitleText(tr("tokens per sequence"));
    auto *y = new QValueAxis;
    y->setRange(0, std::max(1.0, maxCount * 1.08));
    y->setLabelFormat(QStringLiteral("%d"));
    y->setTitleText(tr("sequences"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    area->attachAxis(x);
    area->attachAxis(y);
    QChart *old = m_chartView->chart();
    m_chartView->setChart(chart);
    delete old;

    const QJsonArray top = s.value(QStringLiteral("top_tokens")).toArray();
    m_top->setRowCount(int(top.size()));
    for (int r = 0; r < top.size(); ++r) {
        const QJsonObject o = top[r].toObject();
        QString text = o.value(QStringLiteral("text")).toString();
        text.replace(QLatin1Char(' '), QStringLiteral("␣")).replace(QLatin1Char('\n'), QStringLiteral("⏎"));
        m_top->setItem(r, 0, new QTableWidgetItem(text));
        m_top->setItem(r, 1, new QTableWidgetItem(QString::number(o.value(QStringLiteral("id")).toInteger())));
        m_top->setItem(r, 2, new QTableWidgetItem(TextFormat::count(o.value(QStringLiteral("count")).toInteger())));
    }
}

} // namespace studio::ui
