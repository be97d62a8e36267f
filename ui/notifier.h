#pragma once

#include <QObject>

class QSystemTrayIcon;
class QWidget;

namespace studio::ui {

class Toast;

// Tells the user a job finished while they were elsewhere: a system tray
// message when the desktop offers one, else a toast inside the window.
class Notifier final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Notifier)
public:
    explicit Notifier(QWidget *window);

    // Only when the window is not the active one (unless `always`).
    void notify(const QString &title, const QString &message, bool isError, bool always = false);
    bool usesTray() const { return m_tray != nullptr; }
    Toast *toast() const { return m_toast; }
    int notificationCount() const { return m_count; }

private:
    QWidget *m_window;
    QSystemTrayIcon *m_tray = nullptr;
    Toast *m_toast;
    int m_count = 0;
};

} // namespace studio::ui
