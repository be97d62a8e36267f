#pragma once

// The mock Hub's view of a fixture repo and of one HTTP exchange (mockhub.cpp).
#include "mockhub.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QUrlQuery>

namespace studio::test::mockhub {

struct RepoFileData {
    QString path;
    QByteArray bytes;
    QString sha256, gitSha1;
    bool lfs = false;
};

struct Repo {
    QString kind, id;
    MockHub::RepoOptions options;
    QList<RepoFileData> files; // sorted by path
    QString commit, convertCommit;
    const RepoFileData *file(const QString &path) const
    {
        for (const RepoFileData &f : files)
            if (f.path == path)
                return &f;
        return nullptr;
    }
    // data/{split}-…parquet grouped by split (the parquet conversion's view).
    QMap<QString, QList<const RepoFileData *>> parquetSplits() const
    {
        QMap<QString, QList<const RepoFileData *>> out;
        for (const RepoFileData &f : files) {
            if (!f.path.startsWith(QLatin1String("data/")) || !f.path.endsWith(QLatin1String(".parquet")))
                continue;
            const QString name = f.path.mid(5);
            out[name.section(QLatin1Char('-'), 0, 0)].append(&f);
        }
        return out;
    }
};

struct Request {
    QByteArray method, target, range, authorization, userAgent;
    QString path;
    QUrlQuery query;
};

struct Response {
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    void set(const QByteArray &key, const QByteArray &value) { headers.append(qMakePair(key, value)); }
    void json(int s, const QJsonDocument &doc)
    {
        status = s;
        body = doc.toJson(QJsonDocument::Compact);
        set("Content-Type", "application/json");
    }
    void error(int s, const QByteArray &code, const QString &message)
    {
        json(s, QJsonDocument(QJsonObject{{QStringLiteral("error"), message}}));
        if (!code.isEmpty())
            set("X-Error-Code", code);
        set("X-Error-Message", message.toUtf8());
    }
};

inline QByteArray reason(int status)
{
    switch (status) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 302: return "Found";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

} // namespace studio::test::mockhub
