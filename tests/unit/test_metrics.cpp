// Unit tests of common/web/metrics.h: counters by route and status, the latency histogram's
// cumulative buckets, in-flight requests and the database gauges in the Prometheus text format.
#include "common/web/metrics.h"

#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

using dateline::DatabaseGauges;
using dateline::ServerMetrics;

namespace {

bool has_line(const std::string& text, const std::string& line)
{
    return text.find("\n" + line + "\n") != std::string::npos || text.starts_with(line + "\n");
}

} // namespace

TEST_SUITE("metrics")
{
    TEST_CASE("counts requests by route and status and keeps a cumulative latency histogram")
    {
        ServerMetrics metrics;
        metrics.request_started();
        metrics.request_finished("/api/v1/search", 200, 0.004);
        metrics.request_started();
        metrics.request_finished("/api/v1/search", 200, 0.3);
        metrics.request_started();
        metrics.request_finished("/api/v1/search", 400, 0.0001);
        metrics.request_answered_early("unmatched", 400, 0);
        metrics.request_started(); // still in flight

        DatabaseGauges gauges;
        gauges.available = true;
        gauges.documents = 65;
        gauges.revision = 12;
        gauges.reopens = 3;
        gauges.failed_searches = 1;
        const std::string text = metrics.render(gauges, "0.1.0");
        CAPTURE(text);
        CHECK(has_line(text, "# TYPE dateline_http_requests_total counter"));
        CHECK(has_line(text, R"(dateline_http_requests_total{route="/api/v1/search",status="200"} 2)"));
        CHECK(has_line(text, R"(dateline_http_requests_total{route="/api/v1/search",status="400"} 1)"));
        CHECK(has_line(text, R"(dateline_http_requests_total{route="unmatched",status="400"} 1)"));
        CHECK(has_line(text, "# TYPE dateline_http_request_duration_seconds histogram"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.001"} 1)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.005"} 2)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.25"} 2)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="0.5"} 3)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="+Inf"} 3)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_count{route="/api/v1/search"} 3)"));
        CHECK(has_line(text, R"(dateline_http_request_duration_seconds_sum{route="/api/v1/search"} 0.3041)"));
        CHECK(has_line(text, "dateline_http_requests_in_flight 1"));
        CHECK(has_line(text, "dateline_database_up 1"));
        CHECK(has_line(text, "dateline_documents 65"));
        CHECK(has_line(text, "dateline_database_revision 12"));
        CHECK(has_line(text, "dateline_database_reopens_total 3"));
        CHECK(has_line(text, "dateline_search_errors_total 1"));
        CHECK(has_line(text, R"(dateline_build_info{version="0.1.0"} 1)"));
        CHECK(text.ends_with("\n"));
    }

    TEST_CASE("omits the database gauges when the database cannot be read")
    {
        const std::string text = ServerMetrics().render(DatabaseGauges{}, "0.1.0");
        CHECK(has_line(text, "dateline_database_up 0"));
        CHECK(text.find("dateline_documents ") == std::string::npos);
        CHECK(has_line(text, "dateline_http_requests_in_flight 0"));
    }

    TEST_CASE("escapes label values")
    {
        CHECK(dateline::escape_label_value(R"(a"b\c)") == R"(a\"b\\c)");
        CHECK(dateline::escape_label_value("a\nb") == R"(a\nb)");
    }

    TEST_CASE("counts correctly from many threads")
    {
        ServerMetrics metrics;
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&metrics] {
                for (int i = 0; i < 500; ++i) {
                    metrics.request_started();
                    metrics.request_finished("/healthz", 200, 0.0005);
                }
            });
        }
        for (std::thread& thread : threads) {
            thread.join();
        }
        const std::string text = metrics.render(DatabaseGauges{}, "x");
        CHECK(has_line(text, R"(dateline_http_requests_total{route="/healthz",status="200"} 2000)"));
        CHECK(has_line(text, "dateline_http_requests_in_flight 0"));
    }
}
