#include "hub/filedownloader.h"

#include "hub/filelock.h"
#include "hub/hubclient.h"
#include "hub/huberror.h"
#include "hub/httpheaders.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstring>

namespace studio::hub {

namespace {

QString sizeText(qint64 bytes)
{
    return QString::number(double(bytes) / 1e6, 'f', 1) + QStringLiteral(" MB");
}

void hashFile(QCryptographicHash &hash, QFile &file, qint64 length)
{
    file.seek(0);
    qint64 left = length;
    while (left > 0) {
        const QByteArray chunk = file.read(std::min<qint64>(left, 4 << 20));
        if (chunk.isEmpty())
            break;
        hash.addData(chunk);
        left -= chunk.size();
    }
}

} // namespace

FileDownloader::FileDownloader(HubClient &client, RepoType type, QString repoId)
    : m_client(client)
    , m_type(type)
    , m_repoId(std::move(repoId))
{
}

CachedFile FileDownloader::fromCache(const QString &commit, const QString &path, const QString &etag, qint64 size) const
{
    const HubCache cache = m_client.cache(m_type, m_repoId);
    CachedFile f;
    f.path = cache.snapshotPath(commit, path);
    f.blobPath = etag.isEmpty() ? QFileInfo(f.path).canonicalFilePath() : cache.blobPath(etag);
    f.commit = commit;
    f.etag = etag.isEmpty() ? QFileInfo(f.blobPath).fileName() : etag;
    f.size = size >= 0 ? size : QFileInfo(f.path).size();
    f.fromCache = true;
    return f;
}

CachedFile FileDownloader::run(const QString &revision, const QString &path, const ByteProgress &progress, const FileMetadata *known)
{
    const HubCache cache = m_client.cache(m_type, m_repoId);
    const QString label = HubClient::repoLabel(m_type, m_repoId);
    if (!HubCache::isSafeRelativePath(path))
        throw HubError(HubError::Kind::InvalidArgument, QStringLiteral("'%1' is not a file path inside a repository").arg(path));
    const auto cached = [&]() -> std::optional<CachedFile> {
        const QString p = cache.cachedFile(revision, path);
        if (p.isEmpty())
            return std::nullopt;
        CachedFile f = fromCache(*cache.commitForRevision(revision), path, {}, -1);
        if (progress)
            progress(f.size, f.size);
        return f;
    };
    if (m_client.config().offline) {
        if (auto f = cached())
            return *f;
        throw HubError(HubError::Kind::Offline,
                       QStringLiteral("HF_HUB_OFFLINE is set and '%1' of %2 at revision '%3' is not in the Hugging Face cache (%4); "
                                      "unset HF_HUB_OFFLINE to download it")
                           .arg(path, label, revision, m_client.config().cacheDir));
    }
    FileMetadata meta;
    if (known) {
        meta = *known;
    } else {
        try {
            meta = m_client.fileMetadata(m_type, m_repoId, revision, path);
        } catch (const HubError &e) {
            if (e.kind() == HubError::Kind::Network) // the Hub is unreachable: a cached copy will do
                if (auto f = cached())
                    return *f;
            throw;
        }
    }
    const QString blob = cache.blobPath(meta.etag);
    const auto publish = [&] {
        cache.linkSnapshot(meta.commit, path, meta.etag);
        cache.writeRef(revision, meta.commit);
    };
    const auto complete = [&] { return QFileInfo(blob).isFile() && (meta.size < 0 || QFileInfo(blob).size() == meta.size); };
    if (complete()) {
        publish();
        if (progress)
            progress(QFileInfo(blob).size(), QFileInfo(blob).size());
        return fromCache(meta.commit, path, meta.etag, QFileInfo(blob).size());
    }
    if (!QDir().mkpath(QFileInfo(blob).absolutePath()))
        throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot create %1: check HF_HUB_CACHE / HF_HOME are writable").arg(QFileInfo(blob).absolutePath()));
    qint64 transferred = 0;
    {
        FileLock lock(cache.lockPath(meta.etag), [this] { return m_client.isCancelled(); });
        if (!complete())
            fetch(meta, path, progress, transferred);
    }
    publish();
    CachedFile f = fromCache(meta.commit, path, meta.etag, QFileInfo(blob).size());
    f.fromCache = false;
    f.bytesTransferred = transferred;
    return f;
}

void FileDownloader::fetch(const FileMetadata &meta, const QString &path, const ByteProgress &progress, qint64 &transferred)
{
    const HubCache cache = m_client.cache(m_type, m_repoId);
    const HubConfig &config = m_client.config();
    const QString partPath = cache.incompletePath(meta.etag);
    const QString blob = cache.blobPath(meta.etag);
    const QUrl url = QUrl::fromEncoded(m_client.resolveUrl(m_type, m_repoId, meta.commit, path).toUtf8());
    const HubClient::ErrorContext context{m_type, m_repoId, meta.commit, path};
    qint64 reported = 0;
    const auto report = [&](qint64 done) {
        reported = std::max(reported, done);
        if (progress)
            progress(reported, meta.size);
    };
    bool integrityRestart = false;
    for (int attempt = 1;; ++attempt) {
        QFile part(partPath);
        qint64 offset = part.exists() ? part.size() : 0;
        if (meta.size >= 0 && offset > meta.size) {
            part.remove();
            offset = 0;
        }
        if (!part.open(QIODevice::ReadWrite | QIODevice::Append))
            throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot write %1: %2 (check HF_HUB_CACHE is writable)").arg(partPath, part.errorString()));
        QCryptographicHash sha(QCryptographicHash::Sha256);
        if (meta.isLfs())
            hashFile(sha, part, offset);
        part.seek(part.size());
        report(offset);
        HttpResponse r;
        bool writeFailed = false;
        QString writeError; // taken at the failure: later calls reset errno and errorString()
        bool rangeMismatch = false;
        qint64 written = offset;
        if (meta.size < 0 || offset < meta.size) {
            HttpSession::Stream stream;
            stream.begin = [&](const HttpResponse &head) {
                if (head.status == 206) {
                    const auto range = http::parseContentRange(head.header("Content-Range"));
                    if (!range || range->first != offset) {
                        rangeMismatch = true;
                        return false;
                    }
                    return true;
                }
                if (head.status == 200) {
                    if (offset > 0) { // the server ignored Range: start over
                        part.resize(0);
                        part.seek(0);
                        sha.reset();
                        offset = written = 0;
                    }
                    return true;
                }
                return false;
            };
            stream.chunk = [&](const char *data, qint64 size) {
                if (part.write(data, size) != size) {
                    const int error = errno;
                    writeFailed = true;
                    writeError = error != 0 ? QString::fromLocal8Bit(std::strerror(error)) : part.errorString();
                    return false;
                }
                if (meta.isLfs())
                    sha.addData(QByteArrayView(data, size));
                written += size;
                transferred += size;
                report(written);
                return true;
            };
            HubClient::Request req;
            req.url = url;
            req.headers = {{"Accept-Encoding", "identity"}};
            if (offset > 0)
                req.headers.append({"Range", "bytes=" + QByteArray::number(offset) + '-'});
            req.timeoutMs = config.downloadTimeoutMs;
            req.stream = &stream;
            req.retry = false;
            r = m_client.send(req);
            if (!part.flush() && !writeFailed) {
                writeFailed = true;
                writeError = errno != 0 ? QString::fromLocal8Bit(std::strerror(errno)) : part.errorString();
            }
            if (writeFailed)
                throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot write %1: %2 (is the disk full?); the %3 already "
                                                                       "downloaded are kept and a retry resumes from there")
                                                            .arg(partPath, writeError, sizeText(part.size())));
            if (r.status == 416 || rangeMismatch) { // the partial file does not match the file any more
                part.close();
                QFile::remove(partPath);
                if (attempt >= config.maxAttempts)
                    throw HubError(HubError::Kind::Integrity, QStringLiteral("The Hub refused to resume %1 (%2)").arg(path).arg(r.status));
                continue;
            }
            const bool body = r.status == 200 || r.status == 206;
            if (!body || r.error != QNetworkReply::NoError) {
                if (!HubClient::isRetryable(r) && !(body && r.error != QNetworkReply::NoError))
                    m_client.throwFor(r, context);
                if (attempt >= config.maxAttempts) {
                    if (r.timedOut || (body && r.error != QNetworkReply::NoError))
                        throw HubError(HubError::Kind::Network,
                                       QStringLiteral("Downloading %1 from %2 failed after %3 attempts (%4); the %5 already "
                                                      "downloaded are kept and a retry resumes from there")
                                           .arg(path, QUrl(config.endpoint).host())
                                           .arg(config.maxAttempts)
                                           .arg(r.errorString, sizeText(written)));
                    m_client.throwFor(r, context);
                }
                m_client.sleepWithCancel(m_client.backoffMs(attempt, r));
                continue;
            }
        }
        // Complete: check the size, and the sha256 of LFS files (their ETag).
        const qint64 size = part.size();
        part.close();
        QString problem;
        if (meta.size >= 0 && size != meta.size)
            problem = QStringLiteral("%1 bytes arrived, %2 expected").arg(size).arg(meta.size);
        else if (meta.isLfs() && QString::fromLatin1(sha.result().toHex()) != meta.etag)
            problem = QStringLiteral("its sha256 is %1, the Hub says %2").arg(QString::fromLatin1(sha.result().toHex()), meta.etag);
        if (!problem.isEmpty()) {
            QFile::remove(partPath); // corrupt: resuming it would only keep the damage
            if (!integrityRestart && attempt < config.maxAttempts) {
                integrityRestart = true;
                continue;
            }
            throw HubError(HubError::Kind::Integrity, QStringLiteral("%1 of %2 was damaged in transit (%3); it was discarded, "
                                                                     "retry the download")
                                                          .arg(path, HubClient::repoLabel(m_type, m_repoId), problem));
        }
        QFile::remove(blob);
        if (!QFile::rename(partPath, blob))
            throw HubError(HubError::Kind::Storage, QStringLiteral("Cannot move %1 to %2 in the Hugging Face cache").arg(partPath, blob));
        report(size);
        return;
    }
}

} // namespace studio::hub
