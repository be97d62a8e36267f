#pragma once

#include <QColor>
#include <QIcon>
#include <QString>

namespace studio::ui {

// The app's SVG icons (resources/icons), tinted for the current palette so
// they stay legible in light and dark themes and sharp at any scale.
class Icons final
{
public:
    // `name` without extension, e.g. "delete"; an invalid colour: the palette's text colour.
    static QIcon icon(const QString &name, const QColor &color = QColor());
    static QIcon appIcon();
};

} // namespace studio::ui
