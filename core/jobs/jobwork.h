#pragma once

#include <QJsonObject>
#include <QString>
#include <QVariantMap>

#include <functional>
#include <stdexcept>

namespace studio::catalog {
class Catalog;
}

namespace studio::jobs {

class JobContext;

// A job failed; what() is the message the user sees on the card and in the CLI.
class JobFailure : public std::runtime_error
{
public:
    explicit JobFailure(const QString &message)
        : std::runtime_error(message.toStdString())
    {}
    QString message() const { return QString::fromStdString(what()); }
};

// Thrown by JobContext::throwIfCancelled(); the manager records `cancelled`.
class JobCancelled : public std::exception
{
public:
    const char *what() const noexcept override { return "cancelled"; }
};

// What a successful job hands back. The manager applies the fields and marks
// the job completed in one catalog transaction, so "ready" is never written
// before the job's files are complete.
struct JobOutcome {
    QVariantMap datasetFields;      // applied to the dataset row
    QVariantMap tokenizationFields; // applied to the tokenization row (tokenize jobs)
    QJsonObject eventData;          // merged into the `completed` event
    QString message;                // e.g. "Dataset imported successfully"
    // Runs after the outcome is committed (e.g. to retire what it replaces).
    std::function<void(catalog::Catalog &)> onCommitted;
};

// The work of one job kind. run() executes on a pool thread; it reports
// through the context, checks cancellation often, and throws JobFailure with
// an actionable message on error. It must leave no partial output visible:
// write under temporary names and rename at the end.
class JobWork
{
public:
    virtual ~JobWork() = default;
    // Dataset status while the job runs: "processing" or "downloading".
    virtual QString runningStatus() const = 0;
    virtual JobOutcome run(JobContext &context) = 0;
    // Called after failure or cancellation: remove this job's temporary files
    // (and only this job's).
    virtual void discardPartialOutput() {}
};

} // namespace studio::jobs
