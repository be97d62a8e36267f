#include "cardlayout.h"

namespace studio::ui {

CardLayout::CardLayout(const QRect &itemRect, bool hasError, const QList<Action> &actions)
{
    card = itemRect.adjusted(kMargin + 4, kMargin, -kMargin - 4, -kMargin);
    accent = QRect(card.left(), card.top(), 5, card.height());
    const QRect inner = card.adjusted(kPadding + 4, kPadding - 2, -kPadding, -kPadding);

    int right = inner.right() + 1;
    for (int i = int(actions.size()) - 1; i >= 0; --i) {
        const QRect r(right - kButtonSize, inner.top() - 2, kButtonSize, kButtonSize);
        buttons.prepend({actions[i], r});
        right = r.left() - 4;
    }
    const int titleWidth = std::max(80, right - inner.left() - 130);
    title = QRect(inner.left(), inner.top(), titleWidth, 24);
    badgeArea = QRect(title.right() + 10, inner.top() + 1, 120, 22);
    source = QRect(inner.left(), title.bottom() + 4, inner.width(), 18);
    bar = QRect(inner.left(), source.bottom() + 12, inner.width() - 70, 8);
    percent = QRect(bar.right() + 10, bar.center().y() - 10, inner.right() - bar.right() - 10, 20);
    message = QRect(inner.left(), bar.bottom() + 10, inner.width() * 2 / 3, 20);
    facts = QRect(message.right(), message.top(), inner.right() - message.right(), 20);
    if (hasError)
        error = QRect(inner.left(), message.bottom() + 8, inner.width(), kErrorHeight);
}

bool CardLayout::actionAt(const QPoint &pos, Action *action) const
{
    for (const auto &[a, r] : buttons) {
        if (r.contains(pos)) {
            *action = a;
            return true;
        }
    }
    return false;
}

} // namespace studio::ui
