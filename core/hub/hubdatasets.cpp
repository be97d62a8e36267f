#include "hub/hubdatasets.h"

#include "hub/datafiles.h"
#include "hub/hubclient.h"
#include "hub/huberror.h"
#include "hub/splitspec.h"
#include "parquet/filemetadata.h"
#include "parquet/parqueterror.h"
#include "parquet/parquetsummary.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace studio::hub {

namespace {

constexpr qint64 kTailGuess = 16 * 1024; // pyarrow's footers of ~1,000-row groups are a few KB
const QString kConvertRevision = QStringLiteral("refs/convert/parquet");

QString lowerFirst(const QString &s)
{
    return s.left(1).toLower() + s.mid(1);
}

} // namespace

HubDatasets::HubDatasets(HubClient &client, QString indexDir)
    : m_client(client)
    , m_indexDir(std::move(indexDir))
{
}

QString HubDatasets::indexPath(const QString &repoId, const QString &commit) const
{
    if (m_indexDir.isEmpty() || !HubCache::isCommitHash(commit))
        return {};
    return QDir(m_indexDir).filePath(HubCache::repoFolderName(RepoType::Dataset, repoId) + QLatin1Char('/') + commit + QStringLiteral(".json"));
}

QJsonObject HubDatasets::loadIndex(const QString &repoId, const QString &commit) const
{
    QFile f(indexPath(repoId, commit));
    if (f.fileName().isEmpty() || !f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

void HubDatasets::saveIndex(const QString &repoId, const QString &commit, const QJsonObject &index) const
{
    const QString path = indexPath(repoId, commit);
    if (path.isEmpty())
        return;
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(index).toJson(QJsonDocument::Compact));
        f.commit(); // best effort: the index only saves requests
    }
}

DatasetLayout HubDatasets::layout(const QString &repoId, const QString &revisionIn)
{
    const QString invalid = HubClient::validateRepoId(repoId);
    if (!invalid.isEmpty())
        throw HubError(HubError::Kind::InvalidArgument, invalid);
    const QString revision = revisionIn.isEmpty() ? QStringLiteral("main") : revisionIn;
    const HubCache cache = m_client.cache(RepoType::Dataset, repoId);
    const QString label = HubClient::repoLabel(RepoType::Dataset, repoId);
    DatasetLayout layout;
    layout.repoId = repoId;
    layout.revision = revision;
    QList<RepoFile> files;
    if (m_client.config().offline) {
        const auto commit = cache.commitForRevision(revision);
        if (!commit)
            throw HubError(HubError::Kind::Offline, QStringLiteral("HF_HUB_OFFLINE is set and %1 (revision '%2') is not in the Hugging Face cache (%3); "
                                                                   "download it once without HF_HUB_OFFLINE")
                                                        .arg(label, revision, m_client.config().cacheDir));
        layout.commit = *commit;
        const QJsonObject index = loadIndex(repoId, layout.commit);
        for (const QJsonValue &v : index.value(QStringLiteral("files")).toArray()) {
            const QJsonObject o = v.toObject();
            files.append({o.value(QStringLiteral("path")).toString(), o.value(QStringLiteral("size")).toInteger(-1), {},
                          o.value(QStringLiteral("lfs_sha256")).toString()});
        }
        if (files.isEmpty())
            for (const QString &p : cache.snapshotFiles(layout.commit))
                files.append({p, QFileInfo(cache.snapshotPath(layout.commit, p)).size(), {}, {}});
    } else {
        const RepoInfo info = m_client.repoInfo(RepoType::Dataset, repoId, revisionIn.isEmpty() ? QString() : revision);
        layout.commit = info.sha;
        files = info.siblings;
        QJsonObject index = loadIndex(repoId, layout.commit);
        QJsonArray list;
        for (const RepoFile &f : files)
            list.append(QJsonObject{{QStringLiteral("path"), f.path}, {QStringLiteral("size"), f.size}, {QStringLiteral("lfs_sha256"), f.lfsSha256}});
        index.insert(QStringLiteral("files"), list);
        saveIndex(repoId, layout.commit, index);
    }
    QStringList paths;
    for (const RepoFile &f : files)
        paths << f.path;
    const auto shardFor = [&](const QString &path) {
        ShardInfo s;
        s.path = path;
        s.revision = layout.commit;
        s.format = datafiles::formatOfPath(path);
        for (const RepoFile &f : files)
            if (f.path == path) {
                s.size = f.size;
                s.etag = f.lfsSha256;
            }
        const QString cached = cache.cachedFile(layout.commit, path);
        s.cached = !cached.isEmpty() && (s.size < 0 || QFileInfo(cached).size() == s.size);
        if (s.cached && s.etag.isEmpty())
            s.etag = QFileInfo(QFileInfo(cached).canonicalFilePath()).fileName();
        return s;
    };
    const auto addConfig = [&](const QString &name, const datafiles::SplitFiles &splits) {
        ConfigInfo c;
        c.name = name;
        for (const auto &[split, list] : splits) {
            if (list.isEmpty())
                continue;
            SplitInfo s;
            s.name = split;
            for (const QString &p : list)
                s.shards.append(shardFor(p));
            c.splits.append(s);
        }
        if (!c.splits.isEmpty())
            layout.configs.append(c);
    };
    if (paths.contains(QStringLiteral("README.md"))) {
        const CachedFile readme = m_client.download(RepoType::Dataset, repoId, layout.commit, QStringLiteral("README.md"));
        cache.writeRef(revision, layout.commit);
        QFile f(readme.path);
        if (f.open(QIODevice::ReadOnly))
            for (const auto &[name, patterns] : datafiles::readmeConfigs(f.readAll()))
                addConfig(name, datafiles::resolvePatterns(patterns, paths));
    }
    layout.source = QStringLiteral("readme");
    if (layout.configs.isEmpty()) {
        layout.source = QStringLiteral("files");
        addConfig(QStringLiteral("default"), datafiles::inferSplits(paths));
    }
    if (layout.configs.isEmpty() && !m_client.config().offline) {
        layout.source = QStringLiteral("parquet-conversion");
        const auto listing = m_client.parquetListing(repoId);
        for (auto c = listing.begin(); c != listing.end(); ++c) {
            ConfigInfo config;
            config.name = c.key();
            for (auto s = c.value().begin(); s != c.value().end(); ++s) {
                SplitInfo split;
                split.name = s.key();
                for (const QString &url : s.value()) {
                    // …/parquet/{config}/{split}/{n}.parquet is {config}/{split}/{n:04}.parquet on refs/convert/parquet.
                    const QStringList parts = QUrl(url).path().split(QLatin1Char('/'));
                    if (parts.size() < 3)
                        continue;
                    ShardInfo shard;
                    shard.path = parts.at(parts.size() - 3) + QLatin1Char('/') + parts.at(parts.size() - 2) + QLatin1Char('/')
                        + parts.last().section(QLatin1Char('.'), 0, 0).rightJustified(4, QLatin1Char('0')) + QStringLiteral(".parquet");
                    shard.revision = kConvertRevision;
                    shard.format = QStringLiteral("parquet");
                    split.shards.append(shard);
                }
                if (!split.shards.isEmpty())
                    config.splits.append(split);
            }
            if (!config.splits.isEmpty())
                layout.configs.append(config);
        }
    }
    if (layout.configs.isEmpty())
        throw HubError(HubError::Kind::Other, QStringLiteral("%1 has no data files Dataset Studio can read (parquet, JSON Lines, CSV) "
                                                             "and no parquet conversion")
                                                  .arg(label));
    return layout;
}

