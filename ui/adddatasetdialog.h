#pragma once

#include <QDialog>

class QComboBox;
class QTabWidget;

namespace studio::ui {

class HubBrowser;
class HubForm;

// "Add a dataset": local files (dialog or drag and drop, every import format)
// or the Hugging Face Hub form.
class AddDatasetDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddDatasetDialog)
public:
    explicit AddDatasetDialog(HubBrowser *hub, QWidget *parent = nullptr);

    HubForm *hubForm() const { return m_hubForm; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    // Local files to import; `format` empty: decided by each file's extension.
    void filesChosen(const QStringList &paths, const QString &format);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    QWidget *buildLocalTab();
    void choose();

    QTabWidget *m_tabs;
    QComboBox *m_format;
    HubForm *m_hubForm;
};

} // namespace studio::ui
