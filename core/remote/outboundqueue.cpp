#include "remote/outboundqueue.h"

namespace studio::remote {

OutboundQueue::OutboundQueue(qint64 budgetBytes)
    : m_budget(budgetBytes)
{
}

OutboundQueue::Offer OutboundQueue::offer(qint64 unwritten, Item item)
{
    if (m_items.empty() && unwritten < m_budget)
        return Offer::SendNow;
    if (!item.coalesceKey.isEmpty()) {
        for (auto it = m_items.rbegin(); it != m_items.rend(); ++it) {
            if (it->channel != item.channel)
                continue;
            if (it->coalesceKey == item.coalesceKey) {
                m_bytes += sizeOf(item) - sizeOf(*it);
                *it = std::move(item);
                ++m_coalesced;
                return m_bytes > m_budget ? Offer::Overflow : Offer::Queued;
            }
            break; // the channel's last waiting message is something else: keep order
        }
    }
    m_bytes += sizeOf(item);
    m_items.push_back(std::move(item));
    return m_bytes > m_budget ? Offer::Overflow : Offer::Queued;
}

std::optional<OutboundQueue::Item> OutboundQueue::takeReady(qint64 unwritten)
{
    if (m_items.empty() || unwritten >= m_budget)
        return std::nullopt;
    Item item = std::move(m_items.front());
    m_items.pop_front();
    m_bytes -= sizeOf(item);
    return item;
}

} // namespace studio::remote
