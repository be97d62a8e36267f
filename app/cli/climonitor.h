#pragma once

#include "cli/clioptions.h"

#include <memory>

namespace studio::app {
class StudioContext;
}
namespace studio::remote {
class MonitorServer;
}

namespace studio::cli {

// --monitor [ADDR:]PORT, --monitor-token T, --keep-serving for a command: serves
// the remote monitor (core/remote) while the command runs, printing its URL
// on stderr, and after it until interrupted with --keep-serving.
class CliMonitor final
{
public:
    CliMonitor(app::StudioContext &context, const CliOptions &options);
    ~CliMonitor();
    CliMonitor(const CliMonitor &) = delete;
    CliMonitor &operator=(const CliMonitor &) = delete;

    // Starts the server if --monitor was given. On failure prints why and
    // returns the exit code to end with (Usage or Failed); 0 otherwise.
    int start();
    // With --keep-serving: serves until SIGINT / SIGTERM.
    void keepServingIfAsked();

private:
    app::StudioContext &m_context;
    const CliOptions &m_options;
    std::unique_ptr<remote::MonitorServer> m_server;
};

} // namespace studio::cli
