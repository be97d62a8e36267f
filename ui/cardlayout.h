#pragma once

#include <QList>
#include <QRect>

namespace studio::ui {

// Where everything of one dataset card goes, for painting and for hit
// testing the hover buttons (one computation shared by both).
class CardLayout final
{
public:
    enum class Action { Details, Cancel, Retry, Delete };

    static constexpr int kMargin = 6;
    static constexpr int kPadding = 14;
    static constexpr int kBaseHeight = 122;
    static constexpr int kErrorHeight = 52;
    static constexpr int kButtonSize = 28;

    CardLayout(const QRect &itemRect, bool hasError, const QList<Action> &actions);

    static int height(bool hasError) { return kBaseHeight + (hasError ? kErrorHeight + 8 : 0) + 2 * kMargin; }

    QRect card;
    QRect accent;
    QRect title;    // name, left of the badge
    QRect badgeArea;
    QRect source;
    QRect bar;
    QRect percent;
    QRect message;
    QRect facts;    // samples · size
    QRect error;    // empty when no error
    QList<QPair<Action, QRect>> buttons;

    // The action under `pos`, if any.
    bool actionAt(const QPoint &pos, Action *action) const;
};

} // namespace studio::ui
