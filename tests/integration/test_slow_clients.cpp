// Slow clients against the real server (issue 15): connections that trickle their headers a
// line at a time, each line well inside the read timeout, neither hold the server's threads
// nor delay others; the header timeout closes them, and beyond --max-connections the one that
// has waited longest makes room.
#include "tests/integration/http_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using dateline::testing::Archive;
using dateline::testing::get;
using dateline::testing::k_server;
using dateline::testing::RawConnection;
using dateline::testing::Reply;
using dateline::testing::ServerProcess;
using namespace std::chrono_literals;
using Millis = std::chrono::duration<double, std::milli>;

namespace {

constexpr int k_slow_clients = 64;

std::vector<std::unique_ptr<RawConnection>> open_slow_clients(int port)
{
    std::vector<std::unique_ptr<RawConnection>> clients;
    for (int i = 0; i < k_slow_clients; ++i) {
        clients.push_back(std::make_unique<RawConnection>(port));
        clients.back()->send("GET /healthz HTTP/1.1\r\n");
    }
    return clients;
}

// Each open client sends one more header line (never the blank line that ends them).
void trickle(std::vector<std::unique_ptr<RawConnection>>& clients, int round)
{
    for (auto& client : clients) {
        client->send("X-Slow-" + std::to_string(round) + ": still here\r\n");
    }
}

// Times a GET of `target`; checks it succeeded.
Millis timed_get(int port, const std::string& target)
{
    const auto start = std::chrono::steady_clock::now();
    const Reply reply = get(port, target);
    const Millis took = std::chrono::steady_clock::now() - start;
    CHECK(reply.status == 200);
    return took;
}

Millis median(std::vector<Millis> times)
{
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// While the slow clients trickle a header line a second, /healthz and a search are timed:
// their median must stay under 100 ms and none may wait anywhere near a timeout.
void check_served_beside(int port, std::vector<std::unique_ptr<RawConnection>>& clients)
{
    std::vector<Millis> health;
    std::vector<Millis> search;
    for (int round = 0; round < 3; ++round) {
        trickle(clients, round);
        for (int probe = 0; probe < 3; ++probe) {
            health.push_back(timed_get(port, "/healthz"));
            search.push_back(timed_get(port, "/api/v1/search?q=harbour"));
        }
        std::this_thread::sleep_for(1s);
    }
    MESSAGE("beside " << k_slow_clients << " slow clients: /healthz median " << median(health).count()
                      << " ms (worst " << std::max_element(health.begin(), health.end())->count()
                      << "), search median " << median(search).count() << " ms (worst "
                      << std::max_element(search.begin(), search.end())->count() << ")");
    CHECK(median(health) < 100ms);
    CHECK(median(search) < 100ms);
    CHECK(*std::max_element(health.begin(), health.end()) < 1s);
    CHECK(*std::max_element(search.begin(), search.end()) < 1s);
}

} // namespace

TEST_SUITE("slow clients")
{
    TEST_CASE("64 clients trickling their headers neither delay /healthz and searches nor outlive --header-timeout" *
              doctest::test_suite("slow"))
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        // 4 workers (the test default), the default --max-connections.
        ServerProcess server(k_server, archive.db, {"--header-timeout", "2000"});
        auto clients = open_slow_clients(server.port());
        check_served_beside(server.port(), clients);
        // The headers took over 3 s to trickle in: the server has closed every one of them
        // (with httplib's per-read timeout alone they stayed open 5 s past the last line).
        int closed = 0;
        for (auto& client : clients) {
            closed += client->wait_closed(500ms) ? 1 : 0;
        }
        CHECK(closed == k_slow_clients);
    }

    TEST_CASE("beyond --max-connections the connection waiting longest makes room for a new one" *
              doctest::test_suite("slow"))
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        // 16 connection threads, 4 of them kept for requests: at most 12 connections wait.
        ServerProcess server(k_server, archive.db, {"--max-connections", "16", "--header-timeout", "60000"});
        auto clients = open_slow_clients(server.port());
        check_served_beside(server.port(), clients);
        int open = 0;
        for (auto& client : clients) {
            open += client->wait_closed(100ms) ? 0 : 1;
        }
        MESSAGE(open << " of " << k_slow_clients << " slow clients still open");
        CHECK(open <= 12);
    }
}
