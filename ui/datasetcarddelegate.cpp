#include "datasetcarddelegate.h"

#include "datasetlistmodel.h"
#include "icons.h"
#include "statusstyle.h"
#include "textformat.h"
#include "theme.h"

#include "catalog/records.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace studio::ui {

namespace st = studio::catalog::status;

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

bool isDark(const QPalette &)
{
    return Theme::isDark(); // the view's style sheet makes its palette transparent
}

} // namespace

DatasetCardDelegate::DatasetCardDelegate(QAbstractItemView *view)
    : QStyledItemDelegate(view)
    , m_view(view)
{
}

QList<CardLayout::Action> DatasetCardDelegate::actionsFor(const QModelIndex &index)
{
    const QString status = index.data(DatasetListModel::StatusRole).toString();
    QList<Action> actions;
    if (st::isActive(status))
        actions << Action::Cancel;
    if (status == st::Error || status == st::Cancelled || status == st::Interrupted)
        actions << Action::Retry;
    actions << Action::Details << Action::Delete;
    return actions;
}

QString DatasetCardDelegate::actionText(Action action)
{
    switch (action) {
    case Action::Details:
        return tr("Details");
    case Action::Cancel:
        return tr("Cancel");
    case Action::Retry:
        return tr("Retry");
    case Action::Delete:
        return tr("Delete");
    }
    return {};
}

CardLayout DatasetCardDelegate::layoutFor(const QRect &rect, const QModelIndex &index)
{
    return CardLayout(rect, !index.data(DatasetListModel::ErrorRole).toString().isEmpty(), actionsFor(index));
}

QSize DatasetCardDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &index) const
{
    const int width = m_view ? m_view->viewport()->width() : 600;
    return QSize(std::max(320, width), CardLayout::height(!index.data(DatasetListModel::ErrorRole).toString().isEmpty()));
}

void DatasetCardDelegate::paint(QPainter *p, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &pal = option.palette;
    const bool dark = isDark(pal);
    const QString status = index.data(DatasetListModel::StatusRole).toString();
    const QColor accent = StatusStyle::badgeColor(status);
    const CardLayout layout = layoutFor(option.rect, index);
    const bool selected = option.state & QStyle::State_Selected;
    const bool hovered = option.state & QStyle::State_MouseOver;

    p->save();
    p->setRenderHint(QPainter::Antialiasing);

    // Card body with a status accent on the left.
    const QColor base = dark ? QColor(0x1f, 0x29, 0x37) : QColor(Qt::white);
    QColor border = dark ? QColor(0x33, 0x41, 0x55) : QColor(0xe2, 0xe8, 0xf0);
    if (selected)
        border = pal.color(QPalette::Highlight);
    else if (hovered)
        border = dark ? mix(base, QColor(Qt::white), 0.25) : QColor(0xcb, 0xd5, 0xe1);
    QPainterPath body;
    body.addRoundedRect(QRectF(layout.card).adjusted(0.5, 0.5, -0.5, -0.5), 10, 10);
    p->fillPath(body, base);
    p->setClipPath(body);
    p->fillRect(layout.accent, accent);
    p->setClipping(false);
    p->setPen(QPen(border, selected ? 2.0 : 1.0));
    p->drawPath(body);

    const QColor text = pal.color(QPalette::Text);
    const QColor muted = mix(text, base, 0.42);

    // Name and badge.
    QFont titleFont = option.font;
    titleFont.setPointSizeF(option.font.pointSizeF() * 1.18);
    titleFont.setWeight(QFont::DemiBold);
    p->setFont(titleFont);
    p->setPen(text);
    const QFontMetrics tfm(titleFont);
    const QString name = tfm.elidedText(index.data(DatasetListModel::NameRole).toString(), Qt::ElideMiddle, layout.title.width());
    p->drawText(layout.title, Qt::AlignLeft | Qt::AlignVCenter, name);
    QRect badge = layout.badgeArea;
    badge.moveLeft(layout.title.left() + tfm.horizontalAdvance(name) + 12);
    paintBadge(p, badge, status);

    QFont small = option.font;
    p->setFont(small);
    const QFontMetrics fm(small);
    p->setPen(muted);
    p->drawText(layout.source, Qt::AlignLeft | Qt::AlignVCenter,
                fm.elidedText(index.data(DatasetListModel::SourceTextRole).toString(), Qt::ElideMiddle, layout.source.width()));

    // Progress.
    const double progress = index.data(DatasetListModel::ProgressRole).toDouble();
    paintBar(p, layout.bar, progress, accent, pal);
    QFont percentFont = small;
    percentFont.setWeight(QFont::DemiBold);
    p->setFont(percentFont);
    p->setPen(text);
    p->drawText(layout.percent, Qt::AlignRight | Qt::AlignVCenter, TextFormat::percent(progress));

    p->setFont(small);
    p->setPen(muted);
    QString message = index.data(DatasetListModel::MessageRole).toString();
    if (message == index.data(DatasetListModel::ErrorRole).toString()) // the error box shows it
        message = StatusStyle::label(status);
    p->drawText(layout.message, Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(message, Qt::ElideRight, layout.message.width()));
    QStringList facts;
    const qint64 samples = index.data(DatasetListModel::SamplesRole).toLongLong();
    if (samples >= 0)
        facts << (samples == 1 ? tr("1 sample") : tr("%1 samples").arg(TextFormat::count(samples)));
    const qint64 size = index.data(DatasetListModel::SizeRole).toLongLong();
    if (size >= 0)
        facts << TextFormat::bytes(size);
    p->drawText(layout.facts, Qt::AlignRight | Qt::AlignVCenter, facts.join(QStringLiteral("  ·  ")));

    // Error box.
    const QString error = index.data(DatasetListModel::ErrorRole).toString();
    if (!layout.error.isEmpty()) {
        const QColor red = StatusStyle::badgeColor(st::Error);
        QPainterPath box;
        box.addRoundedRect(QRectF(layout.error), 6, 6);
        p->fillPath(box, dark ? mix(base, red, 0.22) : QColor(0xfe, 0xf2, 0xf2));
        p->setPen(dark ? mix(base, red, 0.6) : QColor(0xfe, 0xca, 0xca));
        p->drawPath(box);
        p->setPen(dark ? QColor(0xfe, 0xca, 0xca) : QColor(0x99, 0x1b, 0x1b));
        const QRect textRect = layout.error.adjusted(10, 6, -10, -6);
        const int lines = textRect.height() / fm.lineSpacing();
        QString shown = error;
        if (fm.boundingRect(textRect, Qt::TextWordWrap, error).height() > textRect.height())
            shown = fm.elidedText(error, Qt::ElideRight, textRect.width() * lines - fm.averageCharWidth() * 6);
        p->drawText(textRect, Qt::TextWordWrap | Qt::AlignLeft | Qt::AlignVCenter, shown);
    }

    if (hovered || selected)
        paintButtons(p, layout, option, index);
    p->restore();
}