qint64 HubDatasets::footerRows(const DatasetLayout &layout, ShardInfo &shard)
{
    const HubCache cache = m_client.cache(RepoType::Dataset, layout.repoId);
    const QString label = HubClient::repoLabel(RepoType::Dataset, layout.repoId);
    const auto invalid = [&](const std::string &why) {
        return HubError(HubError::Kind::Integrity, QStringLiteral("%1 of %2 is not a valid parquet file (%3)")
                                                       .arg(shard.path, lowerFirst(label), QString::fromStdString(why)));
    };
    const QString local = cache.cachedFile(shard.revision, shard.path);
    if (!local.isEmpty()) {
        try {
            shard.cached = true;
            shard.size = QFileInfo(local).size();
            return parquet::ParquetSummary::read(QFile::encodeName(local).toStdString()).numRows;
        } catch (const parquet::ParquetError &e) {
            throw invalid(e.what());
        }
    }
    if (m_client.config().offline)
        throw HubError(HubError::Kind::Offline, QStringLiteral("HF_HUB_OFFLINE is set and the row count of %1 of %2 is not known here; "
                                                               "download once without HF_HUB_OFFLINE")
                                                    .arg(shard.path, lowerFirst(label)));
    QString revision = shard.revision;
    if (shard.size < 0 || shard.etag.isEmpty()) {
        const FileMetadata meta = m_client.fileMetadata(RepoType::Dataset, layout.repoId, shard.revision, shard.path);
        shard.size = meta.size;
        shard.etag = meta.etag;
        revision = meta.commit;
    }
    if (shard.size < 12)
        throw invalid("the file is only " + std::to_string(shard.size) + " bytes");
    try {
        QByteArray tail = m_client.fetchTail(RepoType::Dataset, layout.repoId, revision, shard.path, shard.size, kTailGuess);
        size_t needed = 0;
        const auto span = [](const QByteArray &b) {
            return std::span<const uint8_t>(reinterpret_cast<const uint8_t *>(b.constData()), size_t(b.size()));
        };
        auto meta = parquet::parseFileMetaDataFromTail(span(tail), uint64_t(shard.size), needed, shard.path.toStdString());
        if (!meta) {
            tail = m_client.fetchTail(RepoType::Dataset, layout.repoId, revision, shard.path, shard.size, qint64(needed));
            meta = parquet::parseFileMetaDataFromTail(span(tail), uint64_t(shard.size), needed, shard.path.toStdString());
        }
        if (!meta)
            throw invalid("its footer could not be read");
        return meta->numRows;
    } catch (const parquet::ParquetError &e) {
        throw invalid(e.what());
    }
}

