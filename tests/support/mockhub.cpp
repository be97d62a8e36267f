#include "mockhub.h"
#include "mockhubtypes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QMutex>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

namespace studio::test {

using namespace mockhub;

struct MockHub::Impl {
    mutable QMutex mutex;
    QList<Repo> repos;
    QStringList knownTokens;
    QList<Fault> faults;
    QList<Logged> log;
    int pageSize = 1000;
    qint64 cdnBytesPerSecond = 0; // 0: as fast as the socket takes them
    QThread thread;
    QObject *context = nullptr; // lives in `thread`
    QTcpServer *hub = nullptr;
    QTcpServer *cdn = nullptr;
    quint16 hubPort = 0, cdnPort = 0;

    QString endpoint() const { return QStringLiteral("http://127.0.0.1:%1").arg(hubPort); }
    QString cdnBase() const { return QStringLiteral("http://127.0.0.1:%1").arg(cdnPort); }

    const Repo *findRepo(const QString &kind, const QString &id) const
    {
        for (const Repo &r : repos)
            if (r.kind == kind && r.id == id)
                return &r;
        return nullptr;
    }

    std::optional<Fault> takeFault(const QString &server, const Request &req, std::initializer_list<Fault::Kind> kinds)
    {
        QMutexLocker lock(&mutex);
        for (Fault &f : faults) {
            if (f.times == 0 || (!f.server.isEmpty() && f.server != server) || (!f.method.isEmpty() && f.method != req.method)
                || !req.path.contains(f.pathContains) || (f.withoutRangeOnly && !req.range.isEmpty())
                || (!f.rangePrefix.isEmpty() && !req.range.startsWith(f.rangePrefix)) || std::find(kinds.begin(), kinds.end(), f.kind) == kinds.end())
                continue;
            if (f.times > 0)
                --f.times;
            return f;
        }
        return std::nullopt;
    }

    // Authorization for a repo: empty response status 0 means allowed.
    Response authorize(const Request &req, const Repo *repo, const QString &kind, const QString &id)
    {
        Response r;
        r.status = 0;
        QByteArray token;
        if (req.authorization.startsWith("Bearer "))
            token = req.authorization.mid(7);
        QMutexLocker lock(&mutex);
        if (!token.isEmpty() && !knownTokens.contains(QString::fromUtf8(token))) {
            r.error(401, {}, QStringLiteral("Invalid credentials in Authorization header"));
            return r;
        }
        const QString label = kind == QLatin1String("dataset") ? QStringLiteral("dataset") : QStringLiteral("model");
        if (!repo || (repo->options.isPrivate && !repo->options.grantedTokens.contains(QString::fromUtf8(token)))) {
            r.error(token.isEmpty() ? 401 : 404, "RepoNotFound", QStringLiteral("Repository not found"));
            return r;
        }
        if (!repo->options.gated.isEmpty() && !repo->options.grantedTokens.contains(QString::fromUtf8(token))) {
            if (token.isEmpty())
                r.error(401, "GatedRepo", QStringLiteral("Access to %1 %2 is restricted. You must have access to it and be authenticated to access it. Please log in.").arg(label, id));
            else
                r.error(403, "GatedRepo", QStringLiteral("Access to %1 %2 is restricted and you are not in the authorized list. Visit %3/datasets/%2 to ask for access.").arg(label, id, endpoint()));
        }
        return r;
    }

    // Splits "/org/name/rest..." into a repo known under `kind` and the rest.
    const Repo *splitRepo(const QString &kind, const QStringList &segments, int &consumed, QString &id) const
    {
        QMutexLocker lock(&mutex);
        for (int n : {2, 1}) {
            if (segments.size() < n)
                continue;
            id = QStringList(segments.mid(0, n)).join(QLatin1Char('/'));
            if (const Repo *r = findRepo(kind, id)) {
                consumed = n;
                return r;
            }
        }
        // Unknown: assume org/name when the next segment is an API keyword.
        consumed = segments.size() >= 2 ? 2 : 1;
        if (segments.size() >= 2 && (segments.at(1) == QLatin1String("resolve") || segments.at(1) == QLatin1String("tree")
                                     || segments.at(1) == QLatin1String("revision") || segments.at(1) == QLatin1String("parquet")))
            consumed = 1;
        id = QStringList(segments.mid(0, consumed)).join(QLatin1Char('/'));
        return nullptr;
    }

