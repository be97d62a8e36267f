#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QVariantMap>

namespace studio::catalog {

namespace status {
inline const QString Queued = QStringLiteral("queued");
inline const QString Downloading = QStringLiteral("downloading");
inline const QString Processing = QStringLiteral("processing");
inline const QString Ready = QStringLiteral("ready");
inline const QString Error = QStringLiteral("error");
inline const QString Cancelled = QStringLiteral("cancelled");
inline const QString Interrupted = QStringLiteral("interrupted");
// queued, downloading, processing: a job is (or should be) working on it.
bool isActive(const QString &status);
} // namespace status

namespace jobstate {
inline const QString Queued = QStringLiteral("queued");
inline const QString Running = QStringLiteral("running");
inline const QString Completed = QStringLiteral("completed");
inline const QString Failed = QStringLiteral("failed");
inline const QString Cancelled = QStringLiteral("cancelled");
inline const QString Interrupted = QStringLiteral("interrupted");
bool isFinished(const QString &state);
} // namespace jobstate

struct DatasetRecord {
    qint64 id = 0;
    QString name;
    QString source; // hub | local
    QString repoId, config, split, revision;
    QString sourcePath, format;
    QString status = status::Queued;
    double progress = 0.0; // 0..100
    QString message, errorMessage;
    qint64 numSamples = -1; // -1: not known yet
    qint64 sizeBytes = -1;
    QJsonArray schema; // [{"name","type"}]
    QString storagePath;
    QJsonObject metadata;
    qint64 createdAt = 0, updatedAt = 0; // ms since the epoch

    static DatasetRecord fromRow(const QVariantMap &row);
    // The summary of realtime-protocol.md (and `list --json`).
    QJsonObject toSummaryJson() const;
    // Every field (`show --json`).
    QJsonObject toJson() const;
};

struct TokenizationRecord {
    qint64 id = 0;
    qint64 datasetId = 0;
    QString tokenizer;
    QJsonObject options;
    QString optionsKey; // canonical options: one tokenization per key and dataset
    QString status = status::Queued;
    double progress = 0.0;
    QString message, errorMessage;
    qint64 numSamples = -1, numTokens = -1;
    QJsonObject statistics;
    QString outputPath;
    QJsonObject metadata;
    qint64 createdAt = 0, updatedAt = 0;

    static TokenizationRecord fromRow(const QVariantMap &row);
    QJsonObject toJson() const;
};

struct JobRecord {
    qint64 id = 0;
    QString kind; // import | download | tokenize
    qint64 datasetId = 0;
    qint64 tokenizationId = 0; // 0: none
    QString state = jobstate::Queued;
    double progress = 0.0;
    qint64 done = -1, total = -1;
    QString unit, message, errorMessage;
    QJsonObject params;
    QString owner; // the instance running it
    bool cancelRequested = false;
    qint64 createdAt = 0, startedAt = 0, finishedAt = 0, updatedAt = 0;

    static JobRecord fromRow(const QVariantMap &row);
    QJsonObject toJson() const;
};

QString isoTime(qint64 msSinceEpoch);

} // namespace studio::catalog
