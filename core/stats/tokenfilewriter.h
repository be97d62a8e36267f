#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <span>
#include <utility>

namespace studio::formats {
class BufferedFile;
}

namespace studio::stats {

// Writes the token files training code reads directly, into one folder:
//   tokens.bin  llm.c layout: a header of 256 little-endian int32 — [0] magic
//               20240520, [1] version (1: uint16 tokens, 2: uint32 tokens),
//               [2] token count (-1 when it exceeds int32; then [3] and [4]
//               hold the count's low and high 32 bits) — then the tokens.
//   tokens.idx  little-endian uint64 start offsets (in tokens) of every
//               sequence, plus one final entry: the total.
//   attention_mask.bin  one byte per token (1 real, 0 padding), only when padded.
//   meta.json   what produced them (written by finish()).
// Write errors (disk full, file size limit) throw FormatError.
class TokenFileWriter final
{
public:
    static constexpr std::int32_t kMagic = 20240520;

    TokenFileWriter(const QString &folder, std::size_t vocabSize, bool withMask);
    ~TokenFileWriter();

    // Sequences one after another: `ids` holds them all, `lengths` each one's
    // (written, real) counts: `written` ids of which the first `real` are real
    // tokens (the rest padding).
    void appendSequences(std::span<const std::uint32_t> ids, std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths);
    // The same with the ids already narrowed to 16 bits (a file that is not
    // wide): written as they are.
    void appendSequences(std::span<const std::uint16_t> narrowed,
                         std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths);
    void finish(const QJsonObject &meta);

    bool wide() const { return m_wide; }
    std::uint64_t tokenCount() const { return m_tokens; }
    std::uint64_t sequenceCount() const { return m_sequences; }

private:
    void appendLengths(std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths);

    QString m_folder;
    bool m_wide;
    std::unique_ptr<formats::BufferedFile> m_bin, m_idx, m_mask;
    std::uint64_t m_tokens = 0, m_sequences = 0;
};

} // namespace studio::stats
