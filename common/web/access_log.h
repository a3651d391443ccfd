// The access log's record: one JSON line per request, with the request id that the server also
// echoes in the X-Request-Id header. Owns the line's fields and the request id rules; pure
// functions plus a small id generator object (no I/O: LogFile writes the lines).
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string>
#include <string_view>

namespace dateline {

inline constexpr const char* k_request_id_header = "X-Request-Id";
inline constexpr std::size_t k_max_request_id_length = 128;

struct AccessLogEntry {
    std::string time;       // ISO 8601 UTC with milliseconds
    std::string request_id;
    std::string remote;     // client address
    std::string method;
    std::string target;     // path and query as sent
    std::string route;      // the route pattern that answered, e.g. "/api/v1/articles/{id}", or "unmatched"
    int status = 0;
    std::size_t bytes = 0;  // response body
    double duration_ms = 0;
    std::string user_agent;
};

/// {"time", "request_id", "remote", "method", "target", "route", "status", "bytes",
/// "duration_ms", "user_agent"} as one line of JSON (without the line end).
std::string format_access_log_line(const AccessLogEntry& entry);

/// True for an incoming X-Request-Id the server adopts: 1 to 128 characters from letters,
/// digits and - _ . : / + = @ (UUIDs, hex and base64 ids pass; spaces, quotes and control
/// characters do not).
bool is_acceptable_request_id(std::string_view id);

/// Makes request ids: 16 lower-case hex digits, random per process start and then counting, so
/// ids are unique within a run and unlikely to repeat across runs. Thread-safe.
class RequestIdGenerator {
public:
    RequestIdGenerator();
    std::string next();

private:
    std::mutex m_mutex;
    std::mt19937_64 m_random;
};

} // namespace dateline
