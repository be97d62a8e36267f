#pragma once

#include "hubbrowser.h"

#include <QThreadPool>

#include <atomic>
#include <functional>

namespace studio::jobs {
class DatasetService;
}
namespace studio::hub {
class HubClient;
struct HubConfig;
}

namespace studio::ui {

// HubBrowser on core/hub: checks with HubClient / SplitSpec, questions to the
// Hub on a private thread pool (one HubClient per request, made on the worker
// thread since it owns a QNetworkAccessManager), downloads through
// DatasetService. Answers are emitted on the thread that owns this object.
class CoreHubBrowser final : public HubBrowser
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CoreHubBrowser)
public:
    CoreHubBrowser(jobs::DatasetService &service, QString dataDir, QObject *parent = nullptr);
    ~CoreHubBrowser() override; // cancels and waits for running requests

    QString validateRepoId(const QString &repoId) const override;
    QString validateSplitSpec(const QString &spec, const QStringList &splits) const override;
    quint64 fetchInfo(const QString &repoId, const QString &revision, const QString &token) override;
    quint64 previewSlice(const QString &repoId, const QString &config, const QString &spec, const QString &revision,
                         const QString &token) override;
    void startDownload(const DownloadRequest &request) override;

    // The endpoint of Settings (QSettings hub/endpoint), empty: HF_ENDPOINT.
    static QString endpointSetting();
    // HF_* environment, then the Settings endpoint and `token` when non-empty.
    static hub::HubConfig config(const QString &token);

private:
    using Work = std::function<void(hub::HubClient &client, const QString &indexDir)>;
    // Runs `work` on the pool with a fresh client; `failed` gets HubError's message.
    void run(const QString &token, Work work, std::function<void(const QString &)> failed);

    jobs::DatasetService &m_service;
    QString m_dataDir;
    QThreadPool m_pool;
    std::atomic<bool> m_stopping{false};
    quint64 m_nextId = 0;
};

} // namespace studio::ui
