#pragma once

#include "hub/hubcache.h"

#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

namespace studio::hub {

// A file of a repository, from the info's siblings, the tree or the cache.
struct RepoFile {
    QString path;
    qint64 size = -1;    // -1: unknown
    QString blobId;      // git oid (small files)
    QString lfsSha256;   // LFS files: the sha256, which is also their ETag
};

struct RepoInfo {
    QString id;
    QString sha;         // the commit the revision points at
    bool isPrivate = false;
    QString gated;       // "", "auto" or "manual"
    QJsonObject cardData;
    QList<RepoFile> siblings;
};

// What a HEAD on a resolve URL tells (huggingface_hub's get_hf_file_metadata).
struct FileMetadata {
    QString commit;      // X-Repo-Commit
    QString etag;        // X-Linked-Etag or ETag, without W/ and quotes
    qint64 size = -1;    // X-Linked-Size or Content-Length
    QString location;    // where the bytes are (a CDN for LFS files)
    bool isLfs() const;  // the etag is a sha256
};

// A file in the cache after download() (or found there).
struct CachedFile {
    QString path;        // snapshots/{commit}/{path}
    QString blobPath;
    QString commit;
    QString etag;
    qint64 size = 0;
    bool fromCache = false;
    qint64 bytesTransferred = 0; // this call's bytes over the network
};

// Bytes of one file so far and its size; called often while bytes arrive,
// and never with a smaller `done` than before for the same file.
using ByteProgress = std::function<void(qint64 done, qint64 total)>;

} // namespace studio::hub