    static bool revisionOk(const Repo &repo, const QString &rev)
    {
        return rev == QLatin1String("main") || rev == repo.commit || (rev == QLatin1String("refs/convert/parquet"));
    }

    Response serveHub(const Request &req)
    {
        Response r;
        QStringList seg = req.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
        for (QString &s : seg)
            s = QUrl::fromPercentEncoding(s.toUtf8());
        if (!seg.isEmpty() && seg.first() == QLatin1String("api") && seg.size() >= 3) {
            const QString kind = seg.at(1) == QLatin1String("datasets") ? QStringLiteral("dataset") : QStringLiteral("model");
            int used = 0;
            QString id;
            const Repo *repo = splitRepo(kind, seg.mid(2), used, id);
            Response denied = authorize(req, repo, kind, id);
            if (denied.status)
                return denied;
            const QStringList rest = seg.mid(2 + used);
            if (rest.isEmpty() || rest.first() == QLatin1String("revision")) {
                const QString rev = rest.size() >= 2 ? QStringList(rest.mid(1)).join(QLatin1Char('/')) : QStringLiteral("main");
                if (!revisionOk(*repo, rev)) {
                    r.error(404, "RevisionNotFound", QStringLiteral("Invalid rev id: %1").arg(rev));
                    return r;
                }
                QJsonArray siblings;
                for (const RepoFileData &f : repo->files) {
                    QJsonObject s{{QStringLiteral("rfilename"), f.path}, {QStringLiteral("size"), qint64(f.bytes.size())}};
                    if (f.lfs)
                        s.insert(QStringLiteral("lfs"), QJsonObject{{QStringLiteral("sha256"), f.sha256}, {QStringLiteral("size"), qint64(f.bytes.size())}, {QStringLiteral("pointerSize"), 134}});
                    siblings.append(s);
                }
                QJsonValue gated = repo->options.gated.isEmpty() ? QJsonValue(false) : QJsonValue(repo->options.gated);
                r.json(200, QJsonDocument(QJsonObject{{QStringLiteral("_id"), QStringLiteral("mock")}, {QStringLiteral("id"), repo->id},
                                                      {QStringLiteral("sha"), repo->commit}, {QStringLiteral("private"), repo->options.isPrivate},
                                                      {QStringLiteral("gated"), gated}, {QStringLiteral("disabled"), false},
                                                      {QStringLiteral("cardData"), QJsonObject{{QStringLiteral("license"), QStringLiteral("cdla-sharing-1.0")}}},
                                                      {QStringLiteral("siblings"), siblings}}));
                return r;
            }
            if (rest.first() == QLatin1String("tree") && rest.size() >= 2) {
                const QString rev = rest.at(1);
                if (!revisionOk(*repo, rev)) {
                    r.error(404, "RevisionNotFound", QStringLiteral("Invalid rev id: %1").arg(rev));
                    return r;
                }
                const QString prefix = QStringList(rest.mid(2)).join(QLatin1Char('/'));
                QJsonArray all;
                QStringList dirs;
                for (const RepoFileData &f : repo->files) {
                    if (!prefix.isEmpty() && !f.path.startsWith(prefix + QLatin1Char('/')))
                        continue;
                    const QString dir = f.path.section(QLatin1Char('/'), 0, -2);
                    if (!dir.isEmpty() && !dirs.contains(dir) && dir != prefix) {
                        dirs << dir;
                        all.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("directory")}, {QStringLiteral("path"), dir}, {QStringLiteral("oid"), QStringLiteral("0")}, {QStringLiteral("size"), 0}});
                    }
                    QJsonObject e{{QStringLiteral("type"), QStringLiteral("file")}, {QStringLiteral("path"), f.path}, {QStringLiteral("oid"), f.gitSha1}, {QStringLiteral("size"), qint64(f.bytes.size())}};
                    if (f.lfs)
                        e.insert(QStringLiteral("lfs"), QJsonObject{{QStringLiteral("oid"), f.sha256}, {QStringLiteral("size"), qint64(f.bytes.size())}, {QStringLiteral("pointerSize"), 134}});
                    all.append(e);
                }
                const int cursor = req.query.queryItemValue(QStringLiteral("cursor")).toInt();
                int size = 0;
                {
                    QMutexLocker lock(&mutex);
                    size = pageSize;
                }
                QJsonArray page;
                for (int i = cursor; i < all.size() && i < cursor + size; ++i)
                    page.append(all.at(i));
                r.json(200, QJsonDocument(page));
                if (cursor + size < all.size()) {
                    QUrlQuery q = req.query;
                    q.removeAllQueryItems(QStringLiteral("cursor"));
                    q.addQueryItem(QStringLiteral("cursor"), QString::number(cursor + size));
                    r.set("Link", "<" + endpoint().toUtf8() + req.target.left(req.target.indexOf('?') < 0 ? req.target.size() : req.target.indexOf('?')) + "?" + q.toString(QUrl::FullyEncoded).toUtf8() + ">; rel=\"next\"");
                }
                return r;
            }
            if (rest.first() == QLatin1String("parquet") && kind == QLatin1String("dataset")) {
                const auto splits = repo->parquetSplits();
                if (rest.size() == 1) {
                    QJsonObject splitObj;
                    for (auto it = splits.begin(); it != splits.end(); ++it) {
                        QJsonArray urls;
                        for (int i = 0; i < it.value().size(); ++i)
                            urls.append(QStringLiteral("%1/api/datasets/%2/parquet/default/%3/%4.parquet").arg(endpoint(), repo->id, it.key()).arg(i));
                        splitObj.insert(it.key(), urls);
                    }
                    r.json(200, QJsonDocument(QJsonObject{{QStringLiteral("default"), splitObj}}));
                    return r;
                }
                if (rest.size() == 4) { // /parquet/{config}/{split}/{n}.parquet → the converted file
                    r.status = 302;
                    const QString n = rest.at(3).section(QLatin1Char('.'), 0, 0);
                    const QString location = QStringLiteral("/datasets/") + repo->id + QStringLiteral("/resolve/refs%2Fconvert%2Fparquet/")
                        + rest.at(1) + QLatin1Char('/') + rest.at(2) + QLatin1Char('/') + n.rightJustified(4, QLatin1Char('0'))
                        + QStringLiteral(".parquet");
                    r.set("Location", location.toUtf8());
                    return r;
                }
            }
            r.error(404, {}, QStringLiteral("Not found"));
            return r;
        }
        // /datasets/{repo}/resolve/{rev}/{path} or /{repo}/resolve/{rev}/{path}
        QString kind = QStringLiteral("model");
        QStringList s = seg;
        if (!s.isEmpty() && s.first() == QLatin1String("datasets")) {
            kind = QStringLiteral("dataset");
            s.removeFirst();
        }
        const int at = int(s.indexOf(QStringLiteral("resolve")));
        if (at < 1 || at + 2 >= s.size()) {
            r.error(404, {}, QStringLiteral("Not found"));
            return r;
        }
        const QString id = QStringList(s.mid(0, at)).join(QLatin1Char('/'));
        const Repo *repo = nullptr;
        {
            QMutexLocker lock(&mutex);
            repo = findRepo(kind, id);
        }
        Response denied = authorize(req, repo, kind, id);
        if (denied.status)
            return denied;
        const QString rev = s.at(at + 1);
        const QString path = QStringList(s.mid(at + 2)).join(QLatin1Char('/'));
        if (!revisionOk(*repo, rev)) {
            r.error(404, "RevisionNotFound", QStringLiteral("Invalid rev id: %1").arg(rev));
            return r;
        }
        const RepoFileData *file = nullptr;
        QString commit = repo->commit;
        if (rev == QLatin1String("refs/convert/parquet")) {
            commit = repo->convertCommit;
            const QStringList parts = path.split(QLatin1Char('/'));
            const auto splits = repo->parquetSplits();
            if (parts.size() == 3 && parts.at(0) == QLatin1String("default") && splits.contains(parts.at(1))) {
                const int n = parts.at(2).section(QLatin1Char('.'), 0, 0).toInt();
                if (n >= 0 && n < splits.value(parts.at(1)).size())
                    file = splits.value(parts.at(1)).at(n);
            }
        } else {
            file = repo->file(path);
        }
        r.set("X-Repo-Commit", commit.toLatin1());
        if (!file) {
            r.error(404, "EntryNotFound", QStringLiteral("Entry not found"));
            return r;
        }
        if (file->lfs) {
            r.status = 302;
            r.set("ETag", "\"" + file->gitSha1.toLatin1() + "\"");
            r.set("X-Linked-Etag", "\"" + file->sha256.toLatin1() + "\"");
            r.set("X-Linked-Size", QByteArray::number(file->bytes.size()));
            r.set("Location", cdnBase().toUtf8() + "/repos/blobs/" + file->sha256.toLatin1() + "?response-content-disposition=attachment");
            r.body = "Found. Redirecting to the CDN";
            return r;
        }
        r.set("ETag", "\"" + file->gitSha1.toLatin1() + "\"");
        return ranged(req, file->bytes, r);
    }

    static Response ranged(const Request &req, const QByteArray &bytes, Response r)
    {
        r.set("Accept-Ranges", "bytes");
        const qint64 size = bytes.size();
        if (req.range.startsWith("bytes=")) {
            const QByteArray spec = req.range.mid(6);
            const qsizetype dash = spec.indexOf('-');
            qint64 first = 0, last = size - 1;
            if (dash == 0) {
                first = std::max<qint64>(0, size - spec.mid(1).toLongLong());
            } else {
                first = spec.left(dash).toLongLong();
                if (dash + 1 < spec.size())
                    last = std::min(last, spec.mid(dash + 1).toLongLong());
            }
            if (first >= size || first > last) {
                r.status = 416;
                r.body.clear();
                r.set("Content-Range", "bytes */" + QByteArray::number(size));
                return r;
            }
            r.status = 206;
            r.set("Content-Range", "bytes " + QByteArray::number(first) + '-' + QByteArray::number(last) + '/' + QByteArray::number(size));
            r.body = bytes.mid(first, last - first + 1);
            return r;
        }
        r.status = 200;
        r.body = bytes;
        return r;
    }

    Response serveCdn(const Request &req)
    {
        Response r;
        const QString sha = req.path.section(QLatin1Char('/'), -1);
        QMutexLocker lock(&mutex);
        for (const Repo &repo : repos)
            for (const RepoFileData &f : repo.files)
                if (f.lfs && f.sha256 == sha) {
                    r.set("ETag", "\"" + f.sha256.toLatin1() + "\"");
                    const QByteArray bytes = f.bytes;
                    lock.unlock();
                    return ranged(req, bytes, r);
                }
        r.status = 404;
        r.body = "NoSuchKey";
        return r;
    }

    void handle(const QString &server, QTcpSocket *socket, const Request &req)
    {
        Logged entry;
        entry.server = server;
        entry.method = req.method;
        entry.path = req.path;
        entry.target = req.target;
        entry.range = req.range;
        entry.authorization = req.authorization;
        entry.userAgent = req.userAgent;
        Response r;
        std::optional<Fault> early = takeFault(server, req, {Fault::ServerError, Fault::TooManyRequests});
        if (early && early->kind == Fault::ServerError) {
            r.error(503, {}, QStringLiteral("Service temporarily unavailable"));
        } else if (early) {
            r.error(429, {}, QStringLiteral("Too many requests"));
            r.set("Retry-After", QByteArray::number(early->retryAfterSeconds));
        } else {
            r = server == QLatin1String("hub") ? serveHub(req) : serveCdn(req);
        }
        entry.faulted = early.has_value();
        std::optional<Fault> bodyFault;
        if (!early && (r.status == 200 || r.status == 206) && req.method == "GET")
            bodyFault = takeFault(server, req, {Fault::DropMidBody, Fault::Corrupt, Fault::SlowFirstByte, Fault::Stall});
        entry.faulted = entry.faulted || bodyFault.has_value();
        const bool closeAtOnce = takeFault(server, req, {Fault::CloseWithAnswer}).has_value();
        entry.faulted = entry.faulted || closeAtOnce;

        QByteArray head = "HTTP/1.1 " + QByteArray::number(r.status) + ' ' + reason(r.status) + "\r\n";
        for (const auto &[k, v] : r.headers)
            head += k + ": " + v + "\r\n";
        head += "Content-Length: " + QByteArray::number(r.body.size()) + "\r\nConnection: close\r\n\r\n";
        QByteArray body = req.method == "HEAD" ? QByteArray() : r.body;
        const qint64 cut = bodyFault && bodyFault->afterBytes >= 0 ? std::min<qint64>(bodyFault->afterBytes, body.size()) : body.size() / 2;
        entry.status = r.status;
        bool close = true;
        if (bodyFault && bodyFault->kind == Fault::Corrupt && !body.isEmpty()) {
            body[cut < body.size() ? cut : body.size() - 1] = char(body.at(cut < body.size() ? cut : body.size() - 1) ^ 0x5a);
        } else if (bodyFault && (bodyFault->kind == Fault::DropMidBody || bodyFault->kind == Fault::Stall)) {
            body = body.left(cut);
            close = bodyFault->kind == Fault::DropMidBody;
        }
        entry.bodyBytes = body.size();
        {
            QMutexLocker lock(&mutex);
            log.append(entry);
        }
        qint64 throttle = 0;
        if (server == QLatin1String("cdn")) {
            QMutexLocker lock(&mutex);
            throttle = cdnBytesPerSecond;
        }
        const auto send = [socket, head, body, close, throttle, closeAtOnce] {
            if (closeAtOnce) {
                // Corked, the answer and the FIN leave in one segment: the client
                // reads them together, every time.
                const int fd = int(socket->socketDescriptor());
                const int on = 1;
                ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on);
                socket->write(head + body);
                socket->flush();
                ::shutdown(fd, SHUT_WR);
                socket->disconnectFromHost();
                return;
            }
            socket->write(head);
            if (throttle <= 0 || body.isEmpty()) {
                socket->write(body);
                if (close)
                    socket->disconnectFromHost(); // after the pending bytes are written
                return;
            }
            // A slow link: a slice every 10 ms, stopping if the client goes away.
            auto *timer = new QTimer(socket);
            auto sent = std::make_shared<qint64>(0);
            const qint64 slice = std::max<qint64>(1, throttle / 100);
            QObject::connect(timer, &QTimer::timeout, socket, [socket, timer, body, close, sent, slice] {
                if (socket->state() != QAbstractSocket::ConnectedState) {
                    timer->stop();
                    return;
                }
                const qint64 n = std::min<qint64>(slice, body.size() - *sent);
                socket->write(body.constData() + *sent, n);
                *sent += n;
                if (*sent == body.size()) {
                    timer->stop();
                    if (close)
                        socket->disconnectFromHost();
                }
            });
            timer->start(10);
        };
        if (bodyFault && bodyFault->kind == Fault::SlowFirstByte) {
            QPointer<QTcpSocket> guard(socket);
            QTimer::singleShot(bodyFault->delayMs, socket, [guard, send] {
                if (guard)
                    send();
            });
        } else {
            send();
        }
    }

    void accept(const QString &server, QTcpServer *listener)
    {
        while (QTcpSocket *socket = listener->nextPendingConnection()) {
            QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            auto buffer = std::make_shared<QByteArray>();
            auto done = std::make_shared<bool>(false);
            QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, server, socket, buffer, done] {
                *buffer += socket->readAll();
                if (*done)
                    return;
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0) {
                    if (buffer->size() > 65536)
                        socket->abort();
                    return;
                }
                *done = true;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
                Request req;
                req.method = first.value(0);
                req.target = first.value(1);
                const qsizetype q = req.target.indexOf('?');
                req.path = QString::fromUtf8(q < 0 ? req.target : req.target.left(q));
                if (q >= 0)
                    req.query = QUrlQuery(QString::fromUtf8(req.target.mid(q + 1)));
                for (qsizetype i = 1; i < lines.size(); ++i) {
                    const QByteArray line = lines.at(i).trimmed();
                    const qsizetype colon = line.indexOf(':');
                    if (colon <= 0)
                        continue;
                    const QByteArray key = line.left(colon).trimmed().toLower();
                    const QByteArray value = line.mid(colon + 1).trimmed();
                    if (key == "range")
                        req.range = value;
                    else if (key == "authorization")
                        req.authorization = value;
                    else if (key == "user-agent")
                        req.userAgent = value;
                }
                handle(server, socket, req);
            });
        }
    }
};

