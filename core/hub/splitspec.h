#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace studio::hub {

// A split specification as the `datasets` library reads it
// (datasets.arrow_reader.ReadInstruction.from_spec), e.g. "train[:1%]",
// "train[10:200]", "train[:10%]+validation[-5%:]", "validation[:1%](pct1_dropremainder)".
//   SPEC := SUB (\s*+\s* SUB)*
//   SUB  := SPLIT ('[' (FROM)? ':' (TO)? ']')? ('(' ROUNDING ')')?
// Same grammar, rounding (round half to even) and error messages.
class SplitSpec final
{
public:
    enum class Rounding { Closest, Pct1DropRemainder };
    struct Part {
        QString split;
        std::optional<qint64> from, to;
        bool percent = false;
        std::optional<Rounding> rounding; // set (Closest by default) iff percent
    };
    struct Range {             // rows [first, last) of one split
        QString split;
        qint64 first = 0;
        qint64 last = 0;
        qint64 count() const { return last > first ? last - first : 0; }
    };

    // Throws HubError(InvalidArgument) with datasets' message, e.g.
    // "Unrecognized instruction format: train[::]".
    static SplitSpec parse(const QString &spec);
    // The message parse() would throw, or empty when the spec is valid (for a form field).
    static QString validate(const QString &spec);

    const QString &text() const { return m_text; }
    const QList<Part> &parts() const { return m_parts; }
    // Split names in first-use order, without repeats.
    QStringList splits() const;

    // Absolute row ranges given each split's row count (insertion order kept
    // for the "Should be one of" list). Throws HubError(InvalidArgument):
    // 'Unknown split "x". Should be one of ['train', 'validation'].', the
    // pct1_dropremainder small-split error, and 'Instruction "…" corresponds to
    // no data!' when the ranges select no row at all.
    QList<Range> resolve(const QList<QPair<QString, qint64>> &splitRows) const;
    // The same for one split's rows, without the "no data" check.
    static Range resolvePart(const Part &part, qint64 numRows);

private:
    QString m_text;
    QList<Part> m_parts;
};

} // namespace studio::hub
