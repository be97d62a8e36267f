#include "tokenizers/workerpool.h"

#include <algorithm>

namespace studio::tokenizers {

namespace {
constexpr std::size_t kMinChunk = 16;
}

// Guided scheduling: big chunks while much is left (few trips to the lock),
// small ones near the end (no thread idles while another finishes a big one).
bool WorkerPool::claim(std::size_t &begin, std::size_t &end)
{
    if (m_next >= m_count)
        return false;
    const std::size_t left = m_count - m_next;
    const std::size_t chunk = std::max(kMinChunk, left / (4 * (std::size_t(m_wanted) + 1)));
    begin = m_next;
    end = std::min(m_count, begin + chunk);
    m_next = end;
    return true;
}

WorkerPool &WorkerPool::instance()
{
    static WorkerPool pool;
    return pool;
}

WorkerPool::WorkerPool()
{
    const unsigned n = std::max(1u, std::thread::hardware_concurrency()) - 1;
    for (unsigned i = 0; i < n; ++i)
        m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    for (auto &t : m_threads)
        t.join();
}

void WorkerPool::run()
{
    std::size_t seen = 0;
    for (;;) {
        std::unique_lock lock(m_mutex);
        m_wake.wait(lock, [&] { return m_stop || (m_generation != seen && m_joined < m_wanted); });
        if (m_stop)
            return;
        seen = m_generation;
        ++m_joined;
        ++m_active;
        for (std::size_t begin, end; claim(begin, end);) {
            const auto *work = m_work;
            lock.unlock();
            for (std::size_t i = begin; i < end; ++i)
                (*work)(i);
            lock.lock();
        }
        if (--m_active == 0)
            m_done.notify_all();
    }
}

void WorkerPool::parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)> &work)
{
    // One batch at a time; concurrent callers take turns.
    static std::mutex batch;
    std::lock_guard batchLock(batch);
    std::unique_lock lock(m_mutex);
    m_work = &work;
    m_count = count;
    m_next = 0;
    m_wanted = std::max(1u, threads) - 1; // helpers besides the caller
    m_joined = 0;
    ++m_generation;
    ++m_active; // the caller
    m_wake.notify_all();
    for (std::size_t begin, end; claim(begin, end);) {
        lock.unlock();
        for (std::size_t i = begin; i < end; ++i)
            work(i);
        lock.lock();
    }
    --m_active;
    m_done.wait(lock, [&] { return m_active == 0; });
    m_work = nullptr;
}

} // namespace studio::tokenizers
