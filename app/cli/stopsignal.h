#pragma once

namespace studio::cli {

// SIGINT / SIGTERM for the command line. The outermost scope installs the
// handlers and clears the latch; inner scopes (a job waiter inside a command
// that then keeps serving) share it. The latch is never cleared while a scope
// is open, so a signal that lands between two phases — a job has just
// finished, serving has not begun — still stops the next phase.
// Main thread only.
class StopSignalScope final
{
public:
    StopSignalScope();
    ~StopSignalScope();
    StopSignalScope(const StopSignalScope &) = delete;
    StopSignalScope &operator=(const StopSignalScope &) = delete;
};

// True once SIGINT or SIGTERM arrived while a scope was open.
bool stopRequested();

} // namespace studio::cli
