// Whether SIGINT or SIGTERM asked the indexer to stop. A thread of its own waits for the
// signals (sigwait), so there is no signal handler and no global state: the request is an
// object that main owns and hands to the command. Must not know what the command does.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

namespace dateline {

class StopRequest {
public:
    StopRequest() = default;
    /// Stops watching (the signals stay blocked: one that comes now is ignored, as the work is done).
    ~StopRequest();
    StopRequest(const StopRequest&) = delete;
    StopRequest& operator=(const StopRequest&) = delete;

    /// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread it starts
    /// afterwards (call it before starting any), and starts the thread that waits for them. The
    /// first one is recorded (signal()); a second one runs the action of the SecondSignalAction
    /// alive then, says so on standard error and ends the process by that signal at once.
    /// @exception std::system_error when the thread cannot be started.
    void watch_signals();

    /// Records signal `number` as asked for, unless one already is (the watcher calls it; tests too).
    void request(int number) noexcept;

    /// The signal that asked to stop (SIGINT or SIGTERM), or 0 when none has.
    [[nodiscard]] int signal() const noexcept { return m_signal.load(); }

    /// True once a stop has been asked for.
    [[nodiscard]] bool requested() const noexcept { return signal() != 0; }

private:
    friend class SecondSignalAction;
    void wait_for_signals();
    void end_at_once(int number);

    std::atomic<int> m_signal = 0;
    std::atomic<bool> m_closing = false;
    std::mutex m_action_mutex;        // held while the action runs, so that it is never cut short
    std::function<void()> m_action;   // what a second signal does before the process ends
    std::thread m_watcher;
};

/// While alive, a second signal runs `action` in the watcher thread before the process ends
/// (say, removing a work directory). Its destructor waits for an action already running.
class SecondSignalAction {
public:
    SecondSignalAction(StopRequest& stop, std::function<void()> action);
    ~SecondSignalAction();
    SecondSignalAction(const SecondSignalAction&) = delete;
    SecondSignalAction& operator=(const SecondSignalAction&) = delete;

private:
    StopRequest& m_stop;
};

} // namespace dateline
