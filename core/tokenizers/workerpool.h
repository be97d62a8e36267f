#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace studio::tokenizers {

// A fixed set of long-lived threads for batch encoding. Threads persist, so
// their per-thread piece caches stay warm from one batch to the next.
class WorkerPool final
{
public:
    static WorkerPool &instance();
    ~WorkerPool();
    WorkerPool(const WorkerPool &) = delete;
    WorkerPool &operator=(const WorkerPool &) = delete;

    // Calls work(i) for i in [0, count) on up to `threads` threads (the
    // caller's included) in chunks, and returns when all are done.
    void parallelFor(std::size_t count, unsigned threads, const std::function<void(std::size_t)> &work);

private:
    WorkerPool();
    void run();
    // The next range of work, under the lock.
    bool claim(std::size_t &begin, std::size_t &end);

    std::mutex m_mutex;
    std::condition_variable m_wake, m_done;
    std::vector<std::thread> m_threads;
    const std::function<void(std::size_t)> *m_work = nullptr;
    std::size_t m_count = 0, m_next = 0, m_active = 0;
    unsigned m_wanted = 0, m_joined = 0;
    std::size_t m_generation = 0;
    bool m_stop = false;
};

} // namespace studio::tokenizers
