#include "jobs/tokenizejob.h"

#include "catalog/catalog.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "jobs/hubtokenizerfetch.h"
#include "jobs/jobcontext.h"
#include "jobs/storagepaths.h"
#include "stats/tokenfilewriter.h"
#include "stats/tokenstatistics.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/tokenizererror.h"
#include "tokenizers/tokenizerresolver.h"
#include "util/jsontext.h"

#include <QDateTime>
#include <QDir>
#include <QJsonArray>
#include <QLocale>
#include <QScopeGuard>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <bit>
#include <cstring>
#include <memory>

namespace studio::jobs {

namespace {

constexpr std::int64_t kBatchRows = 2048;

// Rows read for one encode: the texts, and views of them for the tokenizer.
struct Batch {
    std::int64_t first = 0, last = 0;
    std::vector<std::string> texts;
    std::vector<std::string_view> views;
};

// Chat-style values (a JSON list of {role, content} messages) become their
// contents joined by newlines; other JSON stays as its text.
std::string flattenChat(std::string_view json)
{
    const QJsonDocument doc = parseJson(json);
    if (!doc.isArray())
        return std::string(json);
    std::string out;
    for (const QJsonValue &m : doc.array()) {
        const QJsonValue content = m.toObject().value(QStringLiteral("content"));
        if (!content.isString())
            return std::string(json);
        if (!out.empty())
            out.push_back('\n');
        out += content.toString().toStdString();
    }
    return out;
}

// UTF-8 characters: the bytes that are not continuation bytes (10xxxxxx),
// eight at a time.
std::uint64_t countCharacters(std::string_view s)
{
    std::uint64_t continuation = 0;
    std::size_t i = 0;
    for (; i + 8 <= s.size(); i += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + i, 8);
        continuation += static_cast<std::uint64_t>(std::popcount(w & ~(w << 1) & 0x8080808080808080ULL));
    }
    for (; i < s.size(); ++i)
        continuation += (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
    return s.size() - continuation;
}

std::optional<std::uint32_t> padId(const tokenizers::Tokenizer &t)
{
    for (const char *name : {"[PAD]", "<pad>", "<|pad|>", "<|endoftext|>"}) {
        if (auto id = t.tokenToId(name))
            return id;
    }
    return t.eosId();
}

} // namespace

TokenizeJob::TokenizeJob(const QJsonObject &params)
    : m_options(TokenizeOptions::fromJson(params))
{
}

QString TokenizeJob::runningStatus() const
{
    return catalog::status::Processing;
}

JobOutcome TokenizeJob::run(JobContext &context)
{
    const qint64 datasetId = context.job().datasetId;
    const qint64 tokenizationId = context.job().tokenizationId;
    context.report(0, QStringLiteral("Starting tokenization..."));

    context.report(10, QStringLiteral("Loading tokenizer..."));
    tokenizers::TokenizerResolver::Resolved resolved;
    try {
        resolved = hubTokenizerResolver().resolve(m_options.tokenizer);
    } catch (const tokenizers::TokenizerError &e) {
        throw JobFailure(QString::fromStdString(e.what()));
    }
    const tokenizers::Tokenizer &tok = *resolved.tokenizer;
    context.throwIfCancelled();

    context.report(20, QStringLiteral("Loading dataset..."));
    const auto dataset = context.catalog().dataset(datasetId);
    if (!dataset)
        throw JobFailure(QStringLiteral("Dataset %1 no longer exists").arg(datasetId));
    std::unique_ptr<formats::DatasetRows> rows;
    try {
        rows = formats::DatasetRows::open(dataset->storagePath);
    } catch (const formats::FormatError &e) {
        throw JobFailure(e.message());
    }

    context.report(30, QStringLiteral("Analyzing dataset schema..."));
    QString error;
    const QString column = chooseTextColumn(rows->schema(), m_options.column, error);
    if (column.isEmpty())
        throw JobFailure(error);
    const int columnIndex = rows->columnIndex(column);
    const std::int64_t total = rows->rowCount();
    if (total == 0)
        throw JobFailure(QStringLiteral("The dataset is empty: nothing to tokenize"));

    const std::size_t special = m_options.addSpecialTokens ? tok.addedSpecialTokenCount() : 0;
    if (m_options.truncation && static_cast<std::size_t>(m_options.maxLength) <= special)
        throw JobFailure(QStringLiteral("max_length (%1) leaves no room next to the %2 special tokens this tokenizer adds")
                             .arg(m_options.maxLength)
                             .arg(special));
    const std::size_t contentMax = static_cast<std::size_t>(m_options.maxLength) - special;
    if (m_options.overflow == QLatin1String("windows") && static_cast<std::size_t>(m_options.stride) >= contentMax)
        throw JobFailure(QStringLiteral("stride (%1) must be smaller than max_length minus the special tokens (%2)")
                             .arg(m_options.stride)
                             .arg(contentMax));
    const bool windows = m_options.overflow == QLatin1String("windows");
    const auto pad = padId(tok);
    if (m_options.padding != QLatin1String("none") && !pad)
        throw JobFailure(QStringLiteral("Padding needs a pad token and '%1' has none").arg(m_options.tokenizer));

    const QString finalDir = tokenizationFolder(context.dataDirectory(), datasetId, tokenizationId);
    m_tempDir = partialFolder(finalDir, context.job().id);
    QDir(m_tempDir).removeRecursively();

    stats::TokenStatistics statistics(tok.vocabSize());
    const QLocale locale(QLocale::English);
    try {
        stats::TokenFileWriter writer(m_tempDir, tok.vocabSize(), m_options.padding != QLatin1String("none"));
        const auto &prefix = m_options.addSpecialTokens ? tok.templatePrefix() : std::vector<std::uint32_t>{};
        const auto &suffix = m_options.addSpecialTokens ? tok.templateSuffix() : std::vector<std::uint32_t>{};
        std::vector<std::vector<std::uint32_t>> sequences;
        std::vector<std::pair<std::size_t, std::size_t>> parts; // per sample, reused
        std::vector<std::uint32_t> lengths;
        const bool direct = prefix.empty() && suffix.empty() && m_options.padding == QLatin1String("none");
        // A pipeline of two stages: while the encoder reads and encodes one
        // batch (on every core), this thread gathers the statistics of the
        // previous one and writes its tokens.
        const auto readBatch = [&](std::int64_t first) {
            auto batch = std::make_shared<Batch>();
            batch->first = first;
            batch->last = std::min(total, first + kBatchRows);
            rows->scan(columnIndex, batch->first, batch->last, [&](std::int64_t, formats::ValueType type, std::string_view v) {
                if (type == formats::ValueType::Json)
                    batch->texts.push_back(flattenChat(v));
                else
                    batch->texts.emplace_back(type == formats::ValueType::Null ? std::string_view() : v);
                return true;
            });
            batch->views.assign(batch->texts.begin(), batch->texts.end()); // the strings no longer move
            return batch;
        };
        // One long-lived encoding thread: encodeBatch works on the calling
        // thread too, and its per-thread piece cache must stay warm.
        QThreadPool encoder;
        encoder.setMaxThreadCount(1);
        encoder.setExpiryTimeout(-1);
        // The encoder reads its batch itself, so it never waits for this thread.
        struct Encoded {
            std::shared_ptr<Batch> batch;
            std::vector<std::vector<std::uint32_t>> ids;
            QString error; // a read failure, reported on this thread
        };
        const auto encodeAsync = [&](std::int64_t first) {
            return QtConcurrent::run(&encoder, [&tok, &readBatch, first] {
                Encoded e;
                try {
                    e.batch = readBatch(first);
                    e.ids = tok.encodeBatch(e.batch->views, false);
                } catch (const formats::FormatError &failure) {
                    e.error = failure.message();
                } catch (const std::exception &failure) {
                    e.error = QString::fromUtf8(failure.what());
                }
                return e;
            });
        };
        QFuture<Encoded> pending = encodeAsync(0);
        for (;;) {
            const Encoded current = pending.takeResult();
            if (!current.error.isEmpty())
                throw JobFailure(current.error);
            const bool more = current.batch->last < total && !context.isCancelled();
            if (more)
                pending = encodeAsync(current.batch->last);
            // Waits for the batch in flight (it uses `rows` and `tok`) on every way out.
            const auto drain = qScopeGuard([&] {
                if (pending.isValid()) // not once its result was taken
                    pending.waitForFinished();
            });
            context.throwIfCancelled();
            const auto &encoded = current.ids;
            const auto &texts = current.batch->texts;
            const std::int64_t last = current.batch->last;
            for (std::size_t i = 0; i < encoded.size(); ++i) {
                const auto &ids = encoded[i];
                sequences.clear();
                parts.clear();
                lengths.clear();
                bool truncated = false;
                if (!m_options.truncation || ids.size() <= contentMax)
                    parts.emplace_back(0, ids.size());
                else if (windows)
                    parts = tokenizers::overflowWindows(ids.size(), contentMax, static_cast<std::size_t>(m_options.stride));
                else {
                    parts.emplace_back(0, contentMax);
                    truncated = true;
                }
                if (direct) { // no special tokens, no padding: write the ids where they are
                    for (const auto &[b, e] : parts) {
                        lengths.push_back(static_cast<std::uint32_t>(e - b));
                        statistics.addTokens(ids.data() + b, e - b);
                        writer.appendSequence(ids.data() + b, e - b, e - b);
                    }
                    statistics.addSample(texts[i].size(), countCharacters(texts[i]), ids.size(), lengths, truncated);
                    continue;
                }
                for (const auto &[b, e] : parts) {
                    std::vector<std::uint32_t> seq(prefix);
                    seq.insert(seq.end(), ids.begin() + static_cast<std::ptrdiff_t>(b), ids.begin() + static_cast<std::ptrdiff_t>(e));
                    seq.insert(seq.end(), suffix.begin(), suffix.end());
                    lengths.push_back(static_cast<std::uint32_t>(seq.size()));
                    statistics.addTokens(seq.data(), seq.size());
                    sequences.push_back(std::move(seq));
                }
                statistics.addSample(texts[i].size(), countCharacters(texts[i]), ids.size() + prefix.size() + suffix.size(),
                                     lengths, truncated);
                std::size_t padTo = 0;
                if (m_options.padding == QLatin1String("max_length"))
                    padTo = static_cast<std::size_t>(m_options.maxLength);
                else if (m_options.padding == QLatin1String("longest"))
                    for (const auto &s : sequences)
                        padTo = std::max(padTo, s.size());
                for (auto &seq : sequences) {
                    const std::size_t real = seq.size();
                    if (seq.size() < padTo)
                        seq.resize(padTo, *pad);
                    writer.appendSequence(seq.data(), seq.size(), real);
                }
            }
            context.report(40.0 + 35.0 * double(last) / double(total),
                           QStringLiteral("Tokenizing %1/%2 samples...").arg(locale.toString(qint64(last)), locale.toString(qint64(total))),
                           last, total, QStringLiteral("samples"));
            if (!more)
                break;
        }
        context.throwIfCancelled();
        context.report(75, QStringLiteral("Tokenization complete (%1 samples)").arg(locale.toString(qint64(total))));

        context.report(80, QStringLiteral("Calculating statistics..."));
        const QJsonObject statsJson = statistics.toJson([&](std::uint32_t id) { return tok.tokenText(id); });

        context.report(95, QStringLiteral("Saving results..."));
        QJsonObject meta{
            {QStringLiteral("format"), QStringLiteral("llm.c token file: 256 x int32 header (magic 20240520, version, count), then tokens")},
            {QStringLiteral("tokenizer"), m_options.tokenizer},
            {QStringLiteral("tokenizer_source"), resolved.source},
            {QStringLiteral("tokenizer_sha256"), resolved.sha256},
            {QStringLiteral("dtype"), writer.wide() ? QStringLiteral("uint32") : QStringLiteral("uint16")},
            {QStringLiteral("vocab_size"), qint64(tok.vocabSize())},
            {QStringLiteral("num_samples"), qint64(total)},
            {QStringLiteral("num_sequences"), qint64(writer.sequenceCount())},
            {QStringLiteral("num_tokens"), qint64(writer.tokenCount())},
            {QStringLiteral("column"), column},
            {QStringLiteral("options"), m_options.toJson()},
            {QStringLiteral("special_tokens"),
             QJsonObject{{QStringLiteral("added_per_sequence"), qint64(special)},
                         {QStringLiteral("bos_id"), tok.bosId() ? QJsonValue(qint64(*tok.bosId())) : QJsonValue()},
                         {QStringLiteral("eos_id"), tok.eosId() ? QJsonValue(qint64(*tok.eosId())) : QJsonValue()},
                         {QStringLiteral("pad_id"), pad ? QJsonValue(qint64(*pad)) : QJsonValue()},
                         {QStringLiteral("note"), QStringLiteral("sequence boundaries are in tokens.idx; no separator token is inserted")}}},
            {QStringLiteral("dataset_id"), QString::number(datasetId)},
            {QStringLiteral("created_at"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
        writer.finish(meta);
        context.throwIfCancelled();
        publishFolder(m_tempDir, finalDir);
        m_tempDir.clear();

        JobOutcome outcome;
        outcome.message = QStringLiteral("Tokenization complete");
        outcome.tokenizationFields = {{QStringLiteral("num_samples"), qint64(total)},
                                      {QStringLiteral("num_tokens"), qint64(writer.tokenCount())},
                                      {QStringLiteral("statistics_json"), statsJson},
                                      {QStringLiteral("output_path"), finalDir},
                                      {QStringLiteral("metadata_json"), meta}};
        outcome.eventData = {{QStringLiteral("num_samples"), qint64(total)},
                             {QStringLiteral("num_tokens"), qint64(writer.tokenCount())},
                             {QStringLiteral("statistics"), statsJson}};
        // Only once this one is committed as ready: earlier runs of the same
        // options are replaced (records and folders).
        const QString key = m_options.key();
        outcome.onCommitted = [datasetId, tokenizationId, key](catalog::Catalog &c) {
            for (const auto &t : c.tokenizations(datasetId)) {
                if (t.id != tokenizationId && t.optionsKey == key && !catalog::status::isActive(t.status)) {
                    c.deleteTokenization(t.id);
                    QDir(tokenizationFolder(c.dataDirectory(), datasetId, t.id)).removeRecursively();
                }
            }
        };
        return outcome;
    } catch (const formats::FormatError &e) {
        throw JobFailure(e.message());
    }
}

void TokenizeJob::discardPartialOutput()
{
    if (!m_tempDir.isEmpty())
        QDir(m_tempDir).removeRecursively();
}

} // namespace studio::jobs
