#pragma once

#include <QString>

#include <memory>
#include <optional>
#include <string>

namespace studio::tokenizers {

class Tokenizer;

// A folder of compiled tokenizers (Tokenizer::compiled), one file per
// tokenizer.json, so loading one again skips parsing its tables: GPT-2 in a
// few ms instead of ~25. A compiled file stands for its source only while
// the source's identity is unchanged — its path, size, modification and
// change times, inode (a resource: its path, size and time) — and the
// program's own (another build may build other tables). It also keeps the
// source's SHA-256, so a hit reads nothing else. Damaged files (checksum,
// structure) are removed and the source is parsed instead; writing is best
// effort (a read-only cache costs only the speed), and keeps the newest
// kKeptFiles.
class CompiledTokenizerCache final
{
public:
    // $DATASET_STUDIO_TOKENIZER_CACHE, else $XDG_CACHE_HOME (~/.cache)/dataset-studio/compiled-tokenizers.
    static QString defaultFolder();
    explicit CompiledTokenizerCache(QString folder = defaultFolder());

    // What must stay the same for a compiled copy of `path` to stand for it;
    // empty when the file cannot be examined.
    static QString identity(const QString &path);

    struct Hit {
        QString sha256; // of the source file's bytes
        std::shared_ptr<const Tokenizer> tokenizer;
    };
    // The compiled tokenizer of a source with this identity, or nothing.
    std::optional<Hit> load(const QString &identity) const;
    // Saves `compiled` for the source (atomically: a reader sees a whole file or none).
    void store(const QString &identity, const QString &sha256, const std::string &compiled) const;

    // The file a source's compiled copy is kept in.
    QString fileFor(const QString &identity) const;

    static constexpr int kKeptFiles = 12;

private:
    void prune() const;

    QString m_folder;
};

} // namespace studio::tokenizers
