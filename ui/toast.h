#pragma once

#include <QFrame>
#include <QTimer>

class QLabel;

namespace studio::ui {

// A transient message in the corner of a window: the fallback for desktop
// notifications when no system tray is available.
class Toast final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Toast)
public:
    explicit Toast(QWidget *parent);
    void showMessage(const QString &title, const QString &message, int timeoutMs = 8000);
    QString text() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void place();

    QLabel *m_title;
    QLabel *m_body;
    QTimer m_timer;
};

} // namespace studio::ui
