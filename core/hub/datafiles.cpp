#include "hub/datafiles.h"

#include <QMap>
#include <QRegularExpression>

namespace studio::hub::datafiles {

namespace {

// A tiny YAML subset: block mappings and sequences, plain/quoted scalars and
// flow lists of scalars: what dataset cards' `configs:` blocks use.
struct Node {
    enum Kind { Null, Scalar, Map, Seq } kind = Null;
    QString scalar;
    QList<QPair<QString, Node>> map;
    QList<Node> seq;
    const Node *get(const QString &key) const
    {
        for (const auto &[k, v] : map)
            if (k == key)
                return &v;
        return nullptr;
    }
    QStringList strings() const
    {
        if (kind == Scalar)
            return {scalar};
        QStringList out;
        for (const Node &n : seq)
            if (n.kind == Scalar)
                out << n.scalar;
        return out;
    }
};

struct Line {
    int indent;
    QString text;
};

QString unquote(QString s)
{
    s = s.trimmed();
    if (s.size() >= 2 && ((s.startsWith(QLatin1Char('"')) && s.endsWith(QLatin1Char('"'))) || (s.startsWith(QLatin1Char('\'')) && s.endsWith(QLatin1Char('\'')))))
        return s.mid(1, s.size() - 2);
    return s;
}

Node scalarNode(const QString &raw)
{
    Node n;
    const QString s = raw.trimmed();
    if (s.startsWith(QLatin1Char('[')) && s.endsWith(QLatin1Char(']'))) {
        n.kind = Node::Seq;
        for (const QString &item : s.mid(1, s.size() - 2).split(QLatin1Char(','), Qt::SkipEmptyParts))
            n.seq.append(Node{Node::Scalar, unquote(item), {}, {}});
        return n;
    }
    n.kind = Node::Scalar;
    n.scalar = unquote(s);
    return n;
}

// Position of the ':' separating a key, outside quotes.
qsizetype keyColon(const QString &t)
{
    QChar quote;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            quote = c;
        } else if (c == QLatin1Char(':') && (i + 1 == t.size() || t.at(i + 1) == QLatin1Char(' '))) {
            return i;
        }
    }
    return -1;
}

Node parseBlock(QList<Line> &lines, qsizetype &i, int indent, int depth);

Node parseValueAfterKey(QList<Line> &lines, qsizetype &i, int indent, const QString &rest, int depth)
{
    if (!rest.trimmed().isEmpty())
        return scalarNode(rest);
    if (i < lines.size() && (lines[i].indent > indent || (lines[i].indent == indent && lines[i].text.startsWith(QLatin1Char('-')))))
        return parseBlock(lines, i, lines[i].indent, depth + 1);
    return Node{};
}

Node parseBlock(QList<Line> &lines, qsizetype &i, int indent, int depth)
{
    Node node;
    if (i >= lines.size() || depth > 64)
        return node;
    if (lines[i].text.startsWith(QLatin1Char('-'))) {
        node.kind = Node::Seq;
        while (i < lines.size() && lines[i].indent == indent && lines[i].text.startsWith(QLatin1Char('-'))) {
            const QString after = lines[i].text.mid(1);
            const QString content = after.trimmed();
            if (content.isEmpty()) {
                ++i;
                node.seq.append(i < lines.size() && lines[i].indent > indent ? parseBlock(lines, i, lines[i].indent, depth + 1) : Node{});
                continue;
            }
            // "- key: v" continues as a mapping indented past the dash.
            const int inner = indent + 1 + int(after.size() - after.trimmed().size());
            lines[i] = Line{inner, content};
            if (keyColon(content) > 0)
                node.seq.append(parseBlock(lines, i, inner, depth + 1));
            else {
                node.seq.append(scalarNode(content));
                ++i;
            }
        }
        return node;
    }
    node.kind = Node::Map;
    while (i < lines.size() && lines[i].indent == indent && !lines[i].text.startsWith(QLatin1Char('-'))) {
        const QString t = lines[i].text;
        const qsizetype colon = keyColon(t);
        ++i;
        if (colon <= 0)
            continue;
        const QString key = unquote(t.left(colon));
        node.map.append({key, parseValueAfterKey(lines, i, indent, t.mid(colon + 1), depth)});
    }
    return node;
}

