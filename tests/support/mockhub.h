#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace studio::test {

// A mock Hugging Face Hub: a real HTTP/1.1 server on 127.0.0.1 (random port,
// its own thread) serving fixture repos from folders with the Hub's endpoints
// and headers, plus a second "CDN" server LFS files redirect to:
//   GET  /api/{datasets|models}/{repo}[/revision/{rev}]     info (sha, siblings, gated, cardData)
//   GET  /api/{type}/{repo}/tree/{rev}[/{path}]?recursive=  listing, paginated with Link rel="next"
//   GET  /api/datasets/{repo}/parquet[/{config}/{split}/{n}.parquet]   parquet conversion listing
//   HEAD/GET /datasets/{repo}/resolve/{rev}/{path} (models: /{repo}/resolve/…): 200 with ETag
//     (git sha1) for small files; 302 to the CDN for LFS files (.parquet, .arrow, .bin), with
//     X-Linked-Etag (sha256), X-Linked-Size, X-Repo-Commit; Range → 206 / 416
//   errors: X-Error-Code RepoNotFound / RevisionNotFound / EntryNotFound / GatedRepo with
//     401/403/404 and {"error": …}; unknown tokens get 401 "Invalid credentials in Authorization header"
// Faults can be injected per path. Every request is logged.
class MockHub final
{
public:
    MockHub();
    ~MockHub();
    MockHub(const MockHub &) = delete;
    MockHub &operator=(const MockHub &) = delete;

    struct RepoOptions {
        QString gated;             // "", "auto" or "manual"
        bool isPrivate = false;
        QStringList grantedTokens; // tokens with access to a gated/private repo
    };
    // kind: "dataset" or "model". The repo's files are read from `folder` now.
    void addRepo(const QString &kind, const QString &repoId, const QString &folder, const RepoOptions &options);
    void addRepo(const QString &kind, const QString &repoId, const QString &folder) { addRepo(kind, repoId, folder, RepoOptions()); }
    // Tokens the mock knows at all (others are rejected as invalid credentials).
    void setKnownTokens(const QStringList &tokens);
    void setTreePageSize(int entries);
    // Throttles the CDN's response bodies (a slow link; 0: unthrottled).
    void setCdnBytesPerSecond(qint64 bytesPerSecond);
    QString commitOf(const QString &repoId) const;

    bool start();
    QString endpoint() const; // http://127.0.0.1:PORT
    QString cdnUrl() const;

    struct Fault {
        // CloseWithAnswer: the answer and the end of the connection at once (written,
        // then the socket shut for writing), as servers that close after an error do.
        enum Kind { DropMidBody, ServerError, TooManyRequests, Corrupt, SlowFirstByte, Stall, CloseWithAnswer };
        Kind kind = DropMidBody;
        QString pathContains;      // matched against the decoded request path
        QString server;            // "hub", "cdn" or empty for both
        QByteArray method = "GET";
        int times = 1;             // -1: always
        int retryAfterSeconds = 1; // TooManyRequests
        int delayMs = 0;           // SlowFirstByte
        qint64 afterBytes = -1;    // DropMidBody / Stall / Corrupt: bytes of body first (-1: half)
        bool withoutRangeOnly = false; // only requests with no Range header (whole-file GETs)
        QByteArray rangePrefix;        // only requests whose Range header starts with this
    };
    void addFault(const Fault &fault);
    void clearFaults();

    struct Logged {
        QString server;            // "hub" or "cdn"
        QByteArray method;
        QString path;              // decoded path (no query)
        QByteArray target;         // raw request target
        QByteArray range;
        QByteArray authorization;
        QByteArray userAgent;
        int status = 0;
        qint64 bodyBytes = 0;      // body bytes sent (before any drop)
        bool faulted = false;
    };
    QList<Logged> requests() const;
    void clearRequests();

    struct Impl;

private:
    std::unique_ptr<Impl> d;
};

} // namespace studio::test
