#include "jobs/tokenizepipeline.h"

#include "formats/formaterror.h"
#include "jobs/jobwork.h"
#include "tokenizers/tokenizer.h"
#include "util/threadpriority.h"

#include <QThreadPool>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>

namespace studio::jobs {

namespace {

// What the workers and the writer share, under one mutex.
struct Shared {
    std::mutex mutex;
    std::condition_variable changed;
    std::int64_t nextRow = 0;    // the next batch to read starts here
    std::int64_t writtenRow = 0; // rows handed to the writer so far
    std::map<std::int64_t, ShapedBatch> finished; // by first row, waiting for the writer
    std::vector<stats::TokenStatistics> statistics; // one per worker, when it is done
    QString error;
    bool stop = false;
};

} // namespace

TokenizePipeline::TokenizePipeline(const tokenizers::Tokenizer &tokenizer, SequenceShaper::Shape shape, int threads)
    : m_tokenizer(tokenizer)
    , m_shape(std::move(shape))
    , m_threads(std::max(1, threads))
{
}

std::optional<stats::TokenStatistics> TokenizePipeline::run(std::int64_t total, const ReadRows &read, const WriteBatch &write,
                                             const std::function<bool()> &cancelled)
{
    Shared shared;
    // Rows read ahead of the writer: enough that the workers keep going while
    // the writer waits on a direct write of the token file (2 batches per
    // thread left them idle a fifth of the time; 6 and 12 ran alike).
    const std::int64_t window = 8 * m_threads * kBatchRows;
    const std::size_t vocabSize = m_tokenizer.vocabSize();
    const auto worker = [&] {
        util::yieldToInteractiveWork();
        stats::TokenStatistics local(vocabSize);
        SequenceShaper shaper(m_shape);
        TextBatch texts;
        // This worker's: the ids of the last few samples, drained into the
        // batch every kDrainTokens, so they are counted and narrowed while
        // still in cache (measured: 3% faster, 10% less peak memory than a
        // whole batch at once).
        ShapedBatch work;
        std::size_t tokensPerBatch = 0;
        try {
            for (;;) {
                ShapedBatch batch;
                {
                    std::unique_lock lock(shared.mutex);
                    shared.changed.wait(lock, [&] {
                        return shared.stop || shared.nextRow >= total || shared.nextRow - shared.writtenRow < window;
                    });
                    if (shared.stop || shared.nextRow >= total)
                        break;
                    // Read under the lock: the reader is not thread-safe and scans best in order.
                    batch.first = shared.nextRow;
                    batch.last = std::min(total, batch.first + kBatchRows);
                    shared.nextRow = batch.last;
                    texts.clear();
                    read(batch.first, batch.last, texts);
                }
                // About the last one's size: no regrowth.
                if (m_shape.narrow)
                    batch.narrowed.reserve(tokensPerBatch + tokensPerBatch / 8);
                else
                    batch.tokens.reserve(tokensPerBatch + tokensPerBatch / 8);
                for (std::size_t i = 0; i < texts.size(); ++i) {
                    const std::string_view text = texts.at(i);
                    const std::size_t at = work.tokens.size();
                    m_tokenizer.encode(text, false, work.tokens);
                    shaper.addEncoded(text, work, at, local);
                    if (work.tokens.size() >= kDrainTokens)
                        shaper.drain(work, batch, local);
                }
                shaper.drain(work, batch, local);
                tokensPerBatch = batch.tokenCount();
                std::lock_guard lock(shared.mutex);
                shared.finished.emplace(batch.first, std::move(batch));
                shared.changed.notify_all();
            }
        } catch (const formats::FormatError &e) {
            std::lock_guard lock(shared.mutex);
            shared.error = e.message();
            shared.stop = true;
        } catch (const std::exception &e) {
            std::lock_guard lock(shared.mutex);
            shared.error = QString::fromUtf8(e.what());
            shared.stop = true;
        }
        std::lock_guard lock(shared.mutex);
        shared.statistics.push_back(std::move(local));
        shared.changed.notify_all();
    };

    // Long-lived threads of its own: each keeps its piece cache warm for the
    // whole job, and runs below interactive work (the desktop, the monitor).
    QThreadPool pool;
    pool.setMaxThreadCount(m_threads);
    pool.setExpiryTimeout(-1);
    for (int i = 0; i < m_threads; ++i)
        pool.start(worker);
    const auto stopWorkers = [&] {
        {
            std::lock_guard lock(shared.mutex);
            shared.stop = true;
        }
        shared.changed.notify_all();
        pool.waitForDone();
    };
    try {
        for (;;) {
            ShapedBatch batch;
            {
                std::unique_lock lock(shared.mutex);
                while (shared.error.isEmpty() && shared.writtenRow < total
                       && shared.finished.find(shared.writtenRow) == shared.finished.end()) {
                    // Wakes now and then to notice a cancel.
                    shared.changed.wait_for(lock, std::chrono::milliseconds(100));
                    if (cancelled())
                        break;
                }
                if (!shared.error.isEmpty())
                    throw JobFailure(shared.error);
                if (shared.writtenRow >= total || cancelled())
                    break;
                auto it = shared.finished.find(shared.writtenRow);
                if (it == shared.finished.end())
                    continue;
                batch = std::move(it->second);
                shared.finished.erase(it);
            }
            write(batch);
            {
                std::lock_guard lock(shared.mutex);
                shared.writtenRow = batch.last;
            }
            shared.changed.notify_all();
        }
    } catch (...) {
        stopWorkers();
        throw;
    }
    stopWorkers();
    if (shared.writtenRow < total)
        return std::nullopt; // cancelled
    stats::TokenStatistics merged(vocabSize);
    for (const auto &s : shared.statistics)
        merged.merge(s);
    return merged;
}

} // namespace studio::jobs
