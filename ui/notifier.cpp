#include "notifier.h"

#include "icons.h"
#include "toast.h"

#include <QSystemTrayIcon>
#include <QWidget>

namespace studio::ui {

Notifier::Notifier(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_toast(new Toast(window))
{
    if (QSystemTrayIcon::isSystemTrayAvailable() && QSystemTrayIcon::supportsMessages()) {
        m_tray = new QSystemTrayIcon(Icons::appIcon(), this);
        m_tray->setToolTip(tr("Dataset Studio"));
        m_tray->show();
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            m_window->showNormal();
            m_window->activateWindow();
        });
    }
}

void Notifier::notify(const QString &title, const QString &message, bool isError, bool always)
{
    if (!always && m_window->isActiveWindow())
        return;
    ++m_count;
    if (m_tray) {
        m_tray->showMessage(title, message, isError ? QSystemTrayIcon::Critical : QSystemTrayIcon::Information, 8000);
        return;
    }
    m_toast->showMessage(title, message);
}

} // namespace studio::ui
