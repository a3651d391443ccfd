// The documented reverse-proxy setup (docs/nginx-dateline.conf, docs/operations.md):
// Debian's nginx, started with a generated configuration of the same timeouts on a free
// port in front of dateline-server, passes requests through and cuts off a client that trickles
// its request header (as the server itself now does, after its --header-timeout). Skipped with a message
// when nginx is not installed (`sh .ci/setup` installs it).
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using dateline::testing::accepts_connections;
using dateline::testing::Archive;
using dateline::testing::BackgroundProgram;
using dateline::testing::free_port;
using dateline::testing::get;
using dateline::testing::k_server;
using dateline::testing::RawConnection;
using dateline::testing::Reply;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

std::string find_nginx()
{
    for (const char* candidate : {"/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"}) {
        if (access(candidate, X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

// The timeouts of docs/nginx-dateline.conf, shortened so the test is quick; no TLS (no
// certificate here) and one process, so that killing it leaves nothing behind.
std::string nginx_config(const fs::path& dir, int listen_port, int server_port)
{
    const std::string d = dir.string();
    return "master_process off;\ndaemon off;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
           "/error.log info;\nevents { worker_connections 256; }\nhttp {\n  access_log " + d +
           "/access.log;\n  client_body_temp_path " + d + "/body;\n  proxy_temp_path " + d +
           "/proxy;\n  fastcgi_temp_path " + d + "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n  scgi_temp_path " + d +
           "/scgi;\n  limit_conn_zone $binary_remote_addr zone=dateline_conn:1m;\n"
           "  upstream dateline { server 127.0.0.1:" +
           std::to_string(server_port) +
           "; keepalive 4; }\n  server {\n    listen 127.0.0.1:" + std::to_string(listen_port) +
           ";\n    client_header_timeout 2s;\n    client_body_timeout 2s;\n    send_timeout 5s;\n"
           "    keepalive_timeout 5s;\n    client_max_body_size 1m;\n    limit_conn dateline_conn 20;\n"
           "    limit_conn_status 429;\n    location / {\n      proxy_pass http://dateline;\n"
           "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
           "      proxy_set_header Host $host;\n      proxy_set_header X-Forwarded-Proto $scheme;\n"
           "      proxy_read_timeout 30s;\n    }\n  }\n}\n";
}

// Sends `request` one byte every `pause` for up to `limit`; true when the peer closed the
// connection before the whole request was sent.
bool trickle_is_cut_off(int port, const std::string& request, std::chrono::milliseconds pause,
                        std::chrono::milliseconds limit, std::chrono::duration<double>& lasted)
{
    RawConnection slow(port);
    const auto start = std::chrono::steady_clock::now();
    for (const char byte : request) {
        if (!slow.send(std::string_view(&byte, 1)) || slow.wait_closed(pause)) {
            lasted = std::chrono::steady_clock::now() - start;
            return true;
        }
        if (std::chrono::steady_clock::now() - start > limit) {
            break;
        }
    }
    lasted = std::chrono::steady_clock::now() - start;
    return false;
}

} // namespace

TEST_SUITE("reverse proxy")
{
    TEST_CASE("nginx in front passes requests through and cuts off a client that trickles its header" * doctest::test_suite("slow"))
    {
        const std::string nginx = find_nginx();
        if (nginx.empty()) {
            MESSAGE("SKIPPED: nginx is not installed (sh .ci/setup installs it; apt-get install nginx)");
            return;
        }
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        TempDir dir;
        const int port = free_port();
        {
            std::ofstream(dir.path() / "nginx.conf") << nginx_config(dir.path(), port, server.port());
        }
        BackgroundProgram proxy({nginx, "-p", dir.path().string(), "-c", (dir.path() / "nginx.conf").string()});
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!accepts_connections(port) && std::chrono::steady_clock::now() < deadline && !proxy.exited()) {
            std::this_thread::sleep_for(50ms);
        }
        if (!accepts_connections(port)) {
            std::ifstream log(dir.path() / "error.log");
            const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
            FAIL("nginx did not start: " << text);
        }

        // Requests pass through unchanged, errors and all.
        const Reply direct = get(server.port(), "/api/v1/search?q=harbour");
        const Reply proxied = get(port, "/api/v1/search?q=harbour");
        REQUIRE(proxied.status == 200);
        CHECK(dateline::testing::hit_ids(proxied.body) == dateline::testing::hit_ids(direct.body));
        dateline::testing::check_error_envelope(get(port, "/api/v1/search?size=0"), 400, "bad_request");
        CHECK(get(port, "/healthz").status == 200);

        // One byte every 500 ms: each read comes well within a 5 s read timeout; nginx ends it
        // once its 2 s for the whole header are up, the server alone after its --header-timeout
        // (5 s; httplib alone kept it for as long as the client liked).
        const std::string request = "GET /api/v1/search?q=harbour HTTP/1.1\r\nHost: x\r\nX-Slow: " +
                                    std::string(40, 's') + "\r\n\r\n";
        std::chrono::duration<double> through_proxy{};
        CHECK(trickle_is_cut_off(port, request, 500ms, 15s, through_proxy));
        CHECK(through_proxy < 6s);
        MESSAGE("nginx cut off a trickling client after " << through_proxy.count() << " s");
        std::chrono::duration<double> direct_lasted{};
        CHECK(trickle_is_cut_off(server.port(), request, 500ms, 15s, direct_lasted));
        CHECK(direct_lasted < 7s);
        MESSAGE("dateline-server alone cut off a trickling client after " << direct_lasted.count() << " s");
        CHECK(get(port, "/api/v1/search?q=harbour").status == 200);
    }
}
