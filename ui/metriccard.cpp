#include "metriccard.h"

#include "theme.h"

#include <QLabel>
#include <QVBoxLayout>

namespace studio::ui {

MetricCard::MetricCard(const QString &caption, QWidget *parent)
    : QFrame(parent)
    , m_caption(new QLabel(caption, this))
    , m_value(new QLabel(QStringLiteral("—"), this))
    , m_detail(new QLabel(this))
{
    setObjectName(QStringLiteral("metricCard"));
    const bool dark = Theme::isDark();
    setStyleSheet(dark ? QStringLiteral("#metricCard{background:#1f2937;border:1px solid #374151;border-radius:10px;}")
                       : QStringLiteral("#metricCard{background:#ffffff;border:1px solid #e2e8f0;border-radius:10px;}"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 10);
    layout->setSpacing(2);
    QFont small = m_caption->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_caption->setFont(small);
    QPalette muted = m_caption->palette();
    QColor c = muted.color(QPalette::WindowText);
    c.setAlphaF(0.65f);
    muted.setColor(QPalette::WindowText, c);
    m_caption->setPalette(muted);
    m_detail->setPalette(muted);
    m_detail->setFont(small);
    QFont big = m_value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setWeight(QFont::DemiBold);
    m_value->setFont(big);
    m_value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_caption);
    layout->addWidget(m_value);
    layout->addWidget(m_detail);
    setAccessibleName(caption);
}

void MetricCard::setValue(const QString &value, const QString &detail)
{
    m_value->setText(value);
    m_detail->setText(detail);
    m_detail->setVisible(!detail.isEmpty());
    setAccessibleDescription(value);
}

QString MetricCard::value() const
{
    return m_value->text();
}

} // namespace studio::ui
