#include "datasetcontroller.h"

#include "catalog/catalog.h"
#include "formats/datasetrows.h"
#include "jobs/datasetservice.h"
#include "jobs/jobmanager.h"
#include "progress/progresshub.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizerresolver.h"

#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <stdexcept>

namespace studio::ui {

using catalog::DatasetRecord;
using catalog::JobRecord;
using catalog::TokenizationRecord;

namespace {

QString messageOf(const std::exception_ptr &e)
{
    try {
        std::rethrow_exception(e);
    } catch (const std::exception &ex) {
        return QString::fromUtf8(ex.what());
    } catch (...) {
        return QStringLiteral("Unexpected error");
    }
}

} // namespace

DatasetController::DatasetController(jobs::DatasetService &service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
    qRegisterMetaType<studio::progress::ProgressEvent>();
    m_pool.setMaxThreadCount(2);
    connect(&service.hub(), &progress::ProgressHub::eventPublished, this, &DatasetController::progressEvent,
            Qt::QueuedConnection);
    connect(&service.jobs(), &jobs::JobManager::jobStarted, this, &DatasetController::jobsChanged, Qt::QueuedConnection);
    connect(&service.jobs(), &jobs::JobManager::jobFinished, this, &DatasetController::jobFinished, Qt::QueuedConnection);
    connect(&service.jobs(), &jobs::JobManager::jobFinished, this, &DatasetController::jobsChanged, Qt::QueuedConnection);
}

DatasetController::~DatasetController()
{
    m_pool.waitForDone();
}

template <typename Work, typename Done>
void DatasetController::run(Work work, Done done)
{
    using Result = decltype(work());
    QFuture<void> f = QtConcurrent::run(&m_pool, std::move(work)).then(this, [done = std::move(done)](Result r) { done(std::move(r)); });
    m_pending.removeIf([](const QFuture<void> &p) { return p.isFinished(); });
    m_pending.append(f);
}

void DatasetController::waitForPending()
{
    m_pool.waitForDone();
}

void DatasetController::refresh()
{
    struct R {
        QList<DatasetRecord> datasets;
        QString error;
    };
    run([this] {
        R r;
        try {
            r.datasets = m_service.catalog().datasets();
        } catch (...) {
            r.error = messageOf(std::current_exception());
        }
        return r;
    }, [this](R r) {
        if (r.error.isEmpty())
            Q_EMIT datasetsLoaded(r.datasets);
        else
            Q_EMIT loadFailed(r.error);
    });
}

void DatasetController::importFiles(const QStringList &paths, const QString &format)
{
    for (const QString &path : paths) {
        struct R {
            qint64 id = 0;
            QString error;
        };
        run([this, path, format] {
            R r;
            try {
                r.id = m_service.importLocal(path, format).datasetId;
            } catch (...) {
                r.error = messageOf(std::current_exception());
            }
            return r;
        }, [this, path](R r) {
            if (r.error.isEmpty())
                Q_EMIT imported(r.id, path);
            else
                Q_EMIT importFailed(path, r.error);
        });
    }
}

void DatasetController::runAction(std::function<void()> work, std::function<void(const QString &)> done)
{
    run([work = std::move(work)] {
        try {
            work();
        } catch (...) {
            return messageOf(std::current_exception());
        }
        return QString();
    }, std::move(done));
}

void DatasetController::cancelDataset(qint64 datasetId)
{
    runAction([this, datasetId] {
        bool any = false;
        for (const JobRecord &job : m_service.catalog().jobsForDataset(datasetId)) {
            if (job.tokenizationId == 0 && !catalog::jobstate::isFinished(job.state)) {
                m_service.jobs().cancel(job.id);
                any = true;
            }
        }
        if (!any)
            throw std::runtime_error(tr("Dataset %1 has no running job to cancel").arg(datasetId).toStdString());
    }, [this, datasetId](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT actionFailed(datasetId, error);
    });
}

void DatasetController::cancelTokenization(qint64 datasetId, qint64 tokenizationId)
{
    runAction([this, datasetId, tokenizationId] {
        for (const JobRecord &job : m_service.catalog().jobsForDataset(datasetId)) {
            if (job.tokenizationId == tokenizationId && !catalog::jobstate::isFinished(job.state))
                m_service.jobs().cancel(job.id);
        }
    }, [this, datasetId](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT tokenizationFailed(datasetId, error);
    });
}

void DatasetController::retryDataset(qint64 datasetId)
{
    runAction([this, datasetId] { m_service.retryDataset(datasetId); }, [this, datasetId](const QString &error) {
        if (!error.isEmpty())
            Q_EMIT actionFailed(datasetId, error);
    });
}

void DatasetController::deleteDataset(qint64 datasetId)
{
    runAction([this, datasetId] { m_service.deleteDataset(datasetId); }, [this, datasetId](const QString &error) {
        if (error.isEmpty())
            Q_EMIT deleted(datasetId);
        else
            Q_EMIT actionFailed(datasetId, error);
    });
}

void DatasetController::startTokenization(qint64 datasetId, const jobs::TokenizeOptions &options)
{
    struct R {
        qint64 id = 0;
        QString error;
    };
    run([this, datasetId, options] {
        R r;
        try {
            r.id = m_service.startTokenization(datasetId, options).tokenizationId;
        } catch (...) {
            r.error = messageOf(std::current_exception());
        }
        return r;
    }, [this, datasetId](R r) {
        if (r.error.isEmpty())
            Q_EMIT tokenizationStarted(datasetId, r.id);
        else
            Q_EMIT tokenizationFailed(datasetId, r.error);
    });
}

void DatasetController::loadDetail(qint64 datasetId)
{
    struct R {
        std::optional<DatasetRecord> dataset;
        QList<TokenizationRecord> tokenizations;
        QString error;
    };
    run([this, datasetId] {
        R r;
        try {
            r.dataset = m_service.catalog().dataset(datasetId);
            r.tokenizations = m_service.catalog().tokenizations(datasetId);
        } catch (...) {
            r.error = messageOf(std::current_exception());
        }
        return r;
    }, [this, datasetId](R r) {
        if (r.dataset)
            Q_EMIT detailLoaded(*r.dataset, r.tokenizations);
        else
            Q_EMIT actionFailed(datasetId, r.error.isEmpty() ? tr("Dataset %1 no longer exists").arg(datasetId) : r.error);
    });
}

void DatasetController::loadRows(qint64 datasetId, const QString &rowsFolder, qint64 first, qint64 count)
{
    run([datasetId, rowsFolder, first, count] {
        RowsPage page;
        page.datasetId = datasetId;
        page.first = first;
        try {
            const auto rows = formats::DatasetRows::open(rowsFolder);
            page.total = rows->rowCount();
            page.schema = rows->schema();
            page.rows = rows->rows(first, count);
        } catch (...) {
            page.error = messageOf(std::current_exception());
        }
        return page;
    }, [this](RowsPage page) { Q_EMIT rowsLoaded(page); });
}

std::shared_ptr<const tokenizers::Tokenizer> DatasetController::tokenizer(const QString &name)
{
    {
        std::lock_guard lock(m_tokenizerMutex);
        const auto it = m_tokenizers.constFind(name);
        if (it != m_tokenizers.constEnd())
            return *it;
    }
    auto t = tokenizers::TokenizerResolver().resolve(name).tokenizer;
    std::lock_guard lock(m_tokenizerMutex);
    m_tokenizers.insert(name, t);
    return t;
}

quint64 DatasetController::encode(const QString &tokenizerName, const QString &text, bool addSpecialTokens)
{
    const quint64 id = m_nextRequest++;
    run([this, id, tokenizerName, text, addSpecialTokens] {
        EncodedText r;
        r.requestId = id;
        r.utf8 = text.toUtf8();
        try {
            const auto t = tokenizer(tokenizerName);
            const auto tokens = t->encodeWithOffsets(std::string_view(r.utf8.constData(), size_t(r.utf8.size())), addSpecialTokens);
            r.tokens.reserve(qsizetype(tokens.size()));
            for (const auto &tok : tokens)
                r.tokens.append({tok.id, int(tok.begin), int(tok.end), QString::fromStdString(t->idToToken(tok.id))});
        } catch (...) {
            r.error = messageOf(std::current_exception());
        }
        return r;
    }, [this](EncodedText r) { Q_EMIT encoded(r); });
    return id;
}

int DatasetController::runningJobCount() const
{
    return int(m_service.jobs().activeJobs().size());
}

QList<qint64> DatasetController::runningJobs() const
{
    return m_service.jobs().activeJobs();
}

void DatasetController::setMaxConcurrency(int jobs)
{
    m_service.jobs().setMaxConcurrency(jobs);
}

int DatasetController::maxConcurrency() const
{
    return m_service.jobs().maxConcurrency();
}

void DatasetController::shutdownJobs(bool cancelJobs)
{
    m_pool.waitForDone();
    if (cancelJobs) {
        for (qint64 id : m_service.jobs().activeJobs())
            m_service.jobs().cancel(id);
        m_service.jobs().waitForIdle(10000);
    }
    m_service.jobs().shutdown();
}

} // namespace studio::ui
