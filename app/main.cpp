#include "mainwindow.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    studio::ui::MainWindow window;
    window.show();
    return app.exec();
}
