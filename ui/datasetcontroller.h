#pragma once

#include "catalog/records.h"
#include "jobs/tokenizeoptions.h"
#include "progress/progressevent.h"

#include <QFuture>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <mutex>

namespace studio::jobs {
class DatasetService;
}
namespace studio::tokenizers {
class Tokenizer;
}

namespace studio::ui {

// The window's only way into the core. Everything that may touch the disk,
// the catalog or a job (SQLite reads and writes, file checks, deleting,
// loading tokenizers and rows) runs on a small worker pool; results come back
// as signals in the GUI thread. Progress hub events are forwarded through a
// queued connection.
class DatasetController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetController)
public:
    explicit DatasetController(jobs::DatasetService &service, QObject *parent = nullptr);
    ~DatasetController() override; // waits for its own pending calls (never for jobs)

    struct RowsPage {
        qint64 datasetId = 0;
        qint64 first = 0;
        qint64 total = 0;
        QJsonArray schema;
        QList<QJsonObject> rows;
        QString error;
    };
    struct EncodedText {
        quint64 requestId = 0;
        struct Token {
            quint32 id;
            int begin, end; // byte span in the UTF-8 text
            QString piece;  // the token as in the vocabulary
        };
        QList<Token> tokens;
        QByteArray utf8;
        QString error;
    };

    void refresh();
    void importFiles(const QStringList &paths, const QString &format = {});
    void cancelDataset(qint64 datasetId);
    void cancelTokenization(qint64 datasetId, qint64 tokenizationId);
    void retryDataset(qint64 datasetId);
    void deleteDataset(qint64 datasetId);
    void startTokenization(qint64 datasetId, const jobs::TokenizeOptions &options);
    void loadDetail(qint64 datasetId);
    void loadRows(qint64 datasetId, const QString &rowsFolder, qint64 first, qint64 count);
    quint64 encode(const QString &tokenizer, const QString &text, bool addSpecialTokens);

    // Non-blocking (the job manager's in-memory list).
    int runningJobCount() const;
    QList<qint64> runningJobs() const;
    void setMaxConcurrency(int jobs);
    int maxConcurrency() const;
    // At quit: cancel running jobs (cancelJobs) or record them as interrupted
    // so they can be resumed; waits for them to stop.
    void shutdownJobs(bool cancelJobs);
    // Waits for this controller's pending calls (tests, shutdown).
    void waitForPending();

Q_SIGNALS:
    void progressEvent(const studio::progress::ProgressEvent &event);
    void jobsChanged();
    void jobFinished(qint64 jobId, const QString &state, const QString &message);
    void datasetsLoaded(const QList<studio::catalog::DatasetRecord> &datasets);
    void loadFailed(const QString &message);
    void imported(qint64 datasetId, const QString &path);
    void importFailed(const QString &path, const QString &message);
    void actionFailed(qint64 datasetId, const QString &message);
    void deleted(qint64 datasetId);
    void tokenizationStarted(qint64 datasetId, qint64 tokenizationId);
    void tokenizationFailed(qint64 datasetId, const QString &message);
    void detailLoaded(const studio::catalog::DatasetRecord &dataset,
                      const QList<studio::catalog::TokenizationRecord> &tokenizations);
    void rowsLoaded(const studio::ui::DatasetController::RowsPage &page);
    void encoded(const studio::ui::DatasetController::EncodedText &result);

private:
    template <typename Work, typename Done>
    void run(Work work, Done done);
    // Runs `work`; `done` gets its exception's message, or an empty string.
    void runAction(std::function<void()> work, std::function<void(const QString &)> done);
    std::shared_ptr<const tokenizers::Tokenizer> tokenizer(const QString &name);

    jobs::DatasetService &m_service;
    QThreadPool m_pool;
    QList<QFuture<void>> m_pending;
    std::mutex m_tokenizerMutex;
    QHash<QString, std::shared_ptr<const tokenizers::Tokenizer>> m_tokenizers;
    quint64 m_nextRequest = 1;
};

} // namespace studio::ui