void DatasetCardDelegate::paintBadge(QPainter *p, const QRect &area, const QString &status) const
{
    QFont f = p->font();
    f.setPointSizeF(f.pointSizeF() * 0.72);
    f.setWeight(QFont::Bold);
    f.setCapitalization(QFont::AllUppercase);
    f.setLetterSpacing(QFont::PercentageSpacing, 106);
    const QFontMetrics fm(f);
    const QString label = StatusStyle::label(status);
    const int w = fm.horizontalAdvance(label.toUpper()) + 20;
    const QRectF pill(area.left(), area.center().y() - 10.5, w, 21);
    QPainterPath path;
    path.addRoundedRect(pill, 10.5, 10.5);
    p->fillPath(path, StatusStyle::badgeColor(status));
    p->setFont(f);
    p->setPen(StatusStyle::badgeTextColor(status));
    p->drawText(pill, Qt::AlignCenter, label);
}

void DatasetCardDelegate::paintBar(QPainter *p, const QRect &bar, double percent, const QColor &color,
                                   const QPalette &pal) const
{
    const bool dark = isDark(pal);
    QPainterPath track;
    track.addRoundedRect(QRectF(bar), bar.height() / 2.0, bar.height() / 2.0);
    p->fillPath(track, dark ? QColor(255, 255, 255, 30) : QColor(0xe5, 0xe7, 0xeb));
    const double w = bar.width() * std::clamp(percent, 0.0, 100.0) / 100.0;
    if (w > 0.5) {
        QPainterPath fill;
        fill.addRoundedRect(QRectF(bar.left(), bar.top(), std::max(w, double(bar.height())), bar.height()),
                            bar.height() / 2.0, bar.height() / 2.0);
        p->fillPath(fill, color);
    }
}

void DatasetCardDelegate::paintButtons(QPainter *p, const CardLayout &layout, const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    const bool dark = isDark(option.palette);
    for (const auto &[action, rect] : layout.buttons) {
        const bool under = m_hoverIndex == index && rect.contains(m_hoverPos);
        QColor color = option.palette.color(QPalette::Text);
        if (action == Action::Delete || action == Action::Cancel)
            color = under ? StatusStyle::badgeColor(st::Error) : color;
        if (under) {
            QPainterPath bg;
            bg.addRoundedRect(QRectF(rect), 6, 6);
            p->fillPath(bg, dark ? QColor(255, 255, 255, 34) : QColor(0, 0, 0, 18));
        }
        const char *name = action == Action::Details ? "info"
                           : action == Action::Cancel ? "cancel"
                           : action == Action::Retry  ? "retry"
                                                      : "delete";
        Icons::icon(QString::fromLatin1(name), color).paint(p, rect.adjusted(5, 5, -5, -5));
    }
}

bool DatasetCardDelegate::editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                                      const QModelIndex &index)
{
    if (event->type() == QEvent::MouseMove || event->type() == QEvent::MouseButtonRelease
        || event->type() == QEvent::MouseButtonPress) {
        const auto *me = static_cast<QMouseEvent *>(event);
        const QPoint pos = me->position().toPoint();
        if (m_hoverIndex != index || m_hoverPos != pos) {
            const QModelIndex old = m_hoverIndex;
            m_hoverIndex = index;
            m_hoverPos = pos;
            if (m_view) {
                m_view->viewport()->update(option.rect);
                if (old.isValid() && old != index)
                    m_view->viewport()->update(m_view->visualRect(old));
            }
        }
        Action action;
        if (me->button() == Qt::LeftButton && layoutFor(option.rect, index).actionAt(pos, &action)) {
            if (event->type() == QEvent::MouseButtonRelease)
                Q_EMIT actionRequested(index, action);
            return true; // the press must not start a selection drag
        }
    }
    return QStyledItemDelegate::editorEvent(event, model, option, index);
}

bool DatasetCardDelegate::helpEvent(QHelpEvent *event, QAbstractItemView *view, const QStyleOptionViewItem &option,
                                    const QModelIndex &index)
{
    Action action;
    if (event->type() == QEvent::ToolTip && layoutFor(option.rect, index).actionAt(event->pos(), &action)) {
        QToolTip::showText(event->globalPos(), actionText(action), view);
        return true;
    }
    return QStyledItemDelegate::helpEvent(event, view, option, index);
}

} // namespace studio::ui
