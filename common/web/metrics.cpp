#include "common/web/metrics.h"

#include <cstdio>
#include <sstream>

namespace dateline {
namespace {

std::string format_number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", value);
    return text;
}

void write_header(std::ostringstream& out, const char* name, const char* type, const char* help)
{
    out << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
}

} // namespace

const std::vector<double>& ServerMetrics::latency_buckets()
{
    static const std::vector<double> buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                0.25,  0.5,    1,     2.5,  5,     10};
    return buckets;
}

std::string escape_label_value(const std::string& value)
{
    std::string escaped;
    for (const char c : value) {
        if (c == '\\' || c == '"') {
            escaped += '\\';
            escaped += c;
        } else if (c == '\n') {
            escaped += "\\n";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

void ServerMetrics::request_started()
{
    const std::lock_guard lock(m_mutex);
    ++m_in_flight;
}

void ServerMetrics::request_finished(const std::string& route, int status, double seconds)
{
    const std::lock_guard lock(m_mutex);
    --m_in_flight;
    record(route, status, seconds);
}

void ServerMetrics::request_answered_early(const std::string& route, int status, double seconds)
{
    const std::lock_guard lock(m_mutex);
    record(route, status, seconds);
}

void ServerMetrics::record(const std::string& route, int status, double seconds)
{
    ++m_requests[{route, status}];
    Histogram& histogram = m_latency[route];
    const std::vector<double>& bounds = latency_buckets();
    for (std::size_t i = 0; i < bounds.size(); ++i) {
        if (seconds <= bounds[i]) {
            ++histogram.buckets[i];
        }
    }
    ++histogram.count;
    histogram.sum += seconds;
}

std::string ServerMetrics::render(const DatabaseGauges& database, const std::string& version) const
{
    std::ostringstream out;
    write_header(out, "dateline_build_info", "gauge", "Version of the running dateline-server.");
    out << "dateline_build_info{version=\"" << escape_label_value(version) << "\"} 1\n";
    {
        const std::lock_guard lock(m_mutex);
        write_header(out, "dateline_http_requests_total", "counter", "HTTP requests answered, by route and status.");
        for (const auto& [key, count] : m_requests) {
            out << "dateline_http_requests_total{route=\"" << escape_label_value(key.first) << "\",status=\""
                << key.second << "\"} " << count << '\n';
        }
        write_header(out, "dateline_http_request_duration_seconds", "histogram",
                     "Time from routing a request to logging its response, by route.");
        const std::vector<double>& bounds = latency_buckets();
        for (const auto& [route, histogram] : m_latency) {
            const std::string label = "route=\"" + escape_label_value(route) + "\"";
            for (std::size_t i = 0; i < bounds.size(); ++i) {
                out << "dateline_http_request_duration_seconds_bucket{" << label << ",le=\"" << format_number(bounds[i])
                    << "\"} " << histogram.buckets[i] << '\n';
            }
            out << "dateline_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << histogram.count
                << '\n';
            out << "dateline_http_request_duration_seconds_sum{" << label << "} " << format_number(histogram.sum)
                << '\n';
            out << "dateline_http_request_duration_seconds_count{" << label << "} " << histogram.count << '\n';
        }
        write_header(out, "dateline_http_requests_in_flight", "gauge", "HTTP requests being handled now.");
        out << "dateline_http_requests_in_flight " << m_in_flight << '\n';
    }
    write_header(out, "dateline_database_up", "gauge", "1 when the database could be read for this scrape.");
    out << "dateline_database_up " << (database.available ? 1 : 0) << '\n';
    if (database.available) {
        write_header(out, "dateline_documents", "gauge", "Articles in the newest committed revision.");
        out << "dateline_documents " << database.documents << '\n';
        write_header(out, "dateline_database_revision", "gauge", "Revision number of the newest committed revision.");
        out << "dateline_database_revision " << database.revision << '\n';
    }
    write_header(out, "dateline_database_reopens_total", "counter",
                 "Database handles that picked up a newer revision (after an indexer commit or a swap).");
    out << "dateline_database_reopens_total " << database.reopens << '\n';
    write_header(out, "dateline_search_errors_total", "counter",
                 "Searches that failed for a reason other than a bad request (database unavailable, internal error).");
    out << "dateline_search_errors_total " << database.failed_searches << '\n';
    write_header(out, "dateline_search_cache_hits_total", "counter", "Searches answered from the response cache.");
    out << "dateline_search_cache_hits_total " << database.cache_hits << '\n';
    write_header(out, "dateline_search_cache_misses_total", "counter",
                 "Searches the response cache could not answer (counted only while the cache is on).");
    out << "dateline_search_cache_misses_total " << database.cache_misses << '\n';
    return out.str();
}

} // namespace dateline
