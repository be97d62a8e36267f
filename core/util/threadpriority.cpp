#include "util/threadpriority.h"

#ifdef __linux__
#include <cerrno>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace studio::util {

void yieldToInteractiveWork(int steps)
{
#ifdef __linux__
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, tid, current + steps); // best effort: a failure leaves it as it was
#else
    (void)steps;
#endif
}

} // namespace studio::util
