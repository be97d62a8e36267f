#pragma once

#include "cardlayout.h"

#include <QPersistentModelIndex>
#include <QPoint>
#include <QStyledItemDelegate>

class QAbstractItemView;

namespace studio::ui {

// Paints a whole dataset card (name, source, status badge, progress bar with
// a one-decimal percentage, message, samples and size, error box) and its
// hover buttons; clicks on them become actionRequested(). No widget per card.
class DatasetCardDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetCardDelegate)
public:
    using Action = CardLayout::Action;

    explicit DatasetCardDelegate(QAbstractItemView *view);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The actions a card offers in its state (also used by the context menu).
    static QList<Action> actionsFor(const QModelIndex &index);
    static QString actionText(Action action);
    // The card layout of `index` as painted in `rect`.
    static CardLayout layoutFor(const QRect &rect, const QModelIndex &index);

Q_SIGNALS:
    void actionRequested(const QModelIndex &index, studio::ui::CardLayout::Action action);

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;
    bool helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                   const QModelIndex &index) override;

private:
    void paintBadge(QPainter *p, const QRect &area, const QString &status) const;
    void paintBar(QPainter *p, const QRect &bar, double percent, const QColor &color, const QPalette &pal) const;
    void paintButtons(QPainter *p, const CardLayout &layout, const QStyleOptionViewItem &option,
                      const QModelIndex &index) const;

    QAbstractItemView *m_view;
    QPersistentModelIndex m_hoverIndex;
    QPoint m_hoverPos;
};

} // namespace studio::ui
