#pragma once

#include <QString>

#include <stdexcept>

namespace studio::hub {

// An error talking to the Hub, reading the cache or parsing a split spec.
// what() / message() is the sentence a user sees; kind() lets callers react.
class HubError : public std::runtime_error
{
public:
    enum class Kind {
        InvalidArgument,   // malformed split spec, repo id, ...
        RepoNotFound,
        RevisionNotFound,
        EntryNotFound,
        Gated,             // 401/403 on a gated repo
        Unauthorized,      // bad token
        Network,           // connection failures, timeouts, 5xx after retries
        Integrity,         // size or sha256 mismatch, corrupt file
        Offline,           // HF_HUB_OFFLINE and not cached
        Storage,           // cache folder not writable, disk full
        Cancelled,
        Other,
    };
    HubError(Kind kind, const QString &message, int httpStatus = 0)
        : std::runtime_error(message.toStdString())
        , m_kind(kind)
        , m_status(httpStatus)
    {}
    Kind kind() const { return m_kind; }
    int httpStatus() const { return m_status; }
    QString message() const { return QString::fromStdString(what()); }

private:
    Kind m_kind;
    int m_status;
};

} // namespace studio::hub