MockHub::MockHub()
    : d(std::make_unique<Impl>())
{
}

MockHub::~MockHub()
{
    if (d->thread.isRunning()) {
        QMetaObject::invokeMethod(d->context, [this] {
            delete d->hub;
            delete d->cdn;
        }, Qt::BlockingQueuedConnection);
        d->thread.quit();
        d->thread.wait();
    }
    delete d->context;
}

void MockHub::addRepo(const QString &kind, const QString &repoId, const QString &folder, const RepoOptions &options)
{
    Repo repo;
    repo.kind = kind;
    repo.id = repoId;
    repo.options = options;
    QDirIterator it(folder, QDir::Files, QDirIterator::Subdirectories);
    QCryptographicHash commit(QCryptographicHash::Sha1);
    commit.addData(repoId.toUtf8());
    while (it.hasNext()) {
        const QString p = it.next();
        QFile f(p);
        if (!f.open(QIODevice::ReadOnly))
            continue;
        RepoFileData file;
        file.path = QDir(folder).relativeFilePath(p);
        file.bytes = f.readAll();
        file.sha256 = QString::fromLatin1(QCryptographicHash::hash(file.bytes, QCryptographicHash::Sha256).toHex());
        QCryptographicHash git(QCryptographicHash::Sha1);
        QByteArray header("blob ");
        header += QByteArray::number(file.bytes.size());
        header.append('\0');
        git.addData(header);
        git.addData(file.bytes);
        file.gitSha1 = QString::fromLatin1(git.result().toHex());
        for (const char *ext : {".parquet", ".arrow", ".bin", ".safetensors"})
            file.lfs = file.lfs || file.path.endsWith(QLatin1String(ext));
        repo.files.append(file);
    }
    std::sort(repo.files.begin(), repo.files.end(), [](const auto &a, const auto &b) { return a.path < b.path; });
    for (const RepoFileData &f : repo.files)
        commit.addData((f.path + f.sha256).toUtf8());
    repo.commit = QString::fromLatin1(commit.result().toHex());
    repo.convertCommit = QString::fromLatin1(QCryptographicHash::hash(QByteArray(QByteArray("convert") + repo.commit.toLatin1()), QCryptographicHash::Sha1).toHex());
    QMutexLocker lock(&d->mutex);
    d->repos.append(repo);
}

