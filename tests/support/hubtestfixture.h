#pragma once

// Shared set-up of the Hub tests: a mock Hub serving the TinyStories-shaped
// fixture and the gpt2 tokenizer repo, a scratch Hugging Face cache and data
// directory, and the environment that points the CLI at them.
#include "mockhub.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

namespace studio::test {

inline const QString kTinyStories = QStringLiteral("roneneldan/TinyStories");

inline QString tinyStoriesFolder()
{
    return dataPath(QStringLiteral("hub/datasets/roneneldan/TinyStories"));
}

// DuckDB's row counts of the fixture's shards (tests/data/hub/ROWS.json).
inline QJsonObject fixtureRows()
{
    return QJsonDocument::fromJson(readFile(dataPath(QStringLiteral("hub/ROWS.json")))).object();
}

inline qint64 shardRows(const QString &path)
{
    return fixtureRows().value(path).toObject().value(QStringLiteral("rows")).toInteger();
}

inline QStringList trainShards()
{
    QStringList out;
    for (const QString &k : fixtureRows().keys())
        if (k.startsWith(QLatin1String("data/train-")))
            out << k;
    out.sort();
    return out;
}

inline qint64 fileSize(const QString &repoPath)
{
    return QFile(QDir(tinyStoriesFolder()).filePath(repoPath)).size();
}

struct HubTestbed {
    MockHub hub;
    QTemporaryDir scratch;
    QString cacheDir() const { return scratch.filePath(QStringLiteral("hf/hub")); }
    QString dataDir() const { return scratch.filePath(QStringLiteral("data")); }

    bool start()
    {
        hub.addRepo(QStringLiteral("dataset"), kTinyStories, tinyStoriesFolder());
        hub.addRepo(QStringLiteral("model"), QStringLiteral("gpt2"), QStringLiteral(STUDIO_SOURCE_DIR "/resources/tokenizers/gpt2"));
        hub.addRepo(QStringLiteral("model"), QStringLiteral("acme/tiny-gpt2"), QStringLiteral(STUDIO_SOURCE_DIR "/resources/tokenizers/gpt2"));
        MockHub::RepoOptions gated;
        gated.gated = QStringLiteral("manual");
        gated.grantedTokens = {QStringLiteral("hf_granted")};
        hub.addRepo(QStringLiteral("dataset"), QStringLiteral("acme/gated-stories"), tinyStoriesFolder(), gated);
        hub.setKnownTokens({QStringLiteral("hf_granted"), QStringLiteral("hf_pending")});
        return scratch.isValid() && hub.start();
    }
    QStringList env(const QStringList &extra = {}) const
    {
        return QStringList{QStringLiteral("HF_ENDPOINT=") + hub.endpoint(), QStringLiteral("HF_HOME=") + scratch.filePath(QStringLiteral("hf")),
                           QStringLiteral("HF_HUB_CACHE=") + cacheDir(), QStringLiteral("HF_TOKEN="), QStringLiteral("HF_HUB_OFFLINE="),
                           QStringLiteral("HF_HUB_DOWNLOAD_TIMEOUT=5"), QStringLiteral("HF_HUB_ETAG_TIMEOUT=5")}
            + extra;
    }
    CliResult cli(QStringList args, const QStringList &extraEnv = {}, int timeoutMs = 120000) const
    {
        args << QStringLiteral("--data-dir") << dataDir();
        return runCli(args, timeoutMs, env(extraEnv));
    }
    // Commands without a data directory (tokenizer encode).
    CliResult tool(const QStringList &args, const QStringList &extraEnv = {}) const { return runCli(args, 120000, env(extraEnv)); }
    QString blobPath(const QString &repoPath) const
    {
        const QByteArray bytes = readFile(QDir(tinyStoriesFolder()).filePath(repoPath));
        return cacheDir() + QStringLiteral("/datasets--roneneldan--TinyStories/blobs/")
            + QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    }
};

} // namespace studio::test
