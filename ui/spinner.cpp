#include "spinner.h"

#include <QPainter>

namespace studio::ui {

Spinner::Spinner(QWidget *parent)
    : QWidget(parent)
{
    setAccessibleName(tr("Working"));
    setFixedSize(22, 22);
    m_timer.setInterval(50);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        m_angle = (m_angle + 30) % 360;
        update();
    });
}

void Spinner::setRunning(bool running)
{
    if (running)
        m_timer.start();
    else
        m_timer.stop();
    setVisible(running);
}

void Spinner::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QRectF r = QRectF(rect()).adjusted(3, 3, -3, -3);
    QColor track = palette().color(QPalette::WindowText);
    track.setAlpha(40);
    p.setPen(QPen(track, 3));
    p.drawEllipse(r);
    p.setPen(QPen(QColor(0xd9, 0x77, 0x06), 3, Qt::SolidLine, Qt::RoundCap));
    p.drawArc(r, -m_angle * 16, 100 * 16);
}

} // namespace studio::ui
