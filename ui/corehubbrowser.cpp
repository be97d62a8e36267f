#include "corehubbrowser.h"

#include "hub/hubclient.h"
#include "hub/hubconfig.h"
#include "hub/hubdatasets.h"
#include "hub/huberror.h"
#include "hub/splitspec.h"
#include "jobs/datasetservice.h"
#include "jobs/jobwork.h"
#include "settingsdialog.h"
#include "textformat.h"

#include <QDir>
#include <QPointer>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>

namespace studio::ui {

namespace {

QString pyRepr(const QString &s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}

// "train rows 0–51 of 5,171 (1 file from the Hub)", from the spec resolved
// against the split sizes the plan counted.
QString describe(const hub::SlicePlan &plan)
{
    QStringList parts;
    const hub::ConfigInfo *config = plan.layout.config(plan.config);
    QList<QPair<QString, qint64>> splitRows;
    if (config)
        for (const hub::SplitInfo &s : config->splits)
            splitRows.append({s.name, s.rows()});
    try {
        for (const hub::SplitSpec::Range &r : hub::SplitSpec::parse(plan.splitSpec).resolve(splitRows)) {
            const qint64 of = config && config->split(r.split) ? config->split(r.split)->rows() : -1;
            if (r.count() <= 0 || of < 0)
                continue;
            parts << QObject::tr("%1 rows %2–%3 of %4")
                         .arg(r.split, TextFormat::count(r.first), TextFormat::count(r.last - 1), TextFormat::count(of));
        }
    } catch (const hub::HubError &) {
        // Row counts still unknown (JSON Lines shards): only the files are described.
    }
    QString text = parts.join(QStringLiteral(" + "));
    const int shards = int(plan.shardsToFetch().size());
    text += (text.isEmpty() ? QString() : QStringLiteral(" ")) + (shards == 1 ? QObject::tr("(1 file from the Hub") : QObject::tr("(%1 files from the Hub").arg(shards));
    const qint64 cached = plan.bytesTotal() - plan.bytesToDownload();
    if (cached > 0)
        text += QObject::tr(", %1 already cached").arg(TextFormat::bytes(cached));
    text += QLatin1Char(')');
    if (plan.countAfterDownload)
        text += QObject::tr(". Rows are counted after the download.");
    return text;
}

} // namespace

CoreHubBrowser::CoreHubBrowser(jobs::DatasetService &service, QString dataDir, QObject *parent)
    : HubBrowser(parent)
    , m_service(service)
    , m_dataDir(std::move(dataDir))
{
    m_pool.setMaxThreadCount(2);
}

CoreHubBrowser::~CoreHubBrowser()
{
    m_stopping.store(true);
    m_pool.waitForDone();
}

QString CoreHubBrowser::endpointSetting()
{
    return QSettings().value(SettingsDialog::hubEndpointKey()).toString().trimmed();
}

hub::HubConfig CoreHubBrowser::config(const QString &token)
{
    hub::HubConfig c = hub::HubConfig::fromEnvironment();
    QString endpoint = endpointSetting();
    while (endpoint.endsWith(QLatin1Char('/')))
        endpoint.chop(1);
    if (!endpoint.isEmpty())
        c.endpoint = endpoint;
    const QString t = hub::HubConfig::cleanToken(token);
    if (!t.isEmpty()) {
        c.token = t;
        c.tokenSource = QStringLiteral("--token");
    }
    return c;
}

QString CoreHubBrowser::validateRepoId(const QString &repoId) const
{
    return hub::HubClient::validateRepoId(repoId.trimmed());
}

QString CoreHubBrowser::validateSplitSpec(const QString &spec, const QStringList &splits) const
{
    try {
        const hub::SplitSpec parsed = hub::SplitSpec::parse(spec);
        if (splits.isEmpty() || spec == QLatin1String("all"))
            return {};
        for (const QString &name : parsed.splits()) {
            if (!splits.contains(name)) {
                QStringList names;
                for (const QString &s : splits)
                    names << pyRepr(s);
                return QStringLiteral("Unknown split \"%1\". Should be one of [%2].").arg(name, names.join(QStringLiteral(", ")));
            }
        }
        return {};
    } catch (const hub::HubError &e) {
        return e.message();
    }
}

void CoreHubBrowser::run(const QString &token, Work work, std::function<void(const QString &)> failed)
{
    const hub::HubConfig cfg = config(token); // QSettings read here, on the owner's thread
    const QString indexDir = QDir(m_dataDir).filePath(QStringLiteral("hub-index"));
    QPointer<CoreHubBrowser> self(this);
    (void)QtConcurrent::run(&m_pool, [this, self, cfg, indexDir, work = std::move(work), failed = std::move(failed)] {
        QString error;
        try {
            hub::HubClient client(cfg);
            client.setCancelCheck([this] { return m_stopping.load(); });
            work(client, indexDir);
            return;
        } catch (const hub::HubError &e) {
            error = e.message();
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (!m_stopping.load())
            QMetaObject::invokeMethod(self, [failed, error] { failed(error); }, Qt::QueuedConnection);
    });
}

quint64 CoreHubBrowser::fetchInfo(const QString &repoIdIn, const QString &revision, const QString &token)
{
    const quint64 id = ++m_nextId;
    const QString repoId = repoIdIn.trimmed();
    run(token, [this, id, repoId, revision](hub::HubClient &client, const QString &indexDir) {
        hub::HubDatasets datasets(client, indexDir);
        hub::DatasetLayout layout = datasets.layout(repoId, revision);
        const hub::RepoInfo repo = client.repoInfo(hub::RepoType::Dataset, repoId, layout.commit);
        DatasetInfo info;
        info.repoId = repoId;
        info.revision = layout.commit;
        info.gated = !repo.gated.isEmpty();
        for (const hub::ConfigInfo &c : std::as_const(layout.configs)) {
            QStringList names;
            for (const hub::SplitInfo &s : c.splits)
                names << s.name;
            datasets.countRows(layout, c.name, names);
        }
        for (const hub::ConfigInfo &c : std::as_const(layout.configs)) {
            Config config{c.name, {}};
            for (const hub::SplitInfo &s : c.splits)
                config.splits.append(Split{s.name, s.rows(), s.bytes()});
            info.configs.append(config);
        }
        if (m_stopping.load())
            return;
        QMetaObject::invokeMethod(this, [this, id, info] { Q_EMIT infoReady(id, info); }, Qt::QueuedConnection);
    }, [this, id](const QString &message) { Q_EMIT infoFailed(id, message); });
    return id;
}

quint64 CoreHubBrowser::previewSlice(const QString &repoIdIn, const QString &config, const QString &spec,
                                     const QString &revision, const QString &token)
{
    const quint64 id = ++m_nextId;
    const QString repoId = repoIdIn.trimmed();
    run(token, [this, id, repoId, config, spec, revision](hub::HubClient &client, const QString &indexDir) {
        hub::HubDatasets datasets(client, indexDir);
        const hub::SlicePlan plan = datasets.plan(repoId, config, spec, revision);
        SlicePreview preview;
        preview.rows = plan.countAfterDownload ? -1 : plan.rows;
        preview.downloadBytes = plan.bytesToDownload();
        preview.description = describe(plan);
        if (m_stopping.load())
            return;
        QMetaObject::invokeMethod(this, [this, id, preview] { Q_EMIT previewReady(id, preview); }, Qt::QueuedConnection);
    }, [this, id](const QString &message) { Q_EMIT previewFailed(id, message); });
    return id;
}

void CoreHubBrowser::startDownload(const DownloadRequest &request)
{
    // The download job reads the HF_* environment: the Settings endpoint
    // reaches it (and the Hub tokenizer fetches) through HF_ENDPOINT.
    const QString endpoint = endpointSetting();
    if (!endpoint.isEmpty())
        qputenv("HF_ENDPOINT", endpoint.toUtf8());
    try {
        // Validates and creates the records only (no network), so on this thread.
        const auto started = m_service.startDownload(request.repoId, request.config, request.split, request.revision,
                                                     hub::HubConfig::cleanToken(request.token));
        Q_EMIT downloadStarted(started.datasetId);
    } catch (const jobs::JobFailure &e) {
        Q_EMIT downloadFailed(e.message());
    } catch (const std::exception &e) {
        Q_EMIT downloadFailed(QString::fromUtf8(e.what()));
    }
}

} // namespace studio::ui
