#include "hub/splitspec.h"

#include "hub/huberror.h"

#include <QRegularExpression>

#include <cmath>
#include <limits>

namespace studio::hub {

namespace {

HubError invalid(const QString &message)
{
    return HubError(HubError::Kind::InvalidArgument, message);
}

// Python's repr() of a str, enough for messages: single quotes, backslash escapes.
QString pyRepr(const QString &s)
{
    QString out = QStringLiteral("'");
    for (const QChar c : s) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('\''))
            out += QStringLiteral("\\'");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else if (c == QLatin1Char('\t'))
            out += QStringLiteral("\\t");
        else if (c == QLatin1Char('\r'))
            out += QStringLiteral("\\r");
        else
            out += c;
    }
    return out + QLatin1Char('\'');
}

// int(text) as Python parses the digits the grammar lets through: an optional
// '-', digits, single underscores only between digits. Saturates at int64
// (every use clamps to the split's size, so the results are the same).
qint64 pythonInt(const QString &text)
{
    const auto fail = [&] { return invalid(QStringLiteral("invalid literal for int() with base 10: ") + pyRepr(text)); };
    qsizetype i = 0;
    const bool negative = text.startsWith(QLatin1Char('-'));
    if (negative)
        ++i;
    if (i >= text.size())
        throw fail();
    qint64 value = 0;
    bool previousDigit = false;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == QLatin1Char('_')) {
            if (!previousDigit || i + 1 >= text.size())
                throw fail();
            previousDigit = false;
            continue;
        }
        const int d = c.digitValue();
        if (d < 0)
            throw fail();
        previousDigit = true;
        if (value > (std::numeric_limits<qint64>::max() - d) / 10)
            value = std::numeric_limits<qint64>::max();
        else
            value = value * 10 + d;
    }
    return negative ? -value : value;
}

