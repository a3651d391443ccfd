// The one piece of process-wide mutable state: whether SIGINT or SIGTERM asked the indexer to
// stop. Signal handlers may only set a lock-free flag, so it lives here and nothing else does;
// the ingest walk polls it between articles.
#pragma once

namespace dateline {

class StopRequest {
public:
    /// Installs SIGINT and SIGTERM handlers that record the signal instead of ending the process.
    /// A second signal of the same kind ends the process at once (the default action), so a
    /// stuck run can still be killed with a second Ctrl-C.
    static void install_handlers();

    /// The signal that asked to stop (SIGINT or SIGTERM), or 0 when none has.
    [[nodiscard]] static int signal() noexcept;

    /// True once a stop has been asked for.
    [[nodiscard]] static bool requested() noexcept { return signal() != 0; }

    /// Records signal `number` as if it had arrived (tests), or clears the request with 0.
    static void set_for_testing(int number) noexcept;
};

} // namespace dateline
