// How dateline-server shares threads among connections (docs/operations.md, "Hostile clients"):
// a thread per connection, grown on demand up to --max-connections; a gate letting at most
// --threads requests be answered at once (each answer holds a database handle); and the
// register of connections waiting for a request, which closes the longest-waiting one when all
// but a reserve of threads are waiting, so slow or idle clients never starve new ones.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace dateline {

/// httplib's task queue for connections: starts `min_threads` threads and adds one whenever a
/// connection arrives and none is free, up to `max_threads`; beyond that connections wait.
class ConnectionPool : public httplib::TaskQueue {
public:
    ConnectionPool(std::size_t min_threads, std::size_t max_threads);
    ~ConnectionPool() override;
    ConnectionPool(const ConnectionPool&) = delete;
    ConnectionPool& operator=(const ConnectionPool&) = delete;

    void enqueue(std::function<void()> job) override;
    void shutdown() override;

private:
    void work();

    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    std::size_t m_max_threads;
    std::size_t m_idle = 0;
    bool m_shutdown = false;
};

/// A counting gate: at most `slots` holders at once; the others wait their turn.
class RequestGate {
public:
    explicit RequestGate(std::size_t slots) : m_free(slots) {}
    void enter();
    void leave();

private:
    std::mutex m_mutex;
    std::condition_variable m_freed;
    std::size_t m_free;
};

/// Connections waiting for a request (idle between requests, or still sending the request
/// line and headers). At most `limit` at once: a newcomer beyond it shuts the socket of the
/// one that has waited longest, whose thread then closes it.
class WaitingConnections {
public:
    explicit WaitingConnections(std::size_t limit) : m_limit(limit) {}
    /// Registers `socket` as waiting; returns the ticket for leave().
    std::uint64_t enter(int socket);
    /// Removes the ticket (again is harmless). Call before closing the socket.
    void leave(std::uint64_t ticket);
    /// How many connections were closed to make room so far.
    [[nodiscard]] std::uint64_t evicted() const;

private:
    mutable std::mutex m_mutex;
    std::map<std::uint64_t, int> m_waiting; // ticket (in order of arrival) -> socket
    std::uint64_t m_next = 1;
    std::uint64_t m_evicted = 0;
    std::size_t m_limit;
};

} // namespace dateline