QString globToRegex(const QString &pattern)
{
    QString re = QStringLiteral("^");
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == QLatin1Char('*')) {
            if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char('*')) {
                ++i;
                if (i + 1 < pattern.size() && pattern.at(i + 1) == QLatin1Char('/')) {
                    ++i;
                    re += QStringLiteral("(?:.*/)?");
                } else {
                    re += QStringLiteral(".*");
                }
            } else {
                re += QStringLiteral("[^/]*");
            }
        } else if (c == QLatin1Char('?')) {
            re += QStringLiteral("[^/]");
        } else if (c == QLatin1Char('[')) {
            const qsizetype close = pattern.indexOf(QLatin1Char(']'), i + 1);
            if (close < 0) {
                re += QStringLiteral("\\[");
                continue;
            }
            QString set = pattern.mid(i + 1, close - i - 1);
            if (set.startsWith(QLatin1Char('!')))
                set[0] = QLatin1Char('^');
            set.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
            re += QLatin1Char('[') + set + QLatin1Char(']');
            i = close;
        } else {
            re += QRegularExpression::escape(QString(c));
        }
    }
    return re + QLatin1Char('$');
}

const QStringList kDefaultSplits{QStringLiteral("train"), QStringLiteral("validation"), QStringLiteral("test")};

QStringList readable(const QStringList &files)
{
    QStringList out;
    for (const QString &f : files)
        if (!formatOfPath(f).isEmpty())
            out << f;
    out.sort();
    return out;
}

} // namespace

QString formatOfPath(const QString &path)
{
    const QString p = path.toLower();
    if (p.endsWith(QLatin1String(".parquet")))
        return QStringLiteral("parquet");
    if (p.endsWith(QLatin1String(".jsonl")))
        return QStringLiteral("jsonl");
    if (p.endsWith(QLatin1String(".csv")))
        return QStringLiteral("csv");
    return {};
}

QList<QPair<QString, SplitFiles>> readmeConfigs(const QByteArray &readme)
{
    const QStringList all = QString::fromUtf8(readme).split(QLatin1Char('\n'));
    if (all.isEmpty() || all.first().trimmed() != QLatin1String("---"))
        return {};
    QList<Line> lines;
    for (qsizetype k = 1; k < all.size(); ++k) {
        QString raw = all.at(k);
        raw.remove(QLatin1Char('\r'));
        if (raw.trimmed() == QLatin1String("---"))
            break;
        if (raw.trimmed().isEmpty() || raw.trimmed().startsWith(QLatin1Char('#')))
            continue;
        const int indent = int(raw.size() - QString(raw).remove(QRegularExpression(QStringLiteral("^ +"))).size());
        lines.append({indent, raw.trimmed()});
    }
    qsizetype i = 0;
    const Node root = lines.isEmpty() ? Node{} : parseBlock(lines, i, lines.first().indent, 0);
    const Node *configs = root.get(QStringLiteral("configs"));
    QList<QPair<QString, SplitFiles>> out;
    if (!configs || configs->kind != Node::Seq)
        return out;
    for (const Node &c : configs->seq) {
        const Node *name = c.get(QStringLiteral("config_name"));
        const Node *dataDir = c.get(QStringLiteral("data_dir"));
        const Node *dataFiles = c.get(QStringLiteral("data_files"));
        const QString prefix = dataDir && dataDir->kind == Node::Scalar && !dataDir->scalar.isEmpty() ? dataDir->scalar + QLatin1Char('/') : QString();
        SplitFiles splits;
        const auto withPrefix = [&](QStringList patterns) {
            for (QString &p : patterns)
                p = prefix + p;
            return patterns;
        };
        if (!dataFiles) {
            if (!prefix.isEmpty())
                splits.append({QStringLiteral("train"), {prefix + QStringLiteral("**")}}); // inferred under data_dir
        } else if (dataFiles->kind == Node::Scalar || (dataFiles->kind == Node::Seq && !dataFiles->seq.isEmpty() && dataFiles->seq.first().kind == Node::Scalar)) {
            splits.append({QStringLiteral("train"), withPrefix(dataFiles->strings())});
        } else if (dataFiles->kind == Node::Seq) {
            for (const Node &s : dataFiles->seq) {
                const Node *split = s.get(QStringLiteral("split"));
                const Node *path = s.get(QStringLiteral("path"));
                if (split && path)
                    splits.append({split->scalar, withPrefix(path->strings())});
            }
        } else if (dataFiles->kind == Node::Map) { // {train: pattern, test: [...]}
            for (const auto &[split, patterns] : dataFiles->map)
                splits.append({split, withPrefix(patterns.strings())});
        }
        out.append({name && name->kind == Node::Scalar ? name->scalar : QStringLiteral("default"), splits});
    }
    return out;
}

