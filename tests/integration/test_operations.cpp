// Running the server as a service: Prometheus metrics, liveness and readiness, the JSON access
// log (to a file reopened on SIGHUP), configuration from flags and DATELINE_* variables logged
// at start, graceful shutdown on SIGTERM, and --version.
#include "common/index/schema.h" // only for k_schema_version
#include "tests/integration/http_support.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

using dateline::testing::Archive;
using dateline::testing::check_error_envelope;
using dateline::testing::get;
using dateline::testing::index_into;
using dateline::testing::k_indexer;
using dateline::testing::k_server;
using dateline::testing::Reply;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The value of the sample `name` (with its labels, exactly as printed) in a metrics text.
double metric_value(const std::string& text, const std::string& sample)
{
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with(sample + " ")) {
            return std::stod(line.substr(sample.size() + 1));
        }
    }
    FAIL("no sample " << sample << " in:\n" << text);
    return 0;
}

// True when the sample `name` is in the metrics text with this value (no test failure when absent).
bool has_metric(const std::string& text, const std::string& sample, double value)
{
    return text.find("\n" + sample + " ") != std::string::npos && metric_value(text, sample) == value;
}

// The metrics once the requests before have all been logged (a response reaches the client
// a moment before its worker records it): polls until `sample` has `value`.
std::string settled_metrics(int port, const std::string& sample, double value)
{
    std::string text;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    do {
        text = get(port, "/metrics").text;
        if (has_metric(text, sample, value)) {
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < deadline);
    return text;
}

std::vector<json> read_json_lines(const fs::path& path)
{
    std::vector<json> lines;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(json::parse(line));
    }
    return lines;
}

// Waits (at most 5 s) until `condition` holds.
template <typename Condition> bool eventually(Condition condition)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        if (condition()) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return condition();
}

int connect_to(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    return fd;
}

void send_text(int fd, const std::string& text)
{
    REQUIRE(send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size()));
}

std::string receive_all(int fd)
{
    std::string text;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = recv(fd, buffer, sizeof buffer, 0)) > 0) {
        text.append(buffer, static_cast<std::size_t>(n));
    }
    return text;
}

} // namespace

