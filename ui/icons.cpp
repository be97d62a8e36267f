#include "icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QSvgRenderer>

namespace studio::ui {

QIcon Icons::icon(const QString &name, const QColor &colorIn)
{
    const QColor color = colorIn.isValid() ? colorIn : QApplication::palette().color(QPalette::WindowText);
    static QHash<QString, QIcon> cache;
    const QString key = name + QLatin1Char('|') + color.name(QColor::HexArgb);
    const auto it = cache.constFind(key);
    if (it != cache.constEnd())
        return *it;
    QFile f(QStringLiteral(":/icons/%1.svg").arg(name));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray svg = f.readAll();
    svg.replace("currentColor", color.name().toLatin1());
    QSvgRenderer renderer(svg);
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48, 64}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        renderer.render(&p);
        p.end();
        icon.addPixmap(pm);
    }
    cache.insert(key, icon);
    return icon;
}

QIcon Icons::appIcon()
{
    return QIcon(QStringLiteral(":/icons/app.svg"));
}

} // namespace studio::ui