bool globMatch(const QString &pattern, const QString &path)
{
    return QRegularExpression(globToRegex(pattern)).match(path).hasMatch();
}

SplitFiles resolvePatterns(const SplitFiles &patterns, const QStringList &files)
{
    SplitFiles out;
    const QStringList candidates = readable(files);
    for (const auto &[split, globs] : patterns) {
        QStringList matched;
        for (const QString &f : candidates)
            if (std::any_of(globs.begin(), globs.end(), [&](const QString &g) { return globMatch(g, f); }))
                matched << f;
        out.append({split, matched});
    }
    return out;
}

SplitFiles inferSplits(const QStringList &filesIn)
{
    const QStringList files = readable(filesIn);
    // data/{split}-NNNNN-of-NNNNN*.*
    static const QRegularExpression sharded(QStringLiteral("^data/(\\w+)-[0-9]{5}-of-[0-9]{5}[^/]*\\.[^/]+$"), QRegularExpression::UseUnicodePropertiesOption);
    QMap<QString, QStringList> bySplit;
    for (const QString &f : files) {
        const auto m = sharded.match(f);
        if (m.hasMatch())
            bySplit[m.captured(1)] << f;
    }
    SplitFiles out;
    if (!bySplit.isEmpty()) {
        for (const QString &s : kDefaultSplits)
            if (bySplit.contains(s))
                out.append({s, bySplit.take(s)});
        for (auto it = bySplit.begin(); it != bySplit.end(); ++it)
            out.append({it.key(), it.value()});
        return out;
    }
    // Keywords in file names, then in folder names (NON_WORDS_CHARS = "-._ 0-9").
    const QList<QPair<QString, QStringList>> keywords{
        {QStringLiteral("train"), {QStringLiteral("train"), QStringLiteral("training")}},
        {QStringLiteral("validation"), {QStringLiteral("validation"), QStringLiteral("valid"), QStringLiteral("dev"), QStringLiteral("val")}},
        {QStringLiteral("test"), {QStringLiteral("test"), QStringLiteral("testing"), QStringLiteral("eval"), QStringLiteral("evaluation")}}};
    for (const QString &shape : {QStringLiteral("^(.*[-._ 0-9/])?%1[-._ 0-9][^/]*$"), QStringLiteral("^(.*[-._ 0-9/])?%1([-._ 0-9][^/]*)?/.*$")}) {
        SplitFiles found;
        for (const auto &[split, words] : keywords) {
            QStringList matched;
            for (const QString &f : files)
                for (const QString &w : words)
                    if (QRegularExpression(shape.arg(w)).match(f).hasMatch()) {
                        matched << f;
                        break;
                    }
            if (!matched.isEmpty())
                found.append({split, matched});
        }
        if (!found.isEmpty())
            return found;
    }
    if (!files.isEmpty())
        out.append({QStringLiteral("train"), files});
    return out;
}

} // namespace studio::hub::datafiles
