#pragma once

#include <QString>

namespace studio::jobs {

// Marks this process as alive for other Dataset Studio processes sharing the
// data directory: <dataDir>/run/<instance>.lock, held with flock() for the
// life of the object. The kernel drops the lock when the process dies, even by
// SIGKILL, so a job whose owner's lock can be taken was orphaned.
class InstanceLock final
{
public:
    explicit InstanceLock(const QString &dataDir);
    ~InstanceLock();
    InstanceLock(const InstanceLock &) = delete;
    InstanceLock &operator=(const InstanceLock &) = delete;

    const QString &instanceId() const { return m_id; }

    // True when the process that created `instanceId` still runs. A dead
    // owner's lock file is removed.
    static bool isAlive(const QString &dataDir, const QString &instanceId);
    // The pid written in an owner's lock file (0 if unknown).
    static qint64 ownerPid(const QString &dataDir, const QString &instanceId);

private:
    QString m_id;
    QString m_path;
    int m_fd = -1;
};

} // namespace studio::jobs
