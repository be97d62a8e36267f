#include "tokenview.h"

#include <QHelpEvent>
#include <QTextBlock>
#include <QTextCursor>
#include <QToolTip>

namespace studio::ui {

TokenView::TokenView(QWidget *parent)
    : QTextEdit(parent)
{
    setReadOnly(true);
    setAccessibleName(tr("Tokens of the selected sample"));
    setPlaceholderText(tr("Select a sample to see its tokens."));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 1.1);
    setFont(f);
}

void TokenView::setTokens(const DatasetController::EncodedText &encoded)
{
    clear();
    m_count = int(encoded.tokens.size());
    const bool dark = palette().color(QPalette::Base).lightness() < 128;
    static const QColor light[] = {QColor(0xbf, 0xdb, 0xfe), QColor(0xbb, 0xf7, 0xd0), QColor(0xfd, 0xe6, 0x8a),
                                   QColor(0xfb, 0xcf, 0xe8), QColor(0xdd, 0xd6, 0xfe), QColor(0xfe, 0xd7, 0xaa)};
    static const QColor darkColors[] = {QColor(0x1e, 0x3a, 0x8a), QColor(0x14, 0x53, 0x2d), QColor(0x71, 0x3f, 0x12),
                                        QColor(0x83, 0x18, 0x43), QColor(0x4c, 0x1d, 0x95), QColor(0x7c, 0x2d, 0x12)};
    QTextCursor cursor(document());
    QTextCharFormat plain;
    int pos = 0;
    for (int i = 0; i < encoded.tokens.size(); ++i) {
        const auto &t = encoded.tokens[i];
        if (t.end <= t.begin) { // template tokens (BOS/EOS): shown as their vocabulary entry
            QTextCharFormat f;
            f.setForeground(palette().color(QPalette::PlaceholderText));
            f.setToolTip(tr("id %1 · %2 (special)").arg(t.id).arg(t.piece));
            cursor.insertText(t.piece, f);
            continue;
        }
        if (t.begin > pos)
            cursor.insertText(QString::fromUtf8(encoded.utf8.mid(pos, t.begin - pos)), plain);
        QTextCharFormat f;
        f.setBackground(dark ? darkColors[i % 6] : light[i % 6]);
        f.setToolTip(tr("id %1 · %2").arg(t.id).arg(t.piece.toHtmlEscaped()));
        cursor.insertText(QString::fromUtf8(encoded.utf8.mid(t.begin, t.end - t.begin)), f);
        pos = t.end;
    }
    if (pos < encoded.utf8.size())
        cursor.insertText(QString::fromUtf8(encoded.utf8.mid(pos)), plain);
    moveCursor(QTextCursor::Start);
}

QString TokenView::tokenTipAt(int position) const
{
    QTextCursor c(document());
    c.setPosition(std::min(position + 1, document()->characterCount() - 1));
    return c.charFormat().toolTip();
}

bool TokenView::event(QEvent *e)
{
    if (e->type() == QEvent::ToolTip) {
        auto *he = static_cast<QHelpEvent *>(e);
        const QTextCursor c = cursorForPosition(viewport()->mapFromGlobal(he->globalPos()));
        const QString tip = tokenTipAt(c.position() > 0 ? c.position() - 1 : 0);
        if (tip.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(he->globalPos(), tip, this);
        return true;
    }
    return QTextEdit::event(e);
}

} // namespace studio::ui
