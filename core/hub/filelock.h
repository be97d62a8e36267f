#pragma once

#include <QString>

#include <functional>

namespace studio::hub {

// An exclusive flock() on a lock file, as huggingface_hub (filelock) takes on
// {cache}/.locks/{repo}/{etag}.lock while it writes a blob. Polls so that a
// cancelled job stops waiting; releases on destruction.
class FileLock final
{
public:
    // Throws HubError(Storage) if the lock file cannot be created, or
    // HubError(Cancelled) when `cancelled` returns true while waiting.
    FileLock(const QString &path, const std::function<bool()> &cancelled);
    ~FileLock();
    FileLock(const FileLock &) = delete;
    FileLock &operator=(const FileLock &) = delete;

private:
    int m_fd = -1;
};

} // namespace studio::hub
