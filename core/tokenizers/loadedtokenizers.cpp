#include "tokenizers/loadedtokenizers.h"

#include <deque>
#include <future>
#include <mutex>
#include <utility>

namespace studio::tokenizers {

namespace {

constexpr std::size_t kKept = 3;

std::mutex g_mutex;
std::deque<std::pair<QString, std::shared_ptr<const Tokenizer>>> g_recent; // most recent first

} // namespace

namespace {

// The cached tokenizer of `sha256`, moved to the front; or null.
std::shared_ptr<const Tokenizer> findRecent(const QString &sha256)
{
    std::lock_guard lock(g_mutex);
    for (auto it = g_recent.begin(); it != g_recent.end(); ++it) {
        if (it->first == sha256) {
            auto entry = std::move(*it);
            g_recent.erase(it);
            g_recent.push_front(std::move(entry));
            return g_recent.front().second;
        }
    }
    return nullptr;
}

void remember(const QString &sha256, const std::shared_ptr<const Tokenizer> &tokenizer)
{
    std::lock_guard lock(g_mutex);
    g_recent.emplace_front(sha256, tokenizer);
    while (g_recent.size() > kKept)
        g_recent.pop_back();
}

} // namespace

std::shared_ptr<const Tokenizer> loadedTokenizer(const std::function<QString()> &digest,
                                                 const std::function<std::shared_ptr<const Tokenizer>()> &load,
                                                 QString &sha256)
{
    bool empty = false;
    {
        std::lock_guard lock(g_mutex);
        empty = g_recent.empty();
    }
    if (empty) {
        auto digested = std::async(std::launch::async, digest);
        auto tokenizer = load(); // if it throws, the future's destructor still waits for the digest
        sha256 = digested.get();
        if (auto cached = findRecent(sha256)) // another thread loaded the same file meanwhile
            return cached;
        remember(sha256, tokenizer);
        return tokenizer;
    }
    sha256 = digest();
    if (auto cached = findRecent(sha256))
        return cached;
    auto tokenizer = load(); // outside the lock: loads of different files run side by side
    remember(sha256, tokenizer);
    return tokenizer;
}

} // namespace studio::tokenizers
