#pragma once

#include "datasetcontroller.h"

#include <QTextEdit>

namespace studio::ui {

// A sample's text with each token on its own colour; hovering a token shows
// its id and vocabulary entry.
class TokenView final : public QTextEdit
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenView)
public:
    explicit TokenView(QWidget *parent = nullptr);
    void setTokens(const DatasetController::EncodedText &encoded);
    int tokenCount() const { return m_count; }
    // The tooltip shown over character `position` of the document.
    QString tokenTipAt(int position) const;

protected:
    bool event(QEvent *event) override;

private:
    int m_count = 0;
};

} // namespace studio::ui
