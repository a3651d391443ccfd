#include "server/connection_pool.h"

#include <sys/socket.h>

namespace dateline {

ConnectionPool::ConnectionPool(std::size_t min_threads, std::size_t max_threads)
    : m_max_threads(std::max(min_threads, max_threads))
{
    const std::lock_guard lock(m_mutex);
    for (std::size_t i = 0; i < min_threads; ++i) {
        m_threads.emplace_back([this] { work(); });
    }
}

ConnectionPool::~ConnectionPool()
{
    shutdown();
}

void ConnectionPool::enqueue(std::function<void()> job)
{
    {
        const std::lock_guard lock(m_mutex);
        m_jobs.push_back(std::move(job));
        if (m_idle < m_jobs.size() && m_threads.size() < m_max_threads) {
            m_threads.emplace_back([this] { work(); });
        }
    }
    m_ready.notify_one();
}

void ConnectionPool::shutdown()
{
    std::vector<std::thread> threads;
    {
        const std::lock_guard lock(m_mutex);
        m_shutdown = true;
        threads.swap(m_threads);
    }
    m_ready.notify_all();
    for (std::thread& thread : threads) {
        thread.join();
    }
}

void ConnectionPool::work()
{
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_mutex);
            ++m_idle;
            m_ready.wait(lock, [this] { return !m_jobs.empty() || m_shutdown; });
            --m_idle;
            if (m_jobs.empty()) {
                return; // shut down with nothing left to serve
            }
            job = std::move(m_jobs.front());
            m_jobs.pop_front();
        }
        job();
    }
}

void RequestGate::enter()
{
    std::unique_lock lock(m_mutex);
    m_freed.wait(lock, [this] { return m_free > 0; });
    --m_free;
}

void RequestGate::leave()
{
    {
        const std::lock_guard lock(m_mutex);
        ++m_free;
    }
    m_freed.notify_one();
}

std::uint64_t WaitingConnections::enter(int socket)
{
    const std::lock_guard lock(m_mutex);
    const std::uint64_t ticket = m_next++;
    m_waiting.emplace(ticket, socket);
    while (m_waiting.size() > m_limit) {
        // The socket stays open (its own thread closes it after leave()), so this cannot hit
        // a reused descriptor.
        const auto oldest = m_waiting.begin();
        ::shutdown(oldest->second, SHUT_RDWR);
        m_waiting.erase(oldest);
        ++m_evicted;
    }
    return ticket;
}

void WaitingConnections::leave(std::uint64_t ticket)
{
    const std::lock_guard lock(m_mutex);
    m_waiting.erase(ticket);
}

std::uint64_t WaitingConnections::evicted() const
{
    const std::lock_guard lock(m_mutex);
    return m_evicted;
}

} // namespace dateline
