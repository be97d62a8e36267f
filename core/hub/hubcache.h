#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace studio::hub {

enum class RepoType { Dataset, Model };

// One repository's folder in the Hugging Face file cache, laid out exactly as
// huggingface_hub lays it out (file_download.py), so files are shared both ways:
//   {cache}/datasets--{org}--{name}/            (models--{org}--{name})
//     blobs/{etag}                the file, named by its blob id
//     blobs/{etag}.incomplete     a download in progress (resumable across runs)
//     refs/{revision}             the commit (40 hex, no newline); refs/refs/convert/parquet nests
//     snapshots/{commit}/{path}   relative symlink to ../../blobs/{etag} (one more ../ per folder)
//     .no_exist/{commit}/{path}   empty marker: the file is known not to exist
//   {cache}/.locks/datasets--{org}--{name}/{etag}.lock   flock while a blob is written
class HubCache final
{
public:
    HubCache(QString cacheDir, RepoType type, QString repoId);

    // "datasets--org--name" / "models--org--name".
    static QString repoFolderName(RepoType type, const QString &repoId);
    static bool isCommitHash(const QString &revision);

    const QString &cacheDir() const { return m_cacheDir; }
    QString repoDir() const;
    QString blobPath(const QString &etag) const;
    QString incompletePath(const QString &etag) const;
    QString lockPath(const QString &etag) const;
    QString refPath(const QString &revision) const;
    QString snapshotDir(const QString &commit) const;
    QString snapshotPath(const QString &commit, const QString &path) const;
    QString noExistPath(const QString &commit, const QString &path) const;

    // The commit a revision names in the cache: refs/{revision}, or the
    // revision itself when it is a commit hash with a snapshot folder.
    std::optional<QString> commitForRevision(const QString &revision) const;
    // Writes refs/{revision} (temp file + rename). Throws HubError(Storage).
    void writeRef(const QString &revision, const QString &commit) const;
    // Points snapshots/{commit}/{path} at blobs/{etag} with a relative symlink
    // (replacing an existing one). Throws HubError(Storage).
    void linkSnapshot(const QString &commit, const QString &path, const QString &etag) const;
    void markNoExist(const QString &commit, const QString &path) const;
    bool isKnownMissing(const QString &commit, const QString &path) const;

    // Offline resolution: the local path of `path` at `revision`, if cached.
    QString cachedFile(const QString &revision, const QString &path) const;
    // Files of a snapshot, relative paths with '/', sorted.
    QStringList snapshotFiles(const QString &commit) const;

    // Repo paths are relative, '/'-separated and never escape the folder.
    static bool isSafeRelativePath(const QString &path);

private:
    QString m_cacheDir;
    RepoType m_type;
    QString m_repoId;
};

} // namespace studio::hub
