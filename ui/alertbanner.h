#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace studio::ui {

// An inline message box (red for errors, blue for information, amber for
// warnings) that stays until the user dismisses it or it is replaced.
class AlertBanner final : public QFrame
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlertBanner)
public:
    enum class Kind { Error, Warning, Info, Success };

    explicit AlertBanner(QWidget *parent = nullptr, bool closable = true);

    void showMessage(Kind kind, const QString &message);
    void clear();
    QString text() const;
    Kind kind() const { return m_kind; }

Q_SIGNALS:
    void dismissed();

protected:
    void changeEvent(QEvent *event) override;

private:
    void restyle();

    QLabel *m_label;
    QToolButton *m_close;
    Kind m_kind = Kind::Info;
};

} // namespace studio::ui