TEST_SUITE("operations")
{
    TEST_CASE("exposes Prometheus metrics: requests by route and status, latency, in flight and the database")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();
        get(port, "/api/v1/search?q=harbour");
        get(port, "/api/v1/search?q=harbour");
        get(port, "/api/search?q=x&size=0");
        get(port, "/api/v1/articles/no-such-article");
        get(port, "/no/such/route");
        // Each request is counted after its response is sent, by the thread that served it, so
        // wait until all five are (in any order).
        std::string before;
        eventually([&] {
            before = get(port, "/metrics").text;
            return has_metric(before, R"(dateline_http_requests_total{route="/api/v1/search",status="200"})", 2) &&
                   has_metric(before, R"(dateline_http_requests_total{route="unmatched",status="404"})", 1) &&
                   has_metric(before, R"(dateline_http_requests_total{route="/api/search",status="400"})", 1) &&
                   has_metric(before, R"(dateline_http_requests_total{route="/api/v1/articles/{param}",status="404"})", 1);
        });
        CAPTURE(before);
        CHECK(metric_value(before, R"(dateline_http_requests_total{route="/api/v1/search",status="200"})") == 2);
        CHECK(metric_value(before, R"(dateline_http_requests_total{route="/api/search",status="400"})") == 1);
        CHECK(metric_value(before, R"(dateline_http_requests_total{route="/api/v1/articles/{param}",status="404"})") == 1);
        CHECK(metric_value(before, R"(dateline_http_requests_total{route="unmatched",status="404"})") == 1);
        CHECK(metric_value(before, R"(dateline_http_request_duration_seconds_count{route="/api/v1/search"})") == 2);
        CHECK(metric_value(before, R"(dateline_http_request_duration_seconds_bucket{route="/api/v1/search",le="+Inf"})") ==
              2);
        CHECK(metric_value(before, "dateline_http_requests_in_flight") >= 1); // the /metrics request itself
        CHECK(metric_value(before, "dateline_documents") == 22);
        CHECK(metric_value(before, "dateline_database_up") == 1);
        CHECK(metric_value(before, "dateline_search_errors_total") == 0);
        const double revision = metric_value(before, "dateline_database_revision");
        const double reopens = metric_value(before, "dateline_database_reopens_total");

        // A commit by the indexer: more documents, a newer revision, a reopen.
        const fs::path extra = archive.dir.path() / "extra.jsonl";
        std::ofstream(extra) << R"({"id":"late-1","title":"Late edition"})" << '\n';
        REQUIRE(index_into(archive.db, {extra.string()}).exit_code == 0);
        get(port, "/api/v1/search?q=late");
        const std::string after = settled_metrics(port, R"(dateline_http_requests_total{route="/api/v1/search",status="200"})", 3);
        CHECK(metric_value(after, "dateline_documents") == 23);
        CHECK(metric_value(after, "dateline_database_revision") > revision);
        CHECK(metric_value(after, "dateline_database_reopens_total") > reopens);
        CHECK(metric_value(after, R"(dateline_http_requests_total{route="/metrics",status="200"})") >= 1);

        // The database goes away: searches fail (503, counted), liveness stays, readiness goes.
        fs::rename(archive.db, archive.dir.path() / "moved-db");
        check_error_envelope(get(port, "/api/v1/search?q=harbour"), 503, "unavailable");
        const std::string broken = settled_metrics(port, "dateline_search_errors_total", 1);
        CHECK(metric_value(broken, "dateline_search_errors_total") == 1);
        CHECK(metric_value(broken, "dateline_database_up") == 0);
        const Reply health = get(port, "/healthz");
        CHECK(health.status == 200);
        CHECK(health.body["documents"].is_null());
        const Reply ready = get(port, "/readyz");
        check_error_envelope(ready, 503, "unavailable");
        fs::rename(archive.dir.path() / "moved-db", archive.db);
        CHECK(get(port, "/readyz").status == 200);
    }

    TEST_CASE("readiness reports documents and revision")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const Reply ready = get(server.port(), "/readyz");
        CHECK(ready.status == 200);
        CHECK(ready.body["status"] == "ready");
        CHECK(ready.body["documents"] == 22);
        CHECK(ready.body["revision"].get<int>() >= 1);
        CHECK(get(server.port(), "/healthz").body == json{{"status", "ok"}, {"documents", 22}});
    }

    TEST_CASE("a damaged database fails readiness and the metric, no response echoes Xapian, the log has it")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();
        REQUIRE(get(port, "/readyz").status == 200);
        REQUIRE(get(port, "/api/v1/search?q=harbour").status == 200);
        const fs::path table = archive.db / "postlist.glass";
        const fs::path kept = archive.dir.path() / "postlist.kept";
        fs::copy_file(table, kept);
        fs::resize_file(table, fs::file_size(table) / 2);

        // /readyz answered 200 from a pooled handle's cached blocks, and the metric said 1. The
        // damaged blocks here are not among those the probe reads: the check in the background
        // finds them within moments.
        CHECK(eventually([&] { return get(port, "/readyz").status == 503; }));
        check_error_envelope(get(port, "/readyz"), 503, "unavailable");
        CHECK(metric_value(get(port, "/metrics").text, "dateline_database_up") == 0);
        const Reply api = get(port, "/api/v1/search?q=harbour+ferry");
        const Reply page = get(port, "/search?q=harbour+ferry");
        const Reply ready = get(port, "/readyz");
        for (const Reply* reply : {&api, &page, &ready}) {
            CAPTURE(reply->text);
            CHECK(reply->status == 503);
            CHECK(reply->text.find("Error") == std::string::npos); // "DatabaseError: EOF reading block"
            CHECK(reply->text.find("block") == std::string::npos);
            CHECK(reply->text.find("glass") == std::string::npos);
            CHECK(reply->text.find("damaged") != std::string::npos);
        }
        // The operator finds Xapian's words in the log.
        CHECK(eventually([&] { return server.output().find("Error: ") != std::string::npos; }));
        // Restored from the copy, the files change and the server is ready again.
        fs::copy_file(kept, table, fs::copy_options::overwrite_existing);
        CHECK(get(port, "/readyz").status == 200);
        CHECK(metric_value(get(port, "/metrics").text, "dateline_database_up") == 1);
    }

    TEST_CASE("writes a JSON access-log line per request to a file reopened on SIGHUP")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const fs::path log = archive.dir.path() / "access.log";
        ServerProcess server(k_server, archive.db, {"--access-log", log.string()});
        get(server.port(), "/api/v1/search?q=harbour&size=2", {{"X-Request-Id", "pipeline-7"}, {"User-Agent", "probe/1"}});
        const Reply missing = get(server.port(), "/api/v1/articles/nothing-here");
        REQUIRE(eventually([&] { return read_json_lines(log).size() == 2; }));
        // A line is written after its response is sent, by the thread that served it: the two
        // may land in either order.
        std::vector<json> lines = read_json_lines(log);
        if (lines[0]["status"] == 404) {
            std::swap(lines[0], lines[1]);
        }
        CAPTURE(lines[0].dump());
        CHECK(lines[0]["request_id"] == "pipeline-7");
        CHECK(lines[0]["method"] == "GET");
        CHECK(lines[0]["target"] == "/api/v1/search?q=harbour&size=2");
        CHECK(lines[0]["route"] == "/api/v1/search");
        CHECK(lines[0]["status"] == 200);
        CHECK(lines[0]["bytes"].get<int>() > 100);
        CHECK(lines[0]["duration_ms"].is_number());
        CHECK(lines[0]["remote"] == "127.0.0.1");
        CHECK(lines[0]["user_agent"] == "probe/1");
        CHECK(lines[0]["time"].get<std::string>().ends_with("Z"));
        CHECK(lines[1]["status"] == 404);
        CHECK(lines[1]["request_id"] == httplib::detail::get_header_value(missing.headers, "X-Request-Id", 0, ""));
        // Nothing but the start-up lines went to stderr.
        CHECK(server.output().find("\"request_id\"") == std::string::npos);

        // logrotate moves the file away and signals the server.
        fs::rename(log, archive.dir.path() / "access.log.1");
        get(server.port(), "/healthz");
        REQUIRE(eventually([&] { return read_json_lines(archive.dir.path() / "access.log.1").size() == 3; }));
        server.send(SIGHUP);
        REQUIRE(eventually([&] { return server.output().find("reopened the access log") != std::string::npos; }));
        get(server.port(), "/readyz");
        REQUIRE(eventually([&] { return fs::exists(log) && read_json_lines(log).size() == 1; }));
        CHECK(read_json_lines(log)[0]["target"] == "/readyz");
        CHECK(read_json_lines(archive.dir.path() / "access.log.1").size() == 3);
        CHECK(server.stop() == 0);
    }

    TEST_CASE("logs the effective configuration, with DATELINE_* variables and flags, at start")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db, {"--cors-origin", "https://a.example"},
                             {"DATELINE_ACCESS_LOG=off", "DATELINE_HOST=127.0.0.1", "DATELINE_THREADS=99"});
        const std::string output = server.output();
        CAPTURE(output);
        CHECK(output.find("dateline-server 0.1.0 (schema " + std::to_string(dateline::schema::k_schema_version) + ", Xapian ") != std::string::npos);
        CHECK(output.find("configuration: db=" + archive.db.string() + " (--db) host=127.0.0.1 (DATELINE_HOST) "
                          "port=0 (--port) threads=4 (--threads) access_log=off (DATELINE_ACCESS_LOG) "
                          "cors_origins=https://a.example (--cors-origin)") != std::string::npos);
        CHECK(get(server.port(), "/healthz").status == 200);

        ServerProcess from_env(k_server, archive.db, {}, {"DATELINE_CORS_ORIGINS=*"});
        CHECK(from_env.output().find("cors_origins=* (DATELINE_CORS_ORIGINS)") != std::string::npos);
        CHECK(get(from_env.port(), "/healthz", {{"Origin", "https://x.example"}}).headers.contains(
            "Access-Control-Allow-Origin"));

        const dateline::testing::ProgramResult bad =
            run_program({k_server, "--db", archive.db.string(), "--port", "0"}, {}, {"DATELINE_CORS_ORIGINS=x.example"});
        CHECK(bad.exit_code == 2);
        CHECK(bad.err.find("DATELINE_CORS_ORIGINS needs") != std::string::npos);
    }

    TEST_CASE("SIGTERM stops the server only after the requests in flight are answered")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        // A request the server has accepted and is reading when the signal arrives.
        const int fd = connect_to(server.port());
        const std::string body = "{\"slow\":true}";
        send_text(fd, "POST /api/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        server.send(SIGTERM);
        REQUIRE(eventually([&] { return server.output().find("stopping (signal 15)") != std::string::npos; }));
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        CHECK(server.running()); // still answering the request in flight
        send_text(fd, body.substr(5));
        const std::string response = receive_all(fd);
        close(fd);
        // POST /api/v1/search takes its parameters as JSON (issue 15): answered, "slow" ignored.
        CHECK(response.starts_with("HTTP/1.1 200"));
        CHECK(response.find("unknown parameter \\\"slow\\\" was ignored") != std::string::npos);
        CHECK(eventually([&] { return !server.running(); }));
        CHECK(server.stop() == 0);
        CHECK(server.output().find("dateline-server: stopped") != std::string::npos);
    }

    TEST_CASE("a second server on a port in use exits 1 and the first keeps the port (issue 15)")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess first(k_server, archive.db);
        const std::string port = std::to_string(first.port());
        const fs::path output = archive.dir.path() / "second.log";
        // A second server that shares the port never exits by itself: give it 10 s.
        dateline::testing::BackgroundProgram second(
            {k_server, "--db", archive.db.string(), "--host", "127.0.0.1", "--port", port}, output);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (!second.exited() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        const bool exited = second.exited();
        const int exit_code = second.kill_and_wait(SIGKILL);
        std::ostringstream said;
        said << std::ifstream(output).rdbuf();
        CAPTURE(said.str());
        CHECK(exited);
        CHECK(exit_code == 1);
        CHECK(said.str().find("port " + port + " is in use") != std::string::npos);
        CHECK(said.str().find("listening on http") == std::string::npos);
        CHECK(get(first.port(), "/readyz").status == 200);
    }

    TEST_CASE("both programs print their version")
    {
        for (const std::string& program : {k_indexer, k_server}) {
            const dateline::testing::ProgramResult version = run_program({program, "--version"});
            CHECK(version.exit_code == 0);
            CHECK(version.out.find(" 0.1.0 (schema " + std::to_string(dateline::schema::k_schema_version) + ", Xapian 1.") != std::string::npos);
        }
    }
}
