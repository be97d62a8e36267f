#include "hub/hubclient.h"

#include "hub/filedownloader.h"
#include "hub/huberror.h"
#include "hub/httpheaders.h"
#include "util/version.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QThread>

namespace studio::hub {

namespace {

QString encodePath(const QString &path)
{
    QStringList parts;
    for (const QString &p : path.split(QLatin1Char('/')))
        parts << QString::fromLatin1(QUrl::toPercentEncoding(p));
    return parts.join(QLatin1Char('/'));
}

QString encodeSegment(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}

QString typePlural(RepoType type)
{
    return type == RepoType::Dataset ? QStringLiteral("datasets") : QStringLiteral("models");
}

RepoFile fileFromJson(const QJsonObject &o, const QString &pathKey)
{
    RepoFile f;
    f.path = o.value(pathKey).toString();
    f.size = o.value(QStringLiteral("size")).toInteger(-1);
    f.blobId = o.value(QStringLiteral("oid")).toString(o.value(QStringLiteral("blobId")).toString());
    const QJsonObject lfs = o.value(QStringLiteral("lfs")).toObject();
    if (!lfs.isEmpty()) {
        f.lfsSha256 = lfs.value(QStringLiteral("sha256")).toString(lfs.value(QStringLiteral("oid")).toString());
        f.size = lfs.value(QStringLiteral("size")).toInteger(f.size);
    }
    return f;
}

} // namespace

bool FileMetadata::isLfs() const
{
    static const QRegularExpression sha256(QStringLiteral("^[0-9a-f]{64}$"));
    return sha256.match(etag).hasMatch();
}

HubClient::HubClient(HubConfig config)
    : m_config(std::move(config))
    , m_session(std::make_unique<HttpSession>())
{
}

HubClient::~HubClient() = default;

void HubClient::setCancelCheck(std::function<bool()> cancelled)
{
    m_cancelled = cancelled;
    m_session->setCancelCheck(std::move(cancelled));
}

HubCache HubClient::cache(RepoType type, const QString &repoId) const
{
    return HubCache(m_config.cacheDir, type, repoId);
}

QString HubClient::repoLabel(RepoType type, const QString &repoId)
{
    return (type == RepoType::Dataset ? QStringLiteral("Dataset '") : QStringLiteral("Model '")) + repoId + QLatin1Char('\'');
}

QString HubClient::validateRepoId(const QString &repoId)
{
    // huggingface_hub.utils.validate_repo_id
    static const QRegularExpression re(QStringLiteral("^(\\b[\\w\\-.]+\\b/)?\\b[\\w\\-.]{1,96}\\b$"));
    if (repoId.isEmpty())
        return QStringLiteral("No repository id given: use the form 'name' or 'org/name' (e.g. roneneldan/TinyStories)");
    if (repoId.count(QLatin1Char('/')) > 1 || !re.match(repoId).hasMatch() || repoId.contains(QStringLiteral("--"))
        || repoId.contains(QStringLiteral("..")) || repoId.endsWith(QStringLiteral(".git")))
        return QStringLiteral("'%1' is not a valid repository id: use 'name' or 'org/name' with letters, digits, "
                              "'-', '_' and '.' (e.g. roneneldan/TinyStories)")
            .arg(repoId);
    return {};
}

QUrl HubClient::apiUrl(RepoType type, const QString &repoId, const QString &suffix) const
{
    return QUrl::fromEncoded((m_config.endpoint + QStringLiteral("/api/") + typePlural(type) + QLatin1Char('/') + repoId + suffix).toUtf8());
}

QString HubClient::resolveUrl(RepoType type, const QString &repoId, const QString &revision, const QString &path) const
{
    const QString prefix = type == RepoType::Dataset ? QStringLiteral("/datasets/") : QStringLiteral("/");
    return m_config.endpoint + prefix + repoId + QStringLiteral("/resolve/") + encodeSegment(revision) + QLatin1Char('/')
        + encodePath(path);
}

QList<QPair<QByteArray, QByteArray>> HubClient::headersFor(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &extra) const
{
    QList<QPair<QByteArray, QByteArray>> h{{"User-Agent", userAgent().toUtf8()}};
    // The token goes to the Hub only, never to a CDN a redirect leads to.
    const QUrl endpoint(m_config.endpoint);
    if (!m_config.token.isEmpty() && url.host() == endpoint.host() && url.port(-1) == endpoint.port(-1)
        && url.scheme() == endpoint.scheme())
        h.append({"Authorization", "Bearer " + m_config.token.toUtf8()});
    h += extra;
    return h;
}

bool HubClient::isRetryable(const HttpResponse &r)
{
    if (r.cancelled || r.error == QNetworkReply::HostNotFoundError) // an unknown host name does not come back by waiting
        return false;
    if (r.status == 0 || r.error != QNetworkReply::NoError) // no answer, or the body broke off
        return true;
    return r.status == 408 || r.status == 429 || (r.status >= 500 && r.status <= 599);
}

qint64 HubClient::backoffMs(int attempt, const HttpResponse &r) const
{
    if (const auto s = http::parseRetryAfterSeconds(r.header("Retry-After"), QDateTime::currentDateTimeUtc()))
        return std::min<qint64>(*s, 60) * 1000;
    qint64 ms = m_config.backoffMs;
    for (int i = 1; i < attempt && ms < m_config.maxBackoffMs; ++i)
        ms *= 2;
    return std::min<qint64>(ms, m_config.maxBackoffMs);
}

void HubClient::sleepWithCancel(qint64 ms) const
{
    for (qint64 slept = 0; slept < ms; slept += 50) {
        if (isCancelled())
            throw HubError(HubError::Kind::Cancelled, QStringLiteral("cancelled"));
        QThread::msleep(static_cast<unsigned long>(std::min<qint64>(50, ms - slept)));
    }
}

HttpResponse HubClient::send(const Request &request)
{
    const int timeout = request.timeoutMs > 0 ? request.timeoutMs : m_config.metadataTimeoutMs;
    for (int attempt = 1;; ++attempt) {
        QUrl url = request.url;
        HttpResponse r;
        for (int hop = 0; hop < 10; ++hop) {
            r = m_session->send(request.method, url, headersFor(url, request.headers), timeout, request.stream);
            if (request.method == "HEAD" && r.status == 0 && r.error == QNetworkReply::RemoteHostClosedError) {
                // Qt loses the answer to a HEAD that gets a 401 (the Hub's "repository
                // not found") when the server closes the connection right after it.
                // One byte by GET carries the same headers, in an answer Qt keeps.
                auto headers = headersFor(url, request.headers);
                headers.append(qMakePair(QByteArray("Range"), QByteArray("bytes=0-0")));
                r = m_session->send("GET", url, headers, timeout, request.stream);
            }
            if (r.status < 300 || r.status > 399 || r.header("Location").isEmpty())
                break;
            const QUrl location = QUrl::fromEncoded(r.header("Location"));
            if (!request.followRedirects && !location.host().isEmpty())
                break; // an absolute redirect (a CDN): the caller wants its headers
            url = url.resolved(location);
        }
        if (r.cancelled)
            throw HubError(HubError::Kind::Cancelled, QStringLiteral("cancelled"));
        if (!request.retry || !isRetryable(r) || attempt >= m_config.maxAttempts)
            return r;
        sleepWithCancel(backoffMs(attempt, r));
    }
}

void HubClient::throwFor(const HttpResponse &r, const ErrorContext &c) const
{
    using K = HubError::Kind;
    const QString what = repoLabel(c.type, c.repoId);
    const QString host = QUrl(m_config.endpoint).host();
    if (r.cancelled)
        throw HubError(K::Cancelled, QStringLiteral("cancelled"));
    if (r.status == 0 || r.error != QNetworkReply::NoError) {
        if (r.timedOut)
            throw HubError(K::Network, QStringLiteral("The Hugging Face Hub at %1 did not answer (%2) after %3 attempts; "
                                                      "check your connection, or set HF_HUB_OFFLINE=1 to use the cache")
                                           .arg(m_config.endpoint, r.errorString)
                                           .arg(m_config.maxAttempts));
        throw HubError(K::Network, QStringLiteral("Cannot reach the Hugging Face Hub at %1: %2 (after %3 attempts); "
                                                  "check your connection and HF_ENDPOINT, or set HF_HUB_OFFLINE=1 to use the cache")
                                       .arg(m_config.endpoint, r.errorString)
                                       .arg(m_config.maxAttempts));
    }
    const QByteArray code = r.header("X-Error-Code");
    QString serverMessage = QString::fromUtf8(r.header("X-Error-Message"));
    if (serverMessage.isEmpty())
        serverMessage = http::errorFromBody(r.body);
    const QString repoUrl = m_config.endpoint + (c.type == RepoType::Dataset ? QStringLiteral("/datasets/") : QStringLiteral("/")) + c.repoId;
    const QString tokenFrom = m_config.tokenSource.isEmpty() ? QString() : QStringLiteral(" (from %1)").arg(m_config.tokenSource);
    if (code == "RevisionNotFound")
        throw HubError(K::RevisionNotFound, QStringLiteral("Revision '%1' not found in %2 (check --revision: a branch, tag or commit of the repository)")
                                                .arg(c.revision, what.left(1).toLower() + what.mid(1)), r.status);
    if (code == "EntryNotFound")
        throw HubError(K::EntryNotFound, QStringLiteral("File '%1' not found in %2 at revision '%3'")
                                             .arg(c.path, what.left(1).toLower() + what.mid(1), c.revision), r.status);
    if (code == "GatedRepo") {
        const QString kind = c.type == RepoType::Dataset ? QStringLiteral("dataset") : QStringLiteral("model");
        if (r.status == 403 && !m_config.token.isEmpty())
            throw HubError(K::Gated, QStringLiteral("Access denied: this %1 is gated and your token%2 has not been granted access to %3 yet. "
                                                    "Request access at %4 and retry once it is approved")
                                         .arg(kind, tokenFrom, c.repoId, repoUrl), r.status);
        throw HubError(K::Gated, QStringLiteral("Access denied: this %1 is gated. Request access at %2, then pass an access "
                                                "token with --token or HF_TOKEN")
                                     .arg(kind, repoUrl), r.status);
    }
    if (r.status == 401 && !m_config.token.isEmpty()
        && (serverMessage.contains(QStringLiteral("Invalid credentials"), Qt::CaseInsensitive)
            || serverMessage.contains(QStringLiteral("Invalid username or password"), Qt::CaseInsensitive)))
        throw HubError(K::Unauthorized, QStringLiteral("The Hub at %1 rejected the access token%2: %3. Check the token "
                                                       "(huggingface.co/settings/tokens), or leave it out for public datasets")
                                            .arg(host, tokenFrom, serverMessage), r.status);
    if (code == "RepoNotFound" || r.status == 401 || (r.status == 404 && c.path.isEmpty() && code.isEmpty()))
        throw HubError(K::RepoNotFound, QStringLiteral("%1 not found on %2 (check the repository id; a private or gated one "
                                                       "needs an access token: --token or HF_TOKEN)")
                                            .arg(what, m_config.endpoint), r.status);
    if (r.status == 404)
        throw HubError(K::EntryNotFound, QStringLiteral("File '%1' not found in %2 at revision '%3'")
                                             .arg(c.path, what.left(1).toLower() + what.mid(1), c.revision), r.status);
    if (r.status == 429)
        throw HubError(K::Network, QStringLiteral("The Hub is rate-limiting requests (429 Too Many Requests) after %1 attempts; "
                                                  "wait a few minutes and retry%2")
                                       .arg(m_config.maxAttempts)
                                       .arg(m_config.token.isEmpty() ? QStringLiteral(" (an access token raises the limit)") : QString()),
                       r.status);
    if (r.status >= 500)
        throw HubError(K::Network, QStringLiteral("The Hub answered %1 for %2 after %3 attempts; try again later%4")
                                       .arg(r.status)
                                       .arg(r.url.toDisplayString())
                                       .arg(m_config.maxAttempts)
                                       .arg(serverMessage.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(serverMessage)),
                       r.status);
    if (r.status == 403)
        throw HubError(K::Unauthorized, QStringLiteral("Access denied to %1 (403)%2").arg(what, serverMessage.isEmpty() ? QString() : QStringLiteral(": ") + serverMessage), r.status);
    throw HubError(K::Other, QStringLiteral("The Hub answered %1 for %2%3")
                                 .arg(r.status)
                                 .arg(r.url.toDisplayString(), serverMessage.isEmpty() ? QString() : QStringLiteral(": ") + serverMessage),
                   r.status);
}

QByteArray HubClient::getJson(const QUrl &url, const ErrorContext &context, HttpResponse *out)
{
    if (m_config.offline)
        throw HubError(HubError::Kind::Offline, QStringLiteral("HF_HUB_OFFLINE is set: cannot ask the Hub about %1").arg(repoLabel(context.type, context.repoId)));
    Request req;
    req.url = url;
    const HttpResponse r = send(req);
    if (r.status != 200)
        throwFor(r, context);
    if (out)
        *out = r;
    return r.body;
}

RepoInfo HubClient::repoInfo(RepoType type, const QString &repoId, const QString &revision)
{
    const QString suffix = revision.isEmpty() ? QString() : QStringLiteral("/revision/") + encodeSegment(revision);
    const QByteArray body = getJson(apiUrl(type, repoId, suffix), {type, repoId, revision, {}});
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    if (o.isEmpty())
        throw HubError(HubError::Kind::Other, QStringLiteral("The Hub sent an unreadable answer about %1").arg(repoLabel(type, repoId)));
    RepoInfo info;
    info.id = o.value(QStringLiteral("id")).toString(repoId);
    info.sha = o.value(QStringLiteral("sha")).toString();
    info.isPrivate = o.value(QStringLiteral("private")).toBool();
    const QJsonValue gated = o.value(QStringLiteral("gated"));
    info.gated = gated.isString() ? gated.toString() : QString();
    info.cardData = o.value(QStringLiteral("cardData")).toObject();
    for (const QJsonValue &v : o.value(QStringLiteral("siblings")).toArray())
        info.siblings.append(fileFromJson(v.toObject(), QStringLiteral("rfilename")));
    return info;
}

QList<RepoFile> HubClient::listTree(RepoType type, const QString &repoId, const QString &revision, const QString &path, bool recursive)
{
    QString suffix = QStringLiteral("/tree/") + encodeSegment(revision.isEmpty() ? QStringLiteral("main") : revision);
    if (!path.isEmpty())
        suffix += QLatin1Char('/') + encodePath(path);
    QUrl url = apiUrl(type, repoId, suffix + (recursive ? QStringLiteral("?recursive=true&expand=false") : QString()));
    QList<RepoFile> files;
    for (int page = 0; page < 100000 && url.isValid() && !url.isEmpty(); ++page) {
        HttpResponse r;
        const QByteArray body = getJson(url, {type, repoId, revision, path}, &r);
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isArray())
            throw HubError(HubError::Kind::Other, QStringLiteral("The Hub sent an unreadable file listing for %1").arg(repoLabel(type, repoId)));
        for (const QJsonValue &v : doc.array()) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("type")).toString() == QLatin1String("file"))
                files.append(fileFromJson(o, QStringLiteral("path")));
        }
        const QString next = http::nextLink(r.header("Link"));
        url = next.isEmpty() ? QUrl() : r.url.resolved(QUrl(next));
    }
    return files;
}

