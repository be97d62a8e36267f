#include "remote/connectionguard.h"

namespace studio::remote {

ConnectionGuard::ConnectionGuard(std::atomic<int> &counter, QObject *socket)
    : QObject(socket)
    , m_counter(counter)
{
    ++m_counter;
}

ConnectionGuard::~ConnectionGuard()
{
    --m_counter;
}

} // namespace studio::remote
