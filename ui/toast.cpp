#include "toast.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>

namespace studio::ui {

Toast::Toast(QWidget *parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
{
    setObjectName(QStringLiteral("toast"));
    setStyleSheet(QStringLiteral("#toast{background:#1f2937;border-radius:10px;} #toast QLabel{color:#f9fafb;}"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    QFont f = m_title->font();
    f.setWeight(QFont::DemiBold);
    m_title->setFont(f);
    m_body->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addWidget(m_body);
    setAccessibleName(tr("Notification"));
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &QWidget::hide);
    parent->installEventFilter(this);
    hide();
}

void Toast::showMessage(const QString &title, const QString &message, int timeoutMs)
{
    m_title->setText(title);
    m_body->setText(message);
    setAccessibleDescription(title + QStringLiteral(": ") + message);
    setFixedWidth(340);
    adjustSize();
    place();
    show();
    raise();
    m_timer.start(timeoutMs);
}

QString Toast::text() const
{
    return m_title->text() + QLatin1Char('\n') + m_body->text();
}

bool Toast::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parentWidget() && event->type() == QEvent::Resize && isVisible())
        place();
    return QFrame::eventFilter(watched, event);
}

void Toast::mousePressEvent(QMouseEvent *)
{
    hide();
}

void Toast::place()
{
    const QWidget *p = parentWidget();
    move(p->width() - width() - 20, p->height() - height() - 44);
}

} // namespace studio::ui
