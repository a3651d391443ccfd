// The access log: one line per request on stderr (method, path, status, milliseconds).
// Owns the per-request start times; it is an object the server owns, not global state.
#pragma once

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace dateline {

class RequestLog {
public:
    /// Marks the start of the request the calling thread is handling.
    void start_request();
    /// Writes the log line for a finished request handled by the calling thread.
    void finish_request(const httplib::Request& request, const httplib::Response& response);

private:
    std::mutex m_mutex;
    // httplib handles a request from routing to logging on one worker thread.
    std::unordered_map<std::thread::id, std::chrono::steady_clock::time_point> m_started;
};

} // namespace dateline
