#include "tokenizers/loadedtokenizers.h"

#include <deque>
#include <mutex>
#include <utility>

namespace studio::tokenizers {

namespace {

constexpr std::size_t kKept = 3;

std::mutex g_mutex;
std::deque<std::pair<QString, std::shared_ptr<const Tokenizer>>> g_recent; // most recent first

} // namespace

std::shared_ptr<const Tokenizer> loadedTokenizer(const QString &sha256,
                                                 const std::function<std::shared_ptr<const Tokenizer>()> &load)
{
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
    }
    auto tokenizer = load(); // outside the lock: loads of different files run side by side
    std::lock_guard lock(g_mutex);
    g_recent.emplace_front(sha256, tokenizer);
    while (g_recent.size() > kKept)
        g_recent.pop_back();
    return tokenizer;
}

} // namespace studio::tokenizers
