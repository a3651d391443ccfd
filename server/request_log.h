// Per-request bookkeeping: the request id (adopted from X-Request-Id or made, and echoed in the
// response), the start time and the route that answered; at the end, one JSON access-log line
// and the request's metrics. An object the server owns, not global state.
#pragma once

#include "common/web/access_log.h"
#include "common/web/log_file.h"
#include "common/web/metrics.h"

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace dateline {

class RequestLog {
public:
    RequestLog(LogFile& file, ServerMetrics& metrics);

    /// Marks the start of the request the calling thread is handling and sets its X-Request-Id.
    void start_request(const httplib::Request& request, httplib::Response& response);
    /// Records which route answered the calling thread's request.
    void set_route(const std::string& route);
    /// Writes the access-log line and the metrics of a finished request handled by the calling thread.
    void finish_request(const httplib::Request& request, const httplib::Response& response);

private:
    struct Context {
        std::chrono::steady_clock::time_point start;
        std::string request_id;
        std::string route = "unmatched";
    };

    LogFile& m_file;
    ServerMetrics& m_metrics;
    RequestIdGenerator m_ids;
    std::mutex m_mutex;
    // httplib handles a request from routing to logging on one worker thread.
    std::unordered_map<std::thread::id, Context> m_requests;
};

} // namespace dateline
