#pragma once

#include <QString>

#include <deque>
#include <optional>

namespace studio::remote {

// What one connection still has to send, bounded by a byte budget. While the
// socket has less than `budget` bytes unwritten, messages go out at once.
// Beyond it they wait here; a waiting `progress` message is replaced by a
// newer one of the same channel and job (the latest state wins), anything
// else keeps its place. If what waits exceeds the budget too, the client
// cannot keep up: offer() says Overflow and the connection is closed (1008).
class OutboundQueue final
{
public:
    struct Item {
        QString text;
        QString channel;
        QString coalesceKey; // empty: never replaced (terminal events, replies)
    };
    enum class Offer { SendNow, Queued, Overflow };

    explicit OutboundQueue(qint64 budgetBytes);

    // `unwritten`: bytes the socket has not written yet.
    Offer offer(qint64 unwritten, Item item);
    // The next waiting item, if the socket is below the budget again.
    std::optional<Item> takeReady(qint64 unwritten);

    bool isEmpty() const { return m_items.empty(); }
    qint64 waitingBytes() const { return m_bytes; }
    qint64 coalesced() const { return m_coalesced; }

private:
    static qint64 sizeOf(const Item &item) { return item.text.size() + 64; }

    qint64 m_budget;
    qint64 m_bytes = 0;
    qint64 m_coalesced = 0;
    std::deque<Item> m_items;
};

} // namespace studio::remote
