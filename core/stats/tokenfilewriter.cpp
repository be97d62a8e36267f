#include "stats/tokenfilewriter.h"

#include "stats/tokenids.h"

#include "formats/bufferedfile.h"
#include "formats/formaterror.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

#include <array>
#include <cstring>
#include <stdexcept>

namespace studio::stats {

TokenFileWriter::TokenFileWriter(const QString &folder, std::size_t vocabSize, bool withMask)
    : m_folder(folder)
    , m_wide(vocabSize > 65536)
{
    if (!QDir().mkpath(folder))
        throw formats::FormatError(QStringLiteral("Cannot create %1: check the data directory is writable").arg(folder));
    const QDir dir(folder);
    // Training code reads these much later: no use filling the page cache with them.
    constexpr auto kCaching = formats::BufferedFile::Caching::Direct;
    constexpr std::size_t kBuffer = 4u << 20;
    m_bin = std::make_unique<formats::BufferedFile>(dir.filePath(QStringLiteral("tokens.bin")), kCaching, kBuffer);
    m_idx = std::make_unique<formats::BufferedFile>(dir.filePath(QStringLiteral("tokens.idx")), kCaching);
    if (withMask)
        m_mask = std::make_unique<formats::BufferedFile>(dir.filePath(QStringLiteral("attention_mask.bin")), kCaching);
    const std::array<std::int32_t, 256> placeholder{};
    m_bin->write(std::string_view(reinterpret_cast<const char *>(placeholder.data()), sizeof placeholder));
}

TokenFileWriter::~TokenFileWriter() = default;

namespace {

template<typename T>
std::string_view bytesOf(const T *p, std::size_t n)
{
    return std::string_view(reinterpret_cast<const char *>(p), n * sizeof(T));
}

} // namespace

void TokenFileWriter::appendSequences(std::span<const std::uint32_t> ids,
                                      std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths)
{
    if (m_wide) {
        m_bin->write(bytesOf(ids.data(), ids.size()));
    } else {
        std::uint16_t narrow[512];
        for (std::size_t at = 0; at < ids.size();) {
            const std::size_t n = std::min<std::size_t>(512, ids.size() - at);
            narrowTokenIds(ids.data() + at, n, narrow);
            m_bin->write(bytesOf(narrow, n));
            at += n;
        }
    }
    appendLengths(lengths);
}

void TokenFileWriter::appendSequences(std::span<const std::uint16_t> narrowed,
                                      std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths)
{
    if (m_wide)
        throw std::logic_error("16-bit ids for a token file of 32-bit ids");
    m_bin->write(bytesOf(narrowed.data(), narrowed.size()));
    appendLengths(lengths);
}

void TokenFileWriter::appendLengths(std::span<const std::pair<std::uint32_t, std::uint32_t>> lengths)
{
    for (const auto &[count, real] : lengths) {
        m_idx->writeU64(m_tokens);
        if (m_mask) {
            for (std::size_t i = 0; i < count; ++i)
                m_mask->writeByte(i < real ? 1 : 0);
        }
        m_tokens += count;
        ++m_sequences;
    }
}

void TokenFileWriter::finish(const QJsonObject &meta)
{
    m_idx->writeU64(m_tokens);
    std::array<std::int32_t, 256> header{};
    header[0] = kMagic;
    header[1] = m_wide ? 2 : 1;
    header[2] = m_tokens <= 0x7fffffffULL ? static_cast<std::int32_t>(m_tokens) : -1;
    header[3] = static_cast<std::int32_t>(m_tokens & 0xffffffffULL);
    header[4] = static_cast<std::int32_t>(m_tokens >> 32);
    // The header goes in before the file is synced, so a published folder never has a placeholder one.
    m_bin->close(std::string_view(reinterpret_cast<const char *>(header.data()), sizeof header));
    m_idx->close();
    if (m_mask)
        m_mask->close();
    QSaveFile file(QDir(m_folder).filePath(QStringLiteral("meta.json")));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(meta).toJson()) < 0 || !file.commit())
        throw formats::FormatError(QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()));
}

} // namespace studio::stats
