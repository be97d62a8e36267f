#include "jobs/tokenizeoptions.h"

#include <QJsonDocument>

namespace studio::jobs {

QJsonObject TokenizeOptions::toJson() const
{
    return QJsonObject{{QStringLiteral("tokenizer"), tokenizer},
                       {QStringLiteral("max_length"), maxLength},
                       {QStringLiteral("stride"), stride},
                       {QStringLiteral("overflow"), overflow},
                       {QStringLiteral("padding"), padding},
                       {QStringLiteral("truncation"), truncation},
                       {QStringLiteral("add_special_tokens"), addSpecialTokens},
                       {QStringLiteral("column"), column}};
}

TokenizeOptions TokenizeOptions::fromJson(const QJsonObject &o)
{
    TokenizeOptions t;
    t.tokenizer = o.value(QStringLiteral("tokenizer")).toString(t.tokenizer);
    t.maxLength = o.value(QStringLiteral("max_length")).toInt(t.maxLength);
    t.stride = o.value(QStringLiteral("stride")).toInt(t.stride);
    t.overflow = o.value(QStringLiteral("overflow")).toString(t.overflow);
    t.padding = o.value(QStringLiteral("padding")).toString(t.padding);
    t.truncation = o.value(QStringLiteral("truncation")).toBool(t.truncation);
    t.addSpecialTokens = o.value(QStringLiteral("add_special_tokens")).toBool(t.addSpecialTokens);
    t.column = o.value(QStringLiteral("column")).toString();
    return t;
}

QString TokenizeOptions::validate() const
{
    if (tokenizer.trimmed().isEmpty())
        return QStringLiteral("Choose a tokenizer (gpt2, a Hub model id or a tokenizer.json path)");
    if (maxLength < 1)
        return QStringLiteral("max_length must be at least 1 (got %1)").arg(maxLength);
    if (stride < 0)
        return QStringLiteral("stride cannot be negative (got %1)").arg(stride);
    if (stride >= maxLength)
        return QStringLiteral("stride (%1) must be smaller than max_length (%2)").arg(stride).arg(maxLength);
    if (overflow != QLatin1String("truncate") && overflow != QLatin1String("windows"))
        return QStringLiteral("overflow must be truncate or windows (got '%1')").arg(overflow);
    if (padding != QLatin1String("none") && padding != QLatin1String("longest") && padding != QLatin1String("max_length"))
        return QStringLiteral("padding must be none, longest or max_length (got '%1')").arg(padding);
    if (overflow == QLatin1String("windows") && !truncation)
        return QStringLiteral("overflow windows need truncation");
    return {};
}

QString TokenizeOptions::key() const
{
    return QString::fromUtf8(QJsonDocument(toJson()).toJson(QJsonDocument::Compact));
}

QString chooseTextColumn(const QJsonArray &schema, const QString &requested, QString &error)
{
    const auto typeOf = [&](const QString &name) -> QString {
        for (const QJsonValue &c : schema) {
            if (c.toObject().value(QStringLiteral("name")).toString() == name)
                return c.toObject().value(QStringLiteral("type")).toString();
        }
        return {};
    };
    const auto isText = [](const QString &type) {
        return type == QLatin1String("string") || type == QLatin1String("json") || type.startsWith(QLatin1String("list<struct"))
               || type == QLatin1String("large_string") || type == QLatin1String("utf8");
    };
    QStringList names;
    for (const QJsonValue &c : schema)
        names << c.toObject().value(QStringLiteral("name")).toString();
    if (!requested.isEmpty()) {
        const QString type = typeOf(requested);
        if (type.isEmpty()) {
            error = QStringLiteral("The dataset has no column '%1' (columns: %2)").arg(requested, names.join(QStringLiteral(", ")));
            return {};
        }
        if (!isText(type)) {
            error = QStringLiteral("Column '%1' holds %2 values, not text").arg(requested, type);
            return {};
        }
        return requested;
    }
    for (const QString &preferred : {QStringLiteral("text"), QStringLiteral("content")}) {
        if (isText(typeOf(preferred)))
            return preferred;
    }
    for (const QJsonValue &c : schema) {
        if (c.toObject().value(QStringLiteral("type")).toString() == QLatin1String("string"))
            return c.toObject().value(QStringLiteral("name")).toString();
    }
    error = QStringLiteral("The dataset has no text column to tokenize (columns: %1)").arg(names.join(QStringLiteral(", ")));
    return {};
}

} // namespace studio::jobs
