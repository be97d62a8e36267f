#pragma once

#include <QList>
#include <QObject>
#include <QString>

namespace studio::ui {

// What the Hub form needs from the Hugging Face Hub client (core/hub). The
// form holds no Hub rules of its own: every check and message comes from here.
// Implementations answer asynchronously through the signals and never block
// the GUI thread; request ids let the form drop stale answers.
class HubBrowser : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HubBrowser)
public:
    struct Split {
        QString name;
        qint64 numRows = -1;  // -1: unknown
        qint64 numBytes = -1; // bytes of the files holding the split
    };
    struct Config {
        QString name;
        QList<Split> splits;
    };
    struct DatasetInfo {
        QString repoId;
        QString revision; // the resolved commit
        bool gated = false;
        QList<Config> configs;
    };
    struct SlicePreview {
        qint64 rows = -1;          // rows the split spec selects
        qint64 downloadBytes = -1; // bytes the download will fetch
        QString description;       // e.g. "train rows 0–999 of 10,000"
    };
    struct DownloadRequest {
        QString repoId, config, split, revision, token;
    };

    explicit HubBrowser(QObject *parent = nullptr)
        : QObject(parent)
    {
    }

    // Cheap and synchronous (no network): the message a user can act on, or
    // an empty string when valid. The split spec check uses the `datasets`
    // library's grammar, rounding and messages; `splits` are the known split
    // names (empty: not fetched yet, check the grammar only).
    virtual QString validateRepoId(const QString &repoId) const = 0;
    virtual QString validateSplitSpec(const QString &spec, const QStringList &splits) const = 0;

    // Asynchronous; answered by infoReady / infoFailed with the same id.
    virtual quint64 fetchInfo(const QString &repoId, const QString &revision, const QString &token) = 0;
    // Rows and bytes `spec` selects in `config` (uses the split sizes and file
    // sizes of the Hub); answered by previewReady / previewFailed.
    virtual quint64 previewSlice(const QString &repoId, const QString &config, const QString &spec,
                                 const QString &revision, const QString &token) = 0;
    // Creates the dataset and starts its download job; answered by
    // downloadStarted / downloadFailed.
    virtual void startDownload(const DownloadRequest &request) = 0;

Q_SIGNALS:
    void infoReady(quint64 requestId, const studio::ui::HubBrowser::DatasetInfo &info);
    void infoFailed(quint64 requestId, const QString &message);
    void previewReady(quint64 requestId, const studio::ui::HubBrowser::SlicePreview &preview);
    void previewFailed(quint64 requestId, const QString &message);
    void downloadStarted(qint64 datasetId);
    void downloadFailed(const QString &message);
};

} // namespace studio::ui
