// The server's Prometheus metrics: request counts by route and status, a latency histogram by
// route, requests in flight, and the database gauges given at render time. Thread-safe; an
// object the server owns (no global registry). Renders the Prometheus text format 0.0.4.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace dateline {

/// What the search service reports when /metrics is rendered.
struct DatabaseGauges {
    bool available = false;    // false when the database could not be read just now
    std::size_t documents = 0;
    std::uint64_t revision = 0;
    std::uint64_t reopens = 0;
    std::uint64_t failed_searches = 0;
    std::uint64_t cache_hits = 0;
    std::uint64_t cache_misses = 0;
};

class ServerMetrics {
public:
    /// Upper bounds (seconds) of the latency histogram buckets, ascending; +Inf is implied.
    static const std::vector<double>& latency_buckets();

    void request_started();
    /// A request that request_started counted has been answered.
    void request_finished(const std::string& route, int status, double seconds);
    /// A request answered without passing request_started (httplib rejected it before routing).
    void request_answered_early(const std::string& route, int status, double seconds);

    /// Every metric in the Prometheus text format, with `database` and the version info.
    [[nodiscard]] std::string render(const DatabaseGauges& database, const std::string& version) const;

private:
    struct Histogram {
        std::vector<std::uint64_t> buckets = std::vector<std::uint64_t>(latency_buckets().size(), 0);
        std::uint64_t count = 0;
        double sum = 0;
    };
    void record(const std::string& route, int status, double seconds);

    mutable std::mutex m_mutex;
    std::int64_t m_in_flight = 0;
    std::map<std::pair<std::string, int>, std::uint64_t> m_requests; // (route, status) -> count
    std::map<std::string, Histogram> m_latency;                        // route -> histogram
};

/// A label value escaped for the Prometheus text format (backslash, double quote, newline).
std::string escape_label_value(const std::string& value);

} // namespace dateline
