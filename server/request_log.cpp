#include "server/request_log.h"

#include "common/text/dates.h"

namespace dateline {

RequestLog::RequestLog(LogFile& file, ServerMetrics& metrics) : m_file(file), m_metrics(metrics) {}

void RequestLog::start_request(const httplib::Request& request, httplib::Response& response)
{
    Context context;
    context.start = std::chrono::steady_clock::now();
    const std::string incoming = request.get_header_value(k_request_id_header);
    context.request_id = is_acceptable_request_id(incoming) ? incoming : m_ids.next();
    response.set_header(k_request_id_header, context.request_id);
    m_metrics.request_started();
    const std::lock_guard lock(m_mutex);
    m_requests[std::this_thread::get_id()] = std::move(context);
}

void RequestLog::set_route(const std::string& route)
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_requests.find(std::this_thread::get_id());
    if (it != m_requests.end()) {
        it->second.route = route;
    }
}

void RequestLog::finish_request(const httplib::Request& request, const httplib::Response& response)
{
    const auto now = std::chrono::steady_clock::now();
    bool started = false;
    Context context;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_requests.find(std::this_thread::get_id());
        if (it != m_requests.end()) {
            context = std::move(it->second);
            m_requests.erase(it);
            started = true;
        }
    }
    const double seconds = started ? std::chrono::duration<double>(now - context.start).count() : 0.0;
    if (started) {
        m_metrics.request_finished(context.route, response.status, seconds);
    } else {
        // httplib refused the request before routing (e.g. a malformed request line).
        context.request_id = m_ids.next();
        m_metrics.request_answered_early(context.route, response.status, seconds);
    }
    AccessLogEntry entry;
    entry.time = format_utc_time(std::chrono::system_clock::now(), true);
    entry.request_id = context.request_id;
    entry.remote = request.remote_addr;
    entry.method = request.method;
    entry.target = request.target.empty() ? request.path : request.target;
    entry.route = context.route;
    entry.status = response.status;
    entry.bytes = response.body.size();
    entry.duration_ms = seconds * 1000;
    entry.user_agent = request.get_header_value("User-Agent");
    m_file.write_line(format_access_log_line(entry));
}

} // namespace dateline
