#pragma once

#include <QString>

class QApplication;

namespace studio::ui {

// The app's look: Fusion with a palette that follows the system's light or
// dark choice. Qt 6.4 has no QStyleHints::colorScheme, so the choice is read
// from the system palette (dark window colour: dark theme);
// DATASET_STUDIO_THEME=dark|light overrides it.
class Theme final
{
public:
    static void apply(QApplication &app);
    static bool isDark();
    // The emerald call-to-action button (objectName "primaryButton").
    static QString primaryButtonStyle();
};

} // namespace studio::ui
