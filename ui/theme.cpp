#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

#include <memory>

namespace studio::ui {

namespace {

bool g_dark = false;

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x11, 0x18, 0x27), base(0x0b, 0x12, 0x20), text(0xe5, 0xe7, 0xeb), button(0x1f, 0x29, 0x37);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, button);
    p.setColor(QPalette::ToolTipBase, button);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9c, 0xa3, 0xaf));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0x10, 0xb9, 0x81));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, QColor(0x60, 0xa5, 0xfa));
    p.setColor(QPalette::Mid, QColor(0x37, 0x41, 0x51));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6b, 0x72, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6b, 0x72, 0x80));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6b, 0x72, 0x80));
    return p;
}

QPalette lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion->standardPalette();
    p.setColor(QPalette::Window, QColor(0xf3, 0xf4, 0xf6));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf9, 0xfa, 0xfb));
    p.setColor(QPalette::Text, QColor(0x11, 0x18, 0x27));
    p.setColor(QPalette::WindowText, QColor(0x11, 0x18, 0x27));
    p.setColor(QPalette::ButtonText, QColor(0x11, 0x18, 0x27));
    p.setColor(QPalette::Highlight, QColor(0x05, 0x96, 0x69));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x6b, 0x72, 0x80));
    return p;
}

} // namespace

void Theme::apply(QApplication &app)
{
    const QByteArray forced = qgetenv("DATASET_STUDIO_THEME");
    if (forced == "dark")
        g_dark = true;
    else if (forced == "light")
        g_dark = false;
    else
        g_dark = app.palette().color(QPalette::Window).lightness() < 128;
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(g_dark ? darkPalette() : lightPalette());
}

QString Theme::primaryButtonStyle()
{
    return QStringLiteral("#primaryButton{background:#059669;color:white;border:none;border-radius:6px;padding:6px 16px;"
                          "font-weight:600;} #primaryButton:hover{background:#047857;} #primaryButton:disabled{background:#9ca3af;}"
                          "#primaryButton:focus{border:2px solid #6ee7b7;}");
}

bool Theme::isDark()
{
    return g_dark;
}

} // namespace studio::ui