QMap<QString, QMap<QString, QStringList>> HubClient::parquetListing(const QString &repoId)
{
    const QByteArray body = getJson(apiUrl(RepoType::Dataset, repoId, QStringLiteral("/parquet")), {RepoType::Dataset, repoId, {}, {}});
    QMap<QString, QMap<QString, QStringList>> out;
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    for (auto c = o.begin(); c != o.end(); ++c) {
        const QJsonObject splits = c.value().toObject();
        for (auto s = splits.begin(); s != splits.end(); ++s)
            for (const QJsonValue &u : s.value().toArray())
                out[c.key()][s.key()].append(u.toString());
    }
    return out;
}

FileMetadata HubClient::fileMetadata(RepoType type, const QString &repoId, const QString &revision, const QString &path)
{
    if (m_config.offline)
        throw HubError(HubError::Kind::Offline, QStringLiteral("HF_HUB_OFFLINE is set and %1 of %2 is not in the cache (%3)")
                                                    .arg(path, repoLabel(type, repoId), m_config.cacheDir));
    Request req;
    req.method = "HEAD";
    req.url = QUrl::fromEncoded(resolveUrl(type, repoId, revision, path).toUtf8());
    req.headers = {{"Accept-Encoding", "identity"}};
    req.followRedirects = false;
    const HttpResponse r = send(req);
    if (r.status < 200 || r.status > 399) {
        if (r.status == 404 && r.header("X-Error-Code") == "EntryNotFound" && !r.header("X-Repo-Commit").isEmpty())
            cache(type, repoId).markNoExist(QString::fromLatin1(r.header("X-Repo-Commit")), path);
        throwFor(r, {type, repoId, revision, path});
    }
    FileMetadata m;
    m.commit = QString::fromLatin1(r.header("X-Repo-Commit"));
    m.etag = http::normalizeEtag(r.header("X-Linked-Etag").isEmpty() ? r.header("ETag") : r.header("X-Linked-Etag"));
    m.size = http::parseSize(r.header("X-Linked-Size").isEmpty() ? r.header("Content-Length") : r.header("X-Linked-Size")).value_or(-1);
    if (r.status == 206 && r.header("X-Linked-Size").isEmpty()) {
        const auto range = http::parseContentRange(r.header("Content-Range"));
        m.size = range ? range->total : -1;
    }
    m.location = r.header("Location").isEmpty() ? r.url.toString() : r.url.resolved(QUrl::fromEncoded(r.header("Location"))).toString();
    if (m.commit.isEmpty() || m.etag.isEmpty() || !HubCache::isSafeRelativePath(m.etag) || m.etag.contains(QLatin1Char('/')))
        throw HubError(HubError::Kind::Other, QStringLiteral("The Hub at %1 sent no commit or ETag for %2 of %3: is HF_ENDPOINT a Hugging Face Hub?")
                                                  .arg(m_config.endpoint, path, repoLabel(type, repoId)));
    return m;
}

