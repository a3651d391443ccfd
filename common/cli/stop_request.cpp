#include "common/cli/stop_request.h"

#include <csignal>
#include <cstdlib>
#include <iostream>
#include <pthread.h>

namespace dateline {
namespace {

sigset_t stop_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    return signals;
}

const char* signal_label(int number)
{
    return number == SIGINT ? "SIGINT" : "SIGTERM";
}

} // namespace

StopRequest::~StopRequest()
{
    if (m_watcher.joinable()) {
        m_closing = true;
        // Wakes the watcher's sigwait (the signal is blocked everywhere, so it ends nothing).
        pthread_kill(m_watcher.native_handle(), SIGTERM);
        m_watcher.join();
    }
}

void StopRequest::watch_signals()
{
    const sigset_t signals = stop_signals();
    // Blocked here, the signals reach no thread started from now on (the parallel indexer's
    // workers included) and wait for the watcher's sigwait.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    // An ignored signal is dropped even while blocked: watch it anyway, as a handler would
    // (a run started in the background of a script still stops on SIGINT).
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    m_watcher = std::thread([this] { wait_for_signals(); });
}

void StopRequest::request(int number) noexcept
{
    int none = 0;
    m_signal.compare_exchange_strong(none, number);
}

void StopRequest::wait_for_signals()
{
    const sigset_t signals = stop_signals();
    for (;;) {
        int number = 0;
        if (sigwait(&signals, &number) != 0) {
            continue;
        }
        if (m_closing) {
            return;
        }
        if (!requested()) {
            request(number);
            std::cerr << "dateline-indexer: " << signal_label(number) << ": committing what was read, then stopping"
                      << " (send it again to stop at once)\n";
            continue;
        }
        end_at_once(number);
    }
}

// Asked twice: run the action (the lock waits for a SecondSignalAction being destroyed), then
// end the process by the signal, the default way, so that the shell sees what happened.
void StopRequest::end_at_once(int number)
{
    std::cerr << "dateline-indexer: stopping at once on a second " << signal_label(number)
              << ": the database keeps its last commit\n";
    {
        const std::lock_guard lock(m_action_mutex);
        if (m_action) {
            m_action();
        }
        std::signal(number, SIG_DFL);
        sigset_t one;
        sigemptyset(&one);
        sigaddset(&one, number);
        pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
        std::raise(number); // to this thread, where it is no longer blocked: the process ends
    }
    std::_Exit(128 + number);
}

SecondSignalAction::SecondSignalAction(StopRequest& stop, std::function<void()> action) : m_stop(stop)
{
    const std::lock_guard lock(m_stop.m_action_mutex);
    m_stop.m_action = std::move(action);
}

SecondSignalAction::~SecondSignalAction()
{
    const std::lock_guard lock(m_stop.m_action_mutex);
    m_stop.m_action = nullptr;
}

} // namespace dateline
