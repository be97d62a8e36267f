#include "tokenizers/tokenizerresolver.h"

#include "tokenizers/compiledtokenizercache.h"
#include "tokenizers/loadedtokenizers.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace studio::tokenizers {

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw TokenizerError("cannot read " + path.toStdString() + ": " + f.errorString().toStdString());
    return f.readAll();
}

TokenizerResolver::Resolved fromJsonFile(const QString &path)
{
    const CompiledTokenizerCache compiledCache;
    const QString identity = CompiledTokenizerCache::identity(path);
    QString sha256;
    if (auto hit = compiledCache.load(identity)) { // the SHA-256 comes with it: the file is not read
        auto tokenizer = loadedTokenizer([known = hit->sha256] { return known; }, [&hit] { return hit->tokenizer; }, sha256);
        return {std::move(tokenizer), path, sha256};
    }
    const QByteArray bytes = readAll(path);
    auto tokenizer = loadedTokenizer(
        [&bytes] { return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()); },
        [&bytes] { return Tokenizer::fromJson(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))); },
        sha256);
    compiledCache.store(identity, sha256, tokenizer->compiled());
    return {std::move(tokenizer), path, sha256};
}

TokenizerResolver::Resolved fromVocabMerges(const QString &folder)
{
    const QByteArray vocab = readAll(QDir(folder).filePath(QStringLiteral("vocab.json")));
    const QByteArray merges = readAll(QDir(folder).filePath(QStringLiteral("merges.txt")));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(vocab);
    hash.addData(merges);
    return {Tokenizer::fromVocabAndMerges(std::string_view(vocab.constData(), static_cast<std::size_t>(vocab.size())),
                                          std::string_view(merges.constData(), static_cast<std::size_t>(merges.size()))),
            folder, QString::fromLatin1(hash.result().toHex())};
}

// snapshots/<commit>/<file> of a cached model, following refs/main.
QString cachedModelFile(const QString &modelId, const QString &file)
{
    const QString repo = QDir(TokenizerResolver::hubCacheDirectory())
                             .filePath(QStringLiteral("models--") + QString(modelId).replace(QLatin1Char('/'), QStringLiteral("--")));
    QFile ref(QDir(repo).filePath(QStringLiteral("refs/main")));
    QStringList commits;
    if (ref.open(QIODevice::ReadOnly))
        commits << QString::fromLatin1(ref.readAll().trimmed());
    commits << QDir(QDir(repo).filePath(QStringLiteral("snapshots"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time);
    for (const QString &commit : commits) {
        const QString path = QDir(repo).filePath(QStringLiteral("snapshots/") + commit + QLatin1Char('/') + file);
        if (!commit.isEmpty() && QFileInfo::exists(path))
            return path;
    }
    return {};
}

} // namespace

QString TokenizerResolver::hubCacheDirectory()
{
    const QString cache = qEnvironmentVariable("HF_HUB_CACHE");
    if (!cache.isEmpty())
        return cache;
    QString home = qEnvironmentVariable("HF_HOME");
    if (home.isEmpty()) {
        const QString xdg = qEnvironmentVariable("XDG_CACHE_HOME");
        home = (xdg.isEmpty() ? QDir::home().filePath(QStringLiteral(".cache")) : xdg) + QStringLiteral("/huggingface");
    }
    return QDir(home).filePath(QStringLiteral("hub"));
}

TokenizerResolver::Resolved TokenizerResolver::resolve(const QString &name) const
{
    const auto fail = [&](const std::string &reason) -> TokenizerError {
        return TokenizerError("Failed to load tokenizer '" + name.toStdString() + "': " + reason);
    };
    try {
        if (name.trimmed().isEmpty())
            throw fail("no tokenizer given");
        if (name == QLatin1String("gpt2") || name == QLatin1String("openai-community/gpt2")) {
            const QString cached = cachedModelFile(name, QStringLiteral("tokenizer.json"));
            Resolved r = fromJsonFile(cached.isEmpty() ? QStringLiteral(":/tokenizers/gpt2/tokenizer.json") : cached);
            return r;
        }
        const QFileInfo info(name);
        if (info.exists()) {
            if (info.isDir()) {
                const QDir dir(name);
                if (QFileInfo::exists(dir.filePath(QStringLiteral("tokenizer.json"))))
                    return fromJsonFile(dir.filePath(QStringLiteral("tokenizer.json")));
                if (QFileInfo::exists(dir.filePath(QStringLiteral("vocab.json"))) && QFileInfo::exists(dir.filePath(QStringLiteral("merges.txt"))))
                    return fromVocabMerges(name);
                throw fail("the folder has no tokenizer.json (nor vocab.json + merges.txt)");
            }
            return fromJsonFile(name);
        }
        static const QRegularExpression repoId(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$"));
        if (!repoId.match(name).hasMatch() || name.contains(QStringLiteral("..")))
            throw fail("not a file, and not a valid Hugging Face model id");
        QString path = cachedModelFile(name, QStringLiteral("tokenizer.json"));
        if (path.isEmpty() && m_fetch)
            path = m_fetch(name, QStringLiteral("tokenizer.json"));
        if (path.isEmpty())
            throw fail("no such file, and the model is not in the Hugging Face cache (" + hubCacheDirectory().toStdString()
                       + "); download it or give a path to its tokenizer.json");
        return fromJsonFile(path);
    } catch (const TokenizerError &e) {
        const std::string what = e.what();
        if (what.rfind("Failed to load tokenizer", 0) == 0)
            throw;
        throw fail(what);
    }
}

} // namespace studio::tokenizers
