#include "tokenizers/compiledtokenizercache.h"

#include "tokenizers/binarytables.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cstring>
#include <sys/stat.h>

namespace studio::tokenizers {

namespace {

constexpr char kMagic[8] = {'D', 'S', 'C', 'T', 'O', 'K', '0', '1'};

// A fast checksum (four multiply-xor lanes, ~10 GB/s) against damaged files:
// the layout's own checks catch what is out of bounds, this what is not.
std::uint64_t checksum(std::string_view s)
{
    constexpr std::uint64_t k1 = 0x9E3779B97F4A7C15ULL, k2 = 0xbf58476d1ce4e5b9ULL;
    std::uint64_t lanes[4] = {k1, k2, k1 ^ k2, k1 + k2};
    std::size_t i = 0;
    for (; i + 32 <= s.size(); i += 32) {
        for (int k = 0; k < 4; ++k) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + i + 8 * k, 8);
            lanes[k] = (lanes[k] ^ w) * k2;
            lanes[k] ^= lanes[k] >> 31;
        }
    }
    std::uint64_t h = s.size() * k1;
    for (const std::uint64_t lane : lanes)
        h = (h ^ lane) * k1 + (h >> 29);
    for (; i < s.size(); ++i)
        h = (h ^ static_cast<unsigned char>(s[i])) * k2;
    return h ^ (h >> 32);
}

QString statIdentity(const QString &path)
{
    struct stat st{};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return QStringLiteral("%1|%2|%3.%4|%5.%6|%7|%8")
        .arg(path)
        .arg(qint64(st.st_size))
        .arg(qint64(st.st_mtim.tv_sec))
        .arg(qint64(st.st_mtim.tv_nsec))
        .arg(qint64(st.st_ctim.tv_sec))
        .arg(qint64(st.st_ctim.tv_nsec))
        .arg(quint64(st.st_ino))
        .arg(quint64(st.st_dev));
}

} // namespace

QString CompiledTokenizerCache::defaultFolder()
{
    const QString set = qEnvironmentVariable("DATASET_STUDIO_TOKENIZER_CACHE");
    if (!set.isEmpty())
        return set;
    const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
    return (xdg.isEmpty() ? QDir::home().filePath(QStringLiteral(".cache")) : xdg)
           + QStringLiteral("/dataset-studio/compiled-tokenizers");
}

CompiledTokenizerCache::CompiledTokenizerCache(QString folder)
    : m_folder(std::move(folder))
{
}

QString CompiledTokenizerCache::identity(const QString &path)
{
    // This build: its tables may differ from another's.
    static const QString program = statIdentity(QStringLiteral("/proc/self/exe"));
    if (program.isEmpty())
        return {};
    if (path.startsWith(QLatin1Char(':'))) { // compiled into this program
        const QFileInfo info(path);
        return info.exists() ? QStringLiteral("qrc|%1|%2|%3").arg(path).arg(info.size()).arg(program) : QString();
    }
    const QString canonical = QFileInfo(path).canonicalFilePath();
    const QString source = canonical.isEmpty() ? QString() : statIdentity(canonical);
    return source.isEmpty() ? QString() : QStringLiteral("file|%1|%2").arg(source, program);
}

QString CompiledTokenizerCache::fileFor(const QString &identity) const
{
    const QByteArray key = QCryptographicHash::hash(identity.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    return QDir(m_folder).filePath(QString::fromLatin1(key) + QStringLiteral(".bin"));
}

std::optional<CompiledTokenizerCache::Hit> CompiledTokenizerCache::load(const QString &identity) const
{
    if (identity.isEmpty())
        return std::nullopt;
    QFile file(fileFor(identity));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const qint64 size = file.size();
    const uchar *mapped = size > 0 ? file.map(0, size) : nullptr;
    if (!mapped)
        return std::nullopt;
    std::string_view bytes(reinterpret_cast<const char *>(mapped), static_cast<std::size_t>(size));
    const auto damaged = [&]() -> std::optional<Hit> {
        file.close();
        QFile::remove(fileFor(identity));
        return std::nullopt;
    };
    std::uint64_t sum = 0;
    if (bytes.size() < sizeof kMagic + sizeof sum || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0)
        return damaged();
    bytes.remove_prefix(sizeof kMagic);
    binary::get(bytes, sum);
    if (checksum(bytes) != sum)
        return damaged();
    std::string storedIdentity, sha256;
    if (!binary::getBytes(bytes, storedIdentity) || !binary::getBytes(bytes, sha256) || sha256.size() != 64)
        return damaged();
    if (storedIdentity != identity.toStdString())
        return std::nullopt; // another source with the same file name: not ours to remove
    try {
        return Hit{QString::fromStdString(sha256), Tokenizer::fromCompiled(bytes)};
    } catch (const TokenizerError &) {
        return damaged();
    }
}

void CompiledTokenizerCache::store(const QString &identity, const QString &sha256, const std::string &compiled) const
{
    if (identity.isEmpty() || compiled.empty() || !QDir().mkpath(m_folder))
        return;
    std::string body;
    body.reserve(compiled.size() + 256);
    const std::string id = identity.toStdString(), sha = sha256.toStdString();
    binary::putArray(body, id.data(), id.size());
    binary::putArray(body, sha.data(), sha.size());
    body += compiled;
    std::string head(kMagic, sizeof kMagic);
    binary::put(head, checksum(body));
    QSaveFile out(fileFor(identity));
    if (!out.open(QIODevice::WriteOnly))
        return;
    out.write(head.data(), qint64(head.size()));
    out.write(body.data(), qint64(body.size()));
    if (out.commit()) // or nothing is left behind
        prune();
}

void CompiledTokenizerCache::prune() const
{
    // Each program build and each tokenizer leaves its own files (GPT-2's is
    // 6.7 MB): the newest few stay, and what a killed writer left behind goes.
    QDir dir(m_folder);
    const QFileInfoList files = dir.entryInfoList(QDir::Files, QDir::Time);
    int kept = 0;
    const QDateTime hourAgo = QDateTime::currentDateTimeUtc().addSecs(-3600);
    for (const QFileInfo &f : files) {
        const bool compiled = f.suffix() == QLatin1String("bin");
        if (compiled ? ++kept > kKeptFiles : f.lastModified() < hourAgo)
            QFile::remove(f.filePath());
    }
}

} // namespace studio::tokenizers
