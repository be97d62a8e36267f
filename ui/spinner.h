#pragma once

#include <QTimer>
#include <QWidget>

namespace studio::ui {

// A small busy indicator (a rotating arc) shown while a job runs.
class Spinner final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Spinner)
public:
    explicit Spinner(QWidget *parent = nullptr);
    void setRunning(bool running);
    bool isRunning() const { return m_timer.isActive(); }
    QSize sizeHint() const override { return {22, 22}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QTimer m_timer;
    int m_angle = 0;
};

} // namespace studio::ui
