#include "jobs/tokenizejob.h"

#include "catalog/catalog.h"
#include "formats/datasetrows.h"
#include "formats/formaterror.h"
#include "jobs/hubtokenizerfetch.h"
#include "jobs/jobcontext.h"
#include "jobs/storagepaths.h"
#include "jobs/tokenizepipeline.h"
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
#include <QThread>

#include <memory>

namespace studio::jobs {

namespace {

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

    const QLocale locale(QLocale::English);
    try {
        stats::TokenFileWriter writer(m_tempDir, tok.vocabSize(), m_options.padding != QLatin1String("none"));
        SequenceShaper::Shape shape;
        shape.truncation = m_options.truncation;
        shape.windows = windows;
        shape.contentMax = contentMax;
        shape.stride = static_cast<std::size_t>(m_options.stride);
        shape.maxLength = static_cast<std::size_t>(m_options.maxLength);
        shape.padding = m_options.padding == QLatin1String("max_length") ? SequenceShaper::Padding::MaxLength
                        : m_options.padding == QLatin1String("longest")  ? SequenceShaper::Padding::Longest
                                                                          : SequenceShaper::Padding::None;
        shape.padId = pad.value_or(0);
        shape.narrow = !writer.wide();
        if (m_options.addSpecialTokens) {
            shape.prefix = tok.templatePrefix();
            shape.suffix = tok.templateSuffix();
        }
        formats::ValueBlock converted; // used under the pipeline's read lock only
        const auto read = [&](std::int64_t first, std::int64_t last, TextBatch &texts) {
            rows->readBlock(columnIndex, first, last, texts);
            if (texts.allStrings())
                return;
            // Nulls become empty texts, chat-style lists their contents, other values stay as their JSON text.
            converted.clear();
            for (std::size_t i = 0; i < texts.size(); ++i) {
                const formats::ValueType type = texts.type(i);
                if (type == formats::ValueType::Json)
                    converted.append(flattenChat(texts.at(i)));
                else
                    converted.append(type == formats::ValueType::Null ? std::string_view() : texts.at(i));
            }
            std::swap(texts, converted);
        };
        const auto write = [&](const ShapedBatch &batch) {
            if (writer.wide())
                writer.appendSequences(std::span<const std::uint32_t>(batch.tokens), batch.sequences);
            else
                writer.appendSequences(std::span<const std::uint16_t>(batch.narrowed), batch.sequences);
            context.report(40.0 + 35.0 * double(batch.last) / double(total),
                           QStringLiteral("Tokenizing %1/%2 samples...")
                               .arg(locale.toString(qint64(batch.last)), locale.toString(qint64(total))),
                           batch.last, total, QStringLiteral("samples"));
        };
        TokenizePipeline pipeline(tok, std::move(shape), QThread::idealThreadCount());
        const auto statistics = pipeline.run(total, read, write, [&context] { return context.isCancelled(); });
        context.throwIfCancelled();
        if (!statistics) // cancelled
            throw JobFailure(QStringLiteral("Tokenization stopped before its end"));
        context.report(75, QStringLiteral("Tokenization complete (%1 samples)").arg(locale.toString(qint64(total))));

        context.report(80, QStringLiteral("Calculating statistics..."));
        const QJsonObject statsJson = statistics->toJson([&](std::uint32_t id) { return tok.tokenText(id); });

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