const QRegularExpression &subSpecRe()
{
    // datasets.arrow_reader._SUB_SPEC_RE; PCRE's '$' also matches before a
    // final newline, as Python's does.
    static const QRegularExpression re(
        QStringLiteral("^(?<split>\\w+(\\.\\w+)*)"
                       "(\\[((?<from>-?[\\d_]+)(?<frompct>%)?)?:((?<to>-?[\\d_]+)(?<topct>%)?)?\\])?"
                       "(\\((?<rounding>[^\\)]*)\\))?$"),
        QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

const QString kSplitRe = QStringLiteral("^\\w+(\\.\\w+)*$");

SplitSpec::Part parsePart(const QString &sub)
{
    const QRegularExpressionMatch m = subSpecRe().match(sub);
    if (!m.hasMatch())
        throw invalid(QStringLiteral("Unrecognized instruction format: ") + sub);
    SplitSpec::Part p;
    p.split = m.captured(QStringLiteral("split"));
    p.percent = !m.captured(QStringLiteral("frompct")).isEmpty() || !m.captured(QStringLiteral("topct")).isEmpty();
    if (!m.captured(QStringLiteral("from")).isEmpty())
        p.from = pythonInt(m.captured(QStringLiteral("from")));
    if (!m.captured(QStringLiteral("to")).isEmpty())
        p.to = pythonInt(m.captured(QStringLiteral("to")));
    // _RelativeInstruction.__post_init__, in its order.
    const bool hasRounding = m.capturedStart(QStringLiteral("rounding")) >= 0;
    const QString rounding = m.captured(QStringLiteral("rounding"));
    if (hasRounding && rounding != QLatin1String("closest") && rounding != QLatin1String("pct1_dropremainder"))
        throw invalid(QStringLiteral("rounding must be either closest or pct1_dropremainder"));
    if (!p.percent && hasRounding)
        throw invalid(QStringLiteral("It is forbidden to specify rounding if not using percent slicing."));
    if (p.percent && ((p.from && std::abs(*p.from) > 100) || (p.to && std::abs(*p.to) > 100)))
        throw invalid(QStringLiteral("Percent slice boundaries must be > -100 and < 100."));
    if (p.percent)
        p.rounding = rounding == QLatin1String("pct1_dropremainder") ? SplitSpec::Rounding::Pct1DropRemainder
                                                                     : SplitSpec::Rounding::Closest;
    return p;
}

qint64 percentToRows(qint64 boundary, qint64 numRows, SplitSpec::Rounding rounding)
{
    if (rounding == SplitSpec::Rounding::Pct1DropRemainder) {
        if (numRows < 100)
            throw invalid(QStringLiteral("Using \"pct1_dropremainder\" rounding on a split with less than 100 elements "
                                         "is forbidden: it always results in an empty dataset."));
        return boundary * static_cast<qint64>(std::trunc(double(numRows) / 100.0));
    }
    // int(round(boundary * num_examples / 100.0)): round half to even.
    return static_cast<qint64>(std::nearbyint(double(boundary * numRows) / 100.0));
}

} // namespace

SplitSpec SplitSpec::parse(const QString &spec)
{
    SplitSpec s;
    s.m_text = spec;
    if (spec == QLatin1String("all"))
        return s; // every split, resolved by resolve()
    // datasets.NamedSplit(spec): each '+'-separated name before '[' must be a split name.
    static const QRegularExpression splitRe(kSplitRe, QRegularExpression::UseUnicodePropertiesOption);
    for (const QString &piece : spec.split(QLatin1Char('+'))) {
        const QString name = piece.section(QLatin1Char('['), 0, 0);
        if (!splitRe.match(name).hasMatch())
            throw invalid(QStringLiteral("Split name should match '%1' but got '%2'.").arg(kSplitRe, name));
    }
    // ReadInstruction.from_spec: subs joined by \s*\+\s*, summed left to right.
    static const QRegularExpression addition(QStringLiteral("\\s*\\+\\s*"), QRegularExpression::UseUnicodePropertiesOption);
    for (const QString &sub : spec.split(addition)) {
        Part p = parsePart(sub);
        if (!s.m_parts.isEmpty() && s.m_parts.first().percent && p.percent && s.m_parts.first().rounding != p.rounding)
            throw invalid(QStringLiteral("It is forbidden to sum ReadInstruction instances with different rounding values."));
        s.m_parts.append(std::move(p));
    }
    return s;
}

QString SplitSpec::validate(const QString &spec)
{
    try {
        parse(spec);
        return {};
    } catch (const HubError &e) {
        return e.message();
    }
}

QStringList SplitSpec::splits() const
{
    QStringList out;
    for (const Part &p : m_parts)
        if (!out.contains(p.split))
            out.append(p.split);
    return out;
}

SplitSpec::Range SplitSpec::resolvePart(const Part &part, qint64 n)
{
    qint64 from = 0;
    qint64 to = n;
    if (part.percent) {
        const Rounding r = part.rounding.value_or(Rounding::Closest);
        if (part.from)
            from = percentToRows(*part.from, n, r);
        if (part.to)
            to = percentToRows(*part.to, n, r);
    } else {
        from = part.from.value_or(0);
        to = part.to.value_or(n);
    }
    if (from < 0)
        from = std::max<qint64>(n + from, 0);
    if (to < 0)
        to = std::max<qint64>(n + to, 0);
    return {part.split, std::min(from, n), std::min(to, n)};
}

QList<SplitSpec::Range> SplitSpec::resolve(const QList<QPair<QString, qint64>> &splitRows) const
{
    QList<Part> parts = m_parts;
    if (m_text == QLatin1String("all"))
        for (const auto &[name, rows] : splitRows)
            parts.append(Part{name, {}, {}, false, {}});
    QList<Range> out;
    qint64 total = 0;
    for (const Part &p : parts) {
        auto it = std::find_if(splitRows.begin(), splitRows.end(), [&](const auto &e) { return e.first == p.split; });
        if (it == splitRows.end()) {
            QStringList names;
            for (const auto &e : splitRows)
                names << pyRepr(e.first);
            throw invalid(QStringLiteral("Unknown split \"%1\". Should be one of [%2].").arg(p.split, names.join(QStringLiteral(", "))));
        }
        out.append(resolvePart(p, it->second));
        total += out.last().count();
    }
    if (total == 0)
        throw invalid(QStringLiteral("Instruction \"%1\" corresponds to no data!").arg(m_text));
    return out;
}

} // namespace studio::hub