void HubDatasets::countRows(DatasetLayout &layout, const QString &config, const QStringList &splits)
{
    QJsonObject index = loadIndex(layout.repoId, layout.commit);
    QJsonObject rows = index.value(QStringLiteral("rows")).toObject();
    bool changed = false;
    for (ConfigInfo &c : layout.configs) {
        if (c.name != config)
            continue;
        for (SplitInfo &s : c.splits) {
            if (!splits.contains(s.name))
                continue;
            for (ShardInfo &shard : s.shards) {
                if (shard.rows >= 0 || shard.format != QLatin1String("parquet"))
                    continue;
                const QString key = shard.revision + QLatin1Char(':') + shard.path;
                const QJsonObject known = rows.value(key).toObject();
                if (!known.isEmpty() && (shard.etag.isEmpty() || known.value(QStringLiteral("etag")).toString() == shard.etag)) {
                    shard.rows = known.value(QStringLiteral("rows")).toInteger(-1);
                    if (shard.size < 0)
                        shard.size = known.value(QStringLiteral("size")).toInteger(-1);
                    if (shard.etag.isEmpty())
                        shard.etag = known.value(QStringLiteral("etag")).toString();
                    if (shard.rows >= 0)
                        continue;
                }
                shard.rows = footerRows(layout, shard);
                rows.insert(key, QJsonObject{{QStringLiteral("rows"), shard.rows}, {QStringLiteral("size"), shard.size}, {QStringLiteral("etag"), shard.etag}});
                changed = true;
            }
        }
    }
    if (changed) {
        index.insert(QStringLiteral("rows"), rows);
        saveIndex(layout.repoId, layout.commit, index);
    }
}

QString HubDatasets::chooseConfig(const DatasetLayout &layout, const QString &requested)
{
    const QString label = HubClient::repoLabel(RepoType::Dataset, layout.repoId);
    const QString names = layout.configNames().join(QStringLiteral(", "));
    if (!requested.isEmpty()) {
        if (!layout.config(requested))
            throw HubError(HubError::Kind::InvalidArgument, QStringLiteral("Config '%1' not found in %2; available: %3").arg(requested, lowerFirst(label), names));
        return requested;
    }
    if (layout.configs.size() == 1)
        return layout.configs.first().name;
    if (layout.config(QStringLiteral("default")))
        return QStringLiteral("default");
    throw HubError(HubError::Kind::InvalidArgument, QStringLiteral("%1 has several configs (%2): choose one with --config").arg(label, names));
}

void HubDatasets::slice(SlicePlan &plan)
{
    const SplitSpec spec = SplitSpec::parse(plan.splitSpec);
    const ConfigInfo *config = plan.layout.config(plan.config);
    QList<QPair<QString, qint64>> counts;
    for (const SplitInfo &s : config->splits)
        counts.append({s.name, spec.splits().contains(s.name) || plan.splitSpec == QLatin1String("all") ? s.rows() : 0});
    plan.segments.clear();
    plan.rows = 0;
    plan.countAfterDownload = false;
    for (const SplitSpec::Range &range : spec.resolve(counts)) {
        const SplitInfo *split = config->split(range.split);
        qint64 start = 0;
        for (const ShardInfo &shard : split->shards) {
            const qint64 first = std::max(range.first, start);
            const qint64 last = std::min(range.last, start + shard.rows);
            if (last > first) {
                plan.segments.append({range.split, shard, first - start, last - first});
                plan.rows += last - first;
            }
            start += shard.rows;
        }
    }
}

SlicePlan HubDatasets::plan(const QString &repoId, const QString &configIn, const QString &splitSpec, const QString &revision)
{
    const SplitSpec spec = SplitSpec::parse(splitSpec); // malformed specs fail before any request
    SlicePlan plan;
    plan.layout = layout(repoId, revision);
    plan.config = chooseConfig(plan.layout, configIn);
    plan.splitSpec = splitSpec;
    const ConfigInfo *config = plan.layout.config(plan.config);
    // Unknown split names: datasets' message lists every split of the config.
    QStringList names;
    for (const SplitInfo &s : config->splits)
        names << s.name;
    for (const QString &split : spec.splits())
        if (!names.contains(split)) {
            QList<QPair<QString, qint64>> any;
            for (const QString &name : names)
                any.append({name, qint64(1) << 40});
            spec.resolve(any); // throws datasets' 'Unknown split "x". Should be one of [...]'
        }
    QStringList splits = spec.splits();
    if (splitSpec == QLatin1String("all"))
        for (const SplitInfo &s : config->splits)
            splits << s.name;
    countRows(plan.layout, plan.config, splits);
    config = plan.layout.config(plan.config);
    // JSON Lines / CSV shards have no footer: the whole split is fetched and counted after download.
    bool unknown = false;
    for (const QString &name : splits)
        unknown = unknown || config->split(name)->rows() < 0;
    if (unknown) {
        plan.countAfterDownload = true;
        for (const QString &name : splits)
            for (const ShardInfo &shard : config->split(name)->shards)
                plan.segments.append({name, shard, 0, shard.rows});
        return plan;
    }
    slice(plan);
    return plan;
}

} // namespace studio::hub
