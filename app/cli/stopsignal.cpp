#include "cli/stopsignal.h"

#include <atomic>
#include <csignal>

namespace studio::cli {

namespace {

std::atomic<bool> g_stop{false};
int g_depth = 0;
void (*g_previousInt)(int) = SIG_DFL;
void (*g_previousTerm)(int) = SIG_DFL;

extern "C" void onStopSignal(int)
{
    g_stop.store(true);
}

} // namespace

StopSignalScope::StopSignalScope()
{
    if (g_depth++ > 0)
        return;
    g_stop.store(false);
    g_previousInt = std::signal(SIGINT, onStopSignal);
    g_previousTerm = std::signal(SIGTERM, onStopSignal);
}

StopSignalScope::~StopSignalScope()
{
    if (--g_depth > 0)
        return;
    std::signal(SIGINT, g_previousInt);
    std::signal(SIGTERM, g_previousTerm);
}

bool stopRequested()
{
    return g_stop.load();
}

} // namespace studio::cli
