#include "screenshotter.h"

#include "datasetlistmodel.h"
#include "detaildialog.h"
#include "mainwindow.h"
#include "samplestab.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QListView>
#include <QPixmap>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>

namespace studio::ui {

void Screenshotter::settle(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

namespace {

bool save(QWidget *w, const QString &path, QStringList &written, QString *error)
{
    const QPixmap pm = w->grab();
    if (pm.isNull() || !pm.save(path, "PNG")) {
        *error = QStringLiteral("Cannot write %1").arg(path);
        return false;
    }
    written << path;
    return true;
}

template <typename Pred>
void waitFor(Pred pred, int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!pred() && !deadline.hasExpired())
        Screenshotter::settle(20);
}

} // namespace

QStringList Screenshotter::capture(MainWindow &window, const QString &file, qint64 detailDatasetId, QString *error)
{
    QStringList written;
    DatasetListModel *model = window.datasetModel();
    waitFor([&] { return model->rowCount() > 0; }, 3000);
    settle(300);
    model->flush();
    // Tall enough for every card; the second card selected shows its buttons.
    int height = 140;
    for (int r = 0; r < model->rowCount(); ++r)
        height += window.cardView()->sizeHintForRow(r);
    window.resize(1120, std::clamp(height, 560, 1500));
    if (window.cardView()->model()->rowCount() > 1)
        window.cardView()->setCurrentIndex(window.cardView()->model()->index(1, 0));
    settle(200);
    if (!save(&window, file, written, error))
        return written;

    qint64 id = detailDatasetId;
    for (int r = 0; id == 0 && r < model->rowCount(); ++r) {
        const QModelIndex i = model->index(r);
        if (i.data(DatasetListModel::StatusRole).toString() == QLatin1String("ready"))
            id = i.data(DatasetListModel::IdRole).toLongLong();
    }
    if (id == 0)
        return written;
    DetailDialog *dialog = window.openDetails(id);
    waitFor([&] { return dialog->loadCount() > 0; }, 5000);
    const QFileInfo info(file);
    const QString stem = info.path() + QLatin1Char('/') + info.completeBaseName();
    const QStringList names{QStringLiteral("overview"), QStringLiteral("samples"), QStringLiteral("tokenization"),
                            QStringLiteral("statistics")};
    for (int t = 0; t < names.size(); ++t) {
        dialog->tabs()->setCurrentIndex(t);
        if (t == DetailDialog::Samples) {
            waitFor([&] { return dialog->samples()->table()->rowCount() > 0; }, 5000);
            bool tokens = false;
            QObject::connect(dialog->samples(), &SamplesTab::tokensShown, dialog, [&tokens] { tokens = true; });
            dialog->samples()->table()->selectRow(1);
            waitFor([&] { return tokens; }, 15000);
        }
        settle(250);
        if (!save(dialog, stem + QLatin1Char('-') + names[t] + QStringLiteral(".png"), written, error))
            break;
    }
    dialog->close();
    return written;
}

} // namespace studio::ui
