#pragma once

#include <QObject>
#include <QString>

namespace studio::app {
class StudioContext;
}
namespace studio::progress {
struct ProgressEvent;
}

namespace studio::cli {

// Runs the event loop until one job of this process finishes, drawing a
// progress bar on stdout when it is a terminal. Ctrl-C cancels the job.
class JobWaiter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobWaiter)
public:
    JobWaiter(app::StudioContext &context, qint64 jobId, bool drawProgress);
    ~JobWaiter() override;

    // Returns the job's final state (completed, failed, cancelled, interrupted).
    QString wait();
    QString message() const { return m_message; }
    bool interruptedByUser() const { return m_interrupted; }

private:
    void onEvent(const studio::progress::ProgressEvent &event);
    void draw(double percent, const QString &message);
    void clearLine();

    app::StudioContext &m_context;
    qint64 m_jobId;
    bool m_draw;
    QString m_state;
    QString m_message;
    bool m_interrupted = false;
    bool m_drawn = false;
};

} // namespace studio::cli
