#include "alertbanner.h"

#include "theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace studio::ui {

AlertBanner::AlertBanner(QWidget *parent, bool closable)
    : QFrame(parent)
    , m_label(new QLabel(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("alertBanner"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 8, 8);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_label, 1);
    m_close->setAutoRaise(true);
    m_close->setText(tr("Dismiss"));
    m_close->setToolTip(tr("Dismiss this message"));
    m_close->setAccessibleName(tr("Dismiss message"));
    m_close->setVisible(closable);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_close, &QToolButton::clicked, this, [this] {
        clear();
        Q_EMIT dismissed();
    });
    setAccessibleName(tr("Message"));
    hide();
}

void AlertBanner::showMessage(Kind kind, const QString &message)
{
    m_kind = kind;
    m_label->setText(message);
    m_label->setAccessibleName(message);
    setAccessibleDescription(message);
    restyle();
    show();
}

void AlertBanner::clear()
{
    m_label->clear();
    hide();
}

QString AlertBanner::text() const
{
    return m_label->text();
}

void AlertBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        restyle();
    QFrame::changeEvent(event);
}

void AlertBanner::restyle()
{
    const bool dark = Theme::isDark();
    struct Colors {
        const char *bg, *border, *fg;
    };
    Colors c{};
    switch (m_kind) {
    case Kind::Error:
        c = dark ? Colors{"#3b1d1d", "#7f1d1d", "#fecaca"} : Colors{"#fef2f2", "#fecaca", "#991b1b"};
        break;
    case Kind::Warning:
        c = dark ? Colors{"#3a2a12", "#92400e", "#fde68a"} : Colors{"#fffbeb", "#fde68a", "#92400e"};
        break;
    case Kind::Success:
        c = dark ? Colors{"#10302a", "#065f46", "#a7f3d0"} : Colors{"#ecfdf5", "#a7f3d0", "#065f46"};
        break;
    case Kind::Info:
        c = dark ? Colors{"#172554", "#1e40af", "#bfdbfe"} : Colors{"#eff6ff", "#bfdbfe", "#1e40af"};
        break;
    }
    const QString sheet = QStringLiteral("#%4{background:%1;border:1px solid %2;border-radius:8px;}"
                                 "#%4 QLabel,#%4 QToolButton{color:%3;background:transparent;}")
                      .arg(QLatin1String(c.bg), QLatin1String(c.border), QLatin1String(c.fg), objectName());
    if (styleSheet() != sheet) // setting it changes the palette, which calls restyle() again
        setStyleSheet(sheet);
}

} // namespace studio::ui
