#pragma once

#include "hub/hubtypes.h"

namespace studio::hub {

class HubClient;

// hf_hub_download for one file: cache lookup, HEAD, a GET into
// blobs/{etag}.incomplete that resumes with Range (206 + Content-Range; a 200
// starts over; a 416 drops a stale partial), retries with back-off, size and
// sha256 checks, then rename into blobs/, the snapshot symlink and the ref.
// Interrupted transfers keep the .incomplete file, so a later run resumes it.
class FileDownloader final
{
public:
    FileDownloader(HubClient &client, RepoType type, QString repoId);
    CachedFile run(const QString &revision, const QString &path, const ByteProgress &progress, const FileMetadata *known);

private:
    CachedFile fromCache(const QString &commit, const QString &path, const QString &etag, qint64 size) const;
    void fetch(const FileMetadata &meta, const QString &path, const ByteProgress &progress, qint64 &transferred);

    HubClient &m_client;
    RepoType m_type;
    QString m_repoId;
};

} // namespace studio::hub
