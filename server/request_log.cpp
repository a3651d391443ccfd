#include "server/request_log.h"

#include <cstdio>

namespace dateline {

void RequestLog::start_request()
{
    const auto now = std::chrono::steady_clock::now();
    const std::lock_guard lock(m_mutex);
    m_started[std::this_thread::get_id()] = now;
}

void RequestLog::finish_request(const httplib::Request& request, const httplib::Response& response)
{
    const auto now = std::chrono::steady_clock::now();
    double milliseconds = 0;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_started.find(std::this_thread::get_id());
        if (it != m_started.end()) {
            milliseconds = std::chrono::duration<double, std::milli>(now - it->second).count();
            m_started.erase(it);
        }
    }
    // One write per line so lines from several threads never interleave.
    std::fprintf(stderr, "%s %s %d %.2fms\n", request.method.c_str(), request.path.c_str(), response.status,
                 milliseconds);
}

} // namespace dateline
