#pragma once

#include <QString>
#include <QStringList>

namespace studio::ui {

class MainWindow;

// Renders the main window and each tab of the detail modal to PNG files
// (offscreen works): FILE, then FILE's stem + "-overview", "-samples",
// "-tokenization", "-statistics". The device pixel ratio comes from the
// platform (QT_SCALE_FACTOR=2 gives 2x images).
class Screenshotter final
{
public:
    // `detailDatasetId` 0: the first ready dataset, preferring one with tokenizations.
    // Returns the files written; `error` set on failure.
    static QStringList capture(MainWindow &window, const QString &file, qint64 detailDatasetId, QString *error);
    // Processes events for `ms` milliseconds.
    static void settle(int ms);
};

} // namespace studio::ui
