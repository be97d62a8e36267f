#pragma once

#include "hub/hubconfig.h"
#include "hub/hubtypes.h"
#include "hub/httpsession.h"

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace studio::hub {

// A blocking client of the Hugging Face Hub's HTTP API, behaving like
// huggingface_hub: same endpoints and headers (Authorization: Bearer, sent only
// to the endpoint's host; User-Agent dataset-studio/<version>), retries with
// back-off on 408/429/5xx and network errors honouring Retry-After, errors as
// HubError with a message a user can act on. Use one client per thread, on the
// thread that made it (it owns a QNetworkAccessManager and runs its own event
// loop per request), e.g. inside a job's run().
class HubClient final
{
public:
    explicit HubClient(HubConfig config);
    ~HubClient();
    HubClient(const HubClient &) = delete;
    HubClient &operator=(const HubClient &) = delete;

    const HubConfig &config() const { return m_config; }
    // Polled while waiting; true stops transfers (HubError Cancelled), keeping partial files.
    void setCancelCheck(std::function<bool()> cancelled);
    bool isCancelled() const { return m_cancelled && m_cancelled(); }
    HubCache cache(RepoType type, const QString &repoId) const;

    // GET /api/{datasets|models}/{repo}[/revision/{revision}]
    RepoInfo repoInfo(RepoType type, const QString &repoId, const QString &revision = {});
    // GET /api/{type}/{repo}/tree/{revision}[/{path}]?recursive=true, every page (Link rel="next").
    QList<RepoFile> listTree(RepoType type, const QString &repoId, const QString &revision, const QString &path = {},
                             bool recursive = true);
    // GET /api/datasets/{repo}/parquet: {config: {split: [url, …]}}.
    QMap<QString, QMap<QString, QStringList>> parquetListing(const QString &repoId);
    // HEAD on the resolve URL (Accept-Encoding: identity; absolute redirects not followed).
    FileMetadata fileMetadata(RepoType type, const QString &repoId, const QString &revision, const QString &path);
    // The last `length` bytes of a file of `fileSize` bytes (a Range request),
    // e.g. a parquet footer. Follows redirects.
    QByteArray fetchTail(RepoType type, const QString &repoId, const QString &revision, const QString &path,
                         qint64 fileSize, qint64 length);
    // hf_hub_download: the file through the cache (HEAD, then a resumable GET
    // into blobs/{etag}.incomplete, size and sha256 checks, rename, snapshot
    // symlink, ref). Offline (HF_HUB_OFFLINE) or when the Hub cannot be
    // reached, a cached copy is used. `known`: metadata already fetched.
    CachedFile download(RepoType type, const QString &repoId, const QString &revision, const QString &path,
                        const ByteProgress &progress = {}, const FileMetadata *known = nullptr);

    QString resolveUrl(RepoType type, const QString &repoId, const QString &revision, const QString &path) const;
    // "Dataset 'x/y'" / "Model 'x'" for messages.
    static QString repoLabel(RepoType type, const QString &repoId);
    // Checks a repo id as the Hub's validator does ("name" or "org/name");
    // returns the message, or empty when valid.
    static QString validateRepoId(const QString &repoId);

    // Internal plumbing shared with the file downloader.
    struct Request {
        QByteArray method = "GET";
        QUrl url;
        QList<QPair<QByteArray, QByteArray>> headers;
        bool followRedirects = true;       // false: return a 3xx as is (relative ones are still followed)
        int timeoutMs = 0;                 // 0: the metadata timeout
        const HttpSession::Stream *stream = nullptr;
        bool retry = true;
    };
    HttpResponse send(const Request &request);
    // Throws the HubError a failed response means (context for messages).
    struct ErrorContext {
        RepoType type = RepoType::Dataset;
        QString repoId, revision, path;
    };
    [[noreturn]] void throwFor(const HttpResponse &response, const ErrorContext &context) const;
    void sleepWithCancel(qint64 ms) const;
    qint64 backoffMs(int attempt, const HttpResponse &response) const;
    static bool isRetryable(const HttpResponse &response);

private:
    QList<QPair<QByteArray, QByteArray>> headersFor(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &extra) const;
    QByteArray getJson(const QUrl &url, const ErrorContext &context, HttpResponse *out = nullptr);
    QUrl apiUrl(RepoType type, const QString &repoId, const QString &suffix) const;

    HubConfig m_config;
    std::unique_ptr<HttpSession> m_session;
    std::function<bool()> m_cancelled;
};

} // namespace studio::hub
