#include "common/cli/stop_request.h"

#include <atomic>
#include <csignal>

namespace dateline {
namespace {

// Written by the handler, read by the walk: lock-free, so safe in a signal handler.
std::atomic<int> g_stop_signal = 0;
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void record_stop_signal(int number)
{
    int none = 0;
    if (!g_stop_signal.compare_exchange_strong(none, number)) {
        // Asked twice: stop now, the default way (both calls are async-signal-safe).
        std::signal(number, SIG_DFL);
        std::raise(number);
    }
}

} // namespace

void StopRequest::install_handlers()
{
    struct sigaction action {};
    action.sa_handler = record_stop_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART; // reads and writes carry on; the walk checks the flag
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

int StopRequest::signal() noexcept
{
    return g_stop_signal.load();
}

void StopRequest::set_for_testing(int number) noexcept
{
    g_stop_signal = number;
}

} // namespace dateline
