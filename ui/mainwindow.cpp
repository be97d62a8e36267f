#include "mainwindow.h"

namespace studio::ui {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Dataset Studio"));
    resize(1100, 720);
}

} // namespace studio::ui
