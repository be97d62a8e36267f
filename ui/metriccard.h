#pragma once

#include <QFrame>

class QLabel;

namespace studio::ui {

// One figure of the Statistics tab: a caption over a large value.
class MetricCard final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MetricCard)
public:
    MetricCard(const QString &caption, QWidget *parent = nullptr);
    void setValue(const QString &value, const QString &detail = {});
    QString value() const;

private:
    QLabel *m_caption;
    QLabel *m_value;
    QLabel *m_detail;
};

} // namespace studio::ui
