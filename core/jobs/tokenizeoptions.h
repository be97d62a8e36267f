#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace studio::jobs {

// What a user chooses for one tokenization (product.md, Tokenization tab and
// `dataset-studio tokenize`).
struct TokenizeOptions {
    QString tokenizer = QStringLiteral("gpt2"); // gpt2, a Hub model id, or a tokenizer.json path
    int maxLength = 512;
    int stride = 0;                              // overlap of overflow windows
    QString overflow = QStringLiteral("truncate"); // truncate | windows
    QString padding = QStringLiteral("none");      // none | longest | max_length
    bool truncation = true;
    bool addSpecialTokens = true;
    QString column; // empty: detected (text, then content, then the first string column)

    QJsonObject toJson() const;
    static TokenizeOptions fromJson(const QJsonObject &o);
    // An actionable message, or empty when the options are usable.
    QString validate() const;
    // Canonical form: two tokenizations with equal keys are the same one.
    QString key() const;
};

// The column to tokenize: `requested` if given (it must exist and hold text),
// else `text`, then `content`, then the first string column. Returns an empty
// string and sets `error` when there is none.
QString chooseTextColumn(const QJsonArray &schema, const QString &requested, QString &error);

} // namespace studio::jobs