QByteArray HubClient::fetchTail(RepoType type, const QString &repoId, const QString &revision, const QString &path,
                                qint64 fileSize, qint64 length)
{
    length = std::min(length, fileSize);
    Request req;
    req.url = QUrl::fromEncoded(resolveUrl(type, repoId, revision, path).toUtf8());
    req.headers = {{"Accept-Encoding", "identity"}, {"Range", "bytes=" + QByteArray::number(fileSize - length) + '-'}};
    const HttpResponse r = send(req);
    if (r.error != QNetworkReply::NoError)
        throwFor(r, {type, repoId, revision, path});
    if (r.status == 206) {
        const auto range = http::parseContentRange(r.header("Content-Range"));
        if (!range || range->first != fileSize - length || r.body.size() != length)
            throw HubError(HubError::Kind::Integrity, QStringLiteral("The Hub sent a wrong byte range for the end of %1 (%2)")
                                                          .arg(path, QString::fromLatin1(r.header("Content-Range"))));
        return r.body;
    }
    if (r.status == 200 && r.body.size() == fileSize)
        return r.body.right(length);
    if (r.status == 200)
        throw HubError(HubError::Kind::Integrity, QStringLiteral("%1 is %2 bytes on the Hub, not the %3 announced").arg(path).arg(r.body.size()).arg(fileSize));
    throwFor(r, {type, repoId, revision, path});
}

CachedFile HubClient::download(RepoType type, const QString &repoId, const QString &revision, const QString &path,
                               const ByteProgress &progress, const FileMetadata *known)
{
    return FileDownloader(*this, type, repoId).run(revision, path, progress, known);
}

} // namespace studio::hub