void MockHub::setKnownTokens(const QStringList &tokens)
{
    QMutexLocker lock(&d->mutex);
    d->knownTokens = tokens;
}

void MockHub::setCdnBytesPerSecond(qint64 bytesPerSecond)
{
    QMutexLocker lock(&d->mutex);
    d->cdnBytesPerSecond = bytesPerSecond;
}

void MockHub::setTreePageSize(int entries)
{
    QMutexLocker lock(&d->mutex);
    d->pageSize = std::max(1, entries);
}

QString MockHub::commitOf(const QString &repoId) const
{
    QMutexLocker lock(&d->mutex);
    for (const Repo &r : d->repos)
        if (r.id == repoId)
            return r.commit;
    return {};
}

bool MockHub::start()
{
    d->thread.start();
    bool ok = false;
    d->context = new QObject;
    d->context->moveToThread(&d->thread);
    QMetaObject::invokeMethod(d->context, [this, &ok] {
        d->hub = new QTcpServer;
        d->cdn = new QTcpServer;
        ok = d->hub->listen(QHostAddress::LocalHost, 0) && d->cdn->listen(QHostAddress::LocalHost, 0);
        d->hubPort = d->hub->serverPort();
        d->cdnPort = d->cdn->serverPort();
        QObject::connect(d->hub, &QTcpServer::newConnection, d->hub, [this] { d->accept(QStringLiteral("hub"), d->hub); });
        QObject::connect(d->cdn, &QTcpServer::newConnection, d->cdn, [this] { d->accept(QStringLiteral("cdn"), d->cdn); });
    }, Qt::BlockingQueuedConnection);
    return ok;
}

QString MockHub::endpoint() const
{
    return d->endpoint();
}

QString MockHub::cdnUrl() const
{
    return d->cdnBase();
}

void MockHub::addFault(const Fault &fault)
{
    QMutexLocker lock(&d->mutex);
    d->faults.append(fault);
}

void MockHub::clearFaults()
{
    QMutexLocker lock(&d->mutex);
    d->faults.clear();
}

QList<MockHub::Logged> MockHub::requests() const
{
    QMutexLocker lock(&d->mutex);
    return d->log;
}

void MockHub::clearRequests()
{
    QMutexLocker lock(&d->mutex);
    d->log.clear();
}

} // namespace studio::test
