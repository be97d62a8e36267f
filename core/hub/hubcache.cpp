#include "hub/hubcache.h"

#include "hub/huberror.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>

#include <unistd.h>

namespace studio::hub {

namespace {

HubError storageError(const QString &what, const QString &path, const QString &why)
{
    return HubError(HubError::Kind::Storage,
                    QStringLiteral("Cannot %1 %2 in the Hugging Face cache: %3 (check HF_HUB_CACHE / HF_HOME and free space)")
                        .arg(what, path, why));
}

} // namespace

HubCache::HubCache(QString cacheDir, RepoType type, QString repoId)
    : m_cacheDir(std::move(cacheDir))
    , m_type(type)
    , m_repoId(std::move(repoId))
{
}

QString HubCache::repoFolderName(RepoType type, const QString &repoId)
{
    QStringList parts{type == RepoType::Dataset ? QStringLiteral("datasets") : QStringLiteral("models")};
    parts += repoId.split(QLatin1Char('/'));
    return parts.join(QStringLiteral("--"));
}

bool HubCache::isCommitHash(const QString &revision)
{
    static const QRegularExpression re(QStringLiteral("^[0-9a-f]{40}$"));
    return re.match(revision).hasMatch();
}

bool HubCache::isSafeRelativePath(const QString &path)
{
    if (path.isEmpty() || path.startsWith(QLatin1Char('/')) || path.contains(QLatin1Char('\\')) || path.contains(QChar(0)))
        return false;
    for (const QString &part : path.split(QLatin1Char('/')))
        if (part.isEmpty() || part == QLatin1String(".") || part == QLatin1String(".."))
            return false;
    return true;
}

QString HubCache::repoDir() const
{
    return QDir(m_cacheDir).filePath(repoFolderName(m_type, m_repoId));
}

QString HubCache::blobPath(const QString &etag) const
{
    return repoDir() + QStringLiteral("/blobs/") + etag;
}

QString HubCache::incompletePath(const QString &etag) const
{
    return blobPath(etag) + QStringLiteral(".incomplete");
}

QString HubCache::lockPath(const QString &etag) const
{
    return QDir(m_cacheDir).filePath(QStringLiteral(".locks/") + repoFolderName(m_type, m_repoId) + QLatin1Char('/') + etag
                                     + QStringLiteral(".lock"));
}

QString HubCache::refPath(const QString &revision) const
{
    return repoDir() + QStringLiteral("/refs/") + revision;
}

QString HubCache::snapshotDir(const QString &commit) const
{
    return repoDir() + QStringLiteral("/snapshots/") + commit;
}

QString HubCache::snapshotPath(const QString &commit, const QString &path) const
{
    return snapshotDir(commit) + QLatin1Char('/') + path;
}

QString HubCache::noExistPath(const QString &commit, const QString &path) const
{
    return repoDir() + QStringLiteral("/.no_exist/") + commit + QLatin1Char('/') + path;
}

std::optional<QString> HubCache::commitForRevision(const QString &revision) const
{
    QFile ref(refPath(revision));
    if (ref.open(QIODevice::ReadOnly)) {
        const QString commit = QString::fromLatin1(ref.readAll()).trimmed();
        if (isCommitHash(commit))
            return commit;
    }
    if (isCommitHash(revision) && QFileInfo(snapshotDir(revision)).isDir())
        return revision;
    return std::nullopt;
}

void HubCache::writeRef(const QString &revision, const QString &commit) const
{
    if (revision == commit)
        return; // huggingface_hub writes no ref for a commit hash
    const QString path = refPath(revision);
    if (commitForRevision(revision) == commit)
        return;
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        throw storageError(QStringLiteral("create the folder of"), path, QStringLiteral("mkdir failed"));
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(commit.toLatin1()) != commit.size() || !f.commit())
        throw storageError(QStringLiteral("write"), path, f.errorString());
}

void HubCache::linkSnapshot(const QString &commit, const QString &path, const QString &etag) const
{
    const QString link = snapshotPath(commit, path);
    const QString linkDir = QFileInfo(link).absolutePath();
    if (!QDir().mkpath(linkDir))
        throw storageError(QStringLiteral("create"), linkDir, QStringLiteral("mkdir failed"));
    // os.path.relpath(blob, dirname(link)): ../../blobs/{etag}, one more ../ per folder level.
    const QString target = QDir(linkDir).relativeFilePath(blobPath(etag));
    const QFileInfo existing(link);
    if (existing.isSymLink() && existing.symLinkTarget() == QFileInfo(blobPath(etag)).absoluteFilePath())
        return;
    if (existing.exists() || existing.isSymLink())
        QFile::remove(link);
    const QByteArray t = QFile::encodeName(target);
    const QByteArray l = QFile::encodeName(link);
    if (::symlink(t.constData(), l.constData()) != 0)
        throw storageError(QStringLiteral("link"), link, QString::fromLocal8Bit(strerror(errno)));
}

void HubCache::markNoExist(const QString &commit, const QString &path) const
{
    const QString marker = noExistPath(commit, path);
    QDir().mkpath(QFileInfo(marker).absolutePath());
    QFile f(marker);
    if (f.open(QIODevice::WriteOnly))
        f.close();
}

bool HubCache::isKnownMissing(const QString &commit, const QString &path) const
{
    return QFileInfo::exists(noExistPath(commit, path));
}

QString HubCache::cachedFile(const QString &revision, const QString &path) const
{
    const auto commit = commitForRevision(revision);
    if (!commit)
        return {};
    const QString p = snapshotPath(*commit, path);
    return QFileInfo(p).isFile() ? p : QString(); // isFile follows the symlink: the blob is there
}

QStringList HubCache::snapshotFiles(const QString &commit) const
{
    QStringList out;
    const QString root = snapshotDir(commit);
    QDirIterator it(root, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString p = it.next();
        if (QFileInfo(p).isFile())
            out << QDir(root).relativeFilePath(p);
    }
    out.sort();
    return out;
}

} // namespace studio::hub
