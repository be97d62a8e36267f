#include "cli/jobwaiter.h"

#include "cli/stopsignal.h"

#include "jobs/jobmanager.h"
#include "progress/channels.h"
#include "progress/progresshub.h"
#include "studiocontext.h"

#include <QEventLoop>
#include <QTimer>

#include <cstdio>

namespace studio::cli {

JobWaiter::JobWaiter(app::StudioContext &context, qint64 jobId, bool drawProgress)
    : m_context(context)
    , m_jobId(jobId)
    , m_draw(drawProgress)
{
    connect(&context.hub(), &progress::ProgressHub::eventPublished, this, &JobWaiter::onEvent, Qt::QueuedConnection);
}

JobWaiter::~JobWaiter() = default;

QString JobWaiter::wait()
{
    QEventLoop loop;
    connect(&m_context.jobs(), &jobs::JobManager::jobFinished, &loop,
            [this, &loop](qint64 id, const QString &state, const QString &message) {
                if (id != m_jobId)
                    return;
                m_state = state;
                m_message = message;
                loop.quit();
            });
    const StopSignalScope stopSignal;
    QTimer sigintPoll;
    sigintPoll.setInterval(100);
    connect(&sigintPoll, &QTimer::timeout, &loop, [this] {
        if (stopRequested() && !m_interrupted) {
            m_interrupted = true;
            m_context.jobs().cancel(m_jobId);
        }
    });
    sigintPoll.start();
    if (m_context.jobs().isRunningHere(m_jobId))
        loop.exec();
    else
        m_state = QStringLiteral("unknown");
    if (m_drawn)
        clearLine();
    return m_state;
}

void JobWaiter::onEvent(const progress::ProgressEvent &event)
{
    if (!m_draw || event.data.value(QStringLiteral("job_id")).toString() != QString::number(m_jobId))
        return;
    if (event.event == progress::events::Progress)
        draw(event.data.value(QStringLiteral("progress")).toDouble(), event.data.value(QStringLiteral("message")).toString());
}

void JobWaiter::draw(double percent, const QString &message)
{
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(percent / 100.0 * kWidth);
    QString bar = QStringLiteral("\r[") + QString(filled, QLatin1Char('#')) + QString(kWidth - filled, QLatin1Char('.'))
                  + QStringLiteral("] ") + QString::number(percent, 'f', 1).rightJustified(5) + QStringLiteral("% ")
                  + message.left(60);
    const QByteArray utf8 = bar.toUtf8() + "\x1b[K";
    std::fwrite(utf8.constData(), 1, static_cast<size_t>(utf8.size()), stdout);
    std::fflush(stdout);
    m_drawn = true;
}

void JobWaiter::clearLine()
{
    std::fputs("\r\x1b[K", stdout);
    std::fflush(stdout);
}

} // namespace studio::cli
