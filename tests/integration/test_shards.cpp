// Serving a sharded archive (issue 18): three shards, each served by Debian's xapian-tcpsrv on a
// free loopback port and named by a stub file, answer a fixed set of queries exactly as one
// database holding all their articles (the same top 100 in the same order, the same scores, the
// same totals and facets); a shard that is killed gives the chosen policy's answer within 3 s
// (partial JSON naming it, or 503) and full answers again once it is back on its port, without
// restarting dateline-server. Skipped with a message when xapian-tcpsrv is not installed.
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using dateline::testing::accepts_connections;
using dateline::testing::BackgroundProgram;
using dateline::testing::check_error_envelope;
using dateline::testing::free_port;
using dateline::testing::get;
using dateline::testing::hit_ids;
using dateline::testing::index_into;
using dateline::testing::k_server;
using dateline::testing::Reply;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

constexpr int k_shards = 3;
constexpr int k_articles_per_shard = 90;

std::string find_tcpsrv()
{
    for (const char* candidate : {"/usr/bin/xapian-tcpsrv", "/usr/local/bin/xapian-tcpsrv"}) {
        if (access(candidate, X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

// Invented words; the first ones are drawn most often, so that queries find many matches.
const std::vector<std::string> k_words = {
    "harbour", "ferry",   "quay",    "lantern", "storm",  "fares",   "council", "beacon", "tide",    "island",
    "market",  "bridge",  "pier",    "gull",    "netting", "skipper", "ledger", "crane",  "warden",  "moorland",
    "estuary", "granary", "cobble",  "tolls",   "brine",  "shoal",   "dredger", "kelp",   "foghorn", "lockkeeper"};

// A deterministic stream of numbers (a linear congruential generator), so every run builds the
// same archive.
class Draw {
public:
    explicit Draw(std::uint64_t seed) : m_state(seed * 6364136223846793005ULL + 1442695040888963407ULL) {}
    std::size_t below(std::size_t bound)
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>((m_state >> 33U) % bound);
    }
    // Skewed towards small values: the word list's first words are common.
    std::size_t word() { return std::min(below(k_words.size()), below(k_words.size())); }

private:
    std::uint64_t m_state;
};

std::string sentence(Draw& draw, std::size_t words)
{
    std::string text;
    for (std::size_t i = 0; i < words; ++i) {
        text += (text.empty() ? "" : " ") + k_words[draw.word()];
        if (draw.below(40) == 0) {
            text += " tidal barrage"; // a phrase for the phrase query
        }
    }
    return text;
}

// One JSON record; every eleventh article is a syndicated copy of the one before (same text,
// another source), kept in the same shard so the copy clusters are the same as in the whole.
json make_record(int shard, int n, Draw& draw, const json& previous)
{
    static const std::vector<std::string> sources = {"Gull Gazette", "Quay Courier", "Lantern Post", "Tide Times"};
    static const std::vector<std::string> sections = {"Business", "Port", "Weather", "Council"};
    static const std::vector<std::string> tags = {"ferries", "storms", "tolls", "markets", "bridges"};
    json record;
    record["id"] = "shard" + std::to_string(shard) + "-" + std::to_string(n);
    if (n % 11 == 10 && !previous.is_null()) {
        for (const char* field : {"title", "section", "date", "tags", "body"}) {
            record[field] = previous[field];
        }
        record["source"] = sources[(draw.below(3) + 1 + n) % sources.size()];
        return record;
    }
    record["title"] = sentence(draw, 3 + draw.below(4));
    record["section"] = sections[draw.below(sections.size())];
    record["source"] = sources[draw.below(sources.size())];
    char date[16];
    std::snprintf(date, sizeof date, "%04zu-%02zu-%02zu", 2019 + draw.below(5), 1 + draw.below(12), 1 + draw.below(28));
    record["date"] = date;
    record["tags"] = json::array();
    for (std::size_t i = draw.below(3); i > 0; --i) {
        record["tags"].push_back(tags[draw.below(tags.size())]);
    }
    record["body"] = sentence(draw, 25 + draw.below(30)) + ".\n\n" + sentence(draw, 20 + draw.below(30)) + ".";
    return record;
}

// Three shards of generated articles and one database of all of them, indexed in the order that
// interleaves the shards as Xapian numbers the documents of several databases (shard s's n-th
// document is document n * 3 + s + 1 of the whole), so ties are broken alike.
struct ShardedArchive {
    TempDir dir;
    std::vector<fs::path> shards;
    fs::path whole = dir.path() / "whole";

    ShardedArchive()
    {
        std::vector<std::vector<json>> records(k_shards);
        for (int shard = 0; shard < k_shards; ++shard) {
            Draw draw(static_cast<std::uint64_t>(shard) + 7);
            for (int n = 0; n < k_articles_per_shard; ++n) {
                records[shard].push_back(make_record(shard, n, draw, n > 0 ? records[shard].back() : json()));
            }
        }
        std::ofstream all(dir.path() / "all.jsonl");
        for (int n = 0; n < k_articles_per_shard; ++n) {
            for (int shard = 0; shard < k_shards; ++shard) {
                all << records[shard][n].dump() << '\n';
            }
        }
        all.close();
        for (int shard = 0; shard < k_shards; ++shard) {
            const fs::path input = dir.path() / ("shard" + std::to_string(shard) + ".jsonl");
            std::ofstream out(input);
            for (const json& record : records[shard]) {
                out << record.dump() << '\n';
            }
            out.close();
            shards.push_back(dir.path() / ("shard" + std::to_string(shard)));
            REQUIRE(index_into(shards.back(), {input.string(), "--jobs", "1"}).exit_code == 0);
        }
        REQUIRE(index_into(whole, {(dir.path() / "all.jsonl").string(), "--jobs", "1"}).exit_code == 0);
    }
};

// The processes whose parent is `parent`, from /proc.
std::vector<pid_t> children_of(pid_t parent)
{
    std::vector<pid_t> children;
    for (const fs::directory_entry& entry : fs::directory_iterator("/proc")) {
        std::ifstream stat(entry.path() / "stat");
        std::string pid;
        std::string name;
        std::string state;
        pid_t ppid = 0;
        if (stat >> pid >> name >> state >> ppid && ppid == parent) {
            children.push_back(static_cast<pid_t>(std::stol(pid)));
        }
    }
    return children;
}

// The xapian-tcpsrv this test started on `port`.
pid_t tcpsrv_on(int port)
{
    for (const pid_t pid : children_of(getpid())) {
        std::ifstream file("/proc/" + std::to_string(pid) + "/cmdline");
        const std::string cmdline((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        if (cmdline.find(std::string("--port") + '\0' + std::to_string(port) + '\0') != std::string::npos) {
            return pid;
        }
    }
    return -1;
}

// xapian-tcpsrv serving one shard on a fixed port (so it can come back on the same one).
class ShardServer {
public:
    ShardServer(const std::string& tcpsrv, const fs::path& shard, int port)
        : m_program({tcpsrv, "--quiet", "--interface", "127.0.0.1", "--port", std::to_string(port), shard.string()}),
          m_port(port)
    {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!accepts_connections(port) && std::chrono::steady_clock::now() < deadline && !m_program.exited()) {
            std::this_thread::sleep_for(20ms);
        }
        REQUIRE_MESSAGE(accepts_connections(port), "xapian-tcpsrv did not start on port " << port);
    }
    ~ShardServer() { kill(); }
    ShardServer(const ShardServer&) = delete;
    ShardServer& operator=(const ShardServer&) = delete;

    // Kills the server and the processes it forked, one per connection (as when its machine
    // goes away; none is left behind): stopped first, so that it forks no more while they are found.
    void kill()
    {
        if (m_killed) {
            return; // a new server may listen on the port by now
        }
        m_killed = true;
        if (const pid_t server = tcpsrv_on(m_port); server > 0) {
            ::kill(server, SIGSTOP);
            for (const pid_t child : children_of(server)) {
                ::kill(child, SIGKILL);
            }
        }
        m_program.kill_and_wait(SIGKILL);
    }

private:
    BackgroundProgram m_program;
    int m_port;
    bool m_killed = false;
};

// The stub file naming the remote shards.
fs::path write_stub(const fs::path& dir, const std::vector<int>& ports)
{
    const fs::path stub = dir / "archive.stub";
    std::ofstream out(stub);
    out << "# three shards served by xapian-tcpsrv\n";
    for (const int port : ports) {
        out << "remote 127.0.0.1:" << port << '\n';
    }
    return stub;
}

std::string search_target(const std::string& query, const std::string& extra = "")
{
    return "/api/search?size=100&q=" + httplib::detail::encode_query_param(query) + extra;
}

// The same answer, but for the time it took: ids in order, scores to 1e-9, totals and facets.
void check_same_answer(const json& sharded, const json& whole)
{
    REQUIRE(sharded["hits"].size() == whole["hits"].size());
    CHECK(hit_ids(sharded) == hit_ids(whole));
    for (std::size_t i = 0; i < whole["hits"].size(); ++i) {
        CAPTURE(i);
        CHECK(std::abs(sharded["hits"][i]["score"].get<double>() - whole["hits"][i]["score"].get<double>()) < 1e-9);
        CHECK(sharded["hits"][i]["snippet"] == whole["hits"][i]["snippet"]);
        CHECK(sharded["hits"][i].value("duplicates", 0) == whole["hits"][i].value("duplicates", 0));
    }
    CHECK(sharded["total"] == whole["total"]);
    CHECK(sharded["facets"] == whole["facets"]);
    CHECK(sharded["partial"] == false);
}

const std::vector<std::string> k_queries = {
    "harbour",                      // one common word
    "harbour ferry quay",           // free words
    "\"tidal barrage\"",            // a phrase
    "ferry AND NOT skipper",        // boolean
    "(lantern OR beacon) AND quay", // brackets
    "title:harbour",                // a field
    "section:port ferry",           // a boolean field and a word
    "harbour date:2020..2021",      // a date range
    "date:2022",                    // a date range alone: every match weighs 0, ties in document order
    "ferry NEAR fares",             // proximity
    "harbour OR quay",              // either word
};

} // namespace

TEST_SUITE("shards")
{
    TEST_CASE("three remote shards answer as one database: ids, order, scores, totals and facets" *
              doctest::test_suite("slow"))
    {
        const std::string tcpsrv = find_tcpsrv();
        if (tcpsrv.empty()) {
            MESSAGE("SKIPPED: xapian-tcpsrv is not installed (sh .ci/setup installs it; apt-get install xapian-tools)");
            return;
        }
        ShardedArchive archive;
        std::vector<int> ports;
        std::vector<std::unique_ptr<ShardServer>> servers;
        for (const fs::path& shard : archive.shards) {
            ports.push_back(free_port());
            servers.push_back(std::make_unique<ShardServer>(tcpsrv, shard, ports.back()));
        }
        const fs::path stub = write_stub(archive.dir.path(), ports);
        ServerProcess sharded(k_server, stub, {"--cache-entries", "0"});
        ServerProcess whole(k_server, archive.whole, {"--cache-entries", "0"});
        for (const std::string& query : k_queries) {
            for (const std::string extra : {"", "&collapse=false", "&sort=newest", "&tag=ferries"}) {
                CAPTURE(query);
                CAPTURE(extra);
                const Reply from_shards = get(sharded.port(), search_target(query, extra));
                const Reply from_whole = get(whole.port(), search_target(query, extra));
                REQUIRE(from_shards.status == 200);
                REQUIRE(from_whole.status == 200);
                CHECK(!from_whole.body["hits"].empty());
                check_same_answer(from_shards.body, from_whole.body);
            }
        }
        // An article by id, its copies and its related articles, wherever its shard.
        for (const std::string id : {"shard0-4", "shard1-10", "shard2-33"}) {
            CAPTURE(id);
            const Reply article = get(sharded.port(), "/api/articles/" + id);
            REQUIRE(article.status == 200);
            CHECK(article.body == get(whole.port(), "/api/articles/" + id).body);
            const Reply similar = get(sharded.port(), "/api/articles/" + id + "/similar");
            REQUIRE(similar.status == 200);
            const std::vector<std::string> similar_ids = hit_ids(similar.body);
            CHECK(!similar_ids.empty());
            CHECK(std::find(similar_ids.begin(), similar_ids.end(), id) == similar_ids.end());
            CHECK(similar_ids == hit_ids(get(whole.port(), "/api/articles/" + id + "/similar").body));
        }
        const Reply ready = get(sharded.port(), "/readyz");
        CHECK(ready.status == 200);
        CHECK(ready.body["status"] == "ready");
        CHECK(ready.body["documents"] == k_shards * k_articles_per_shard);
        CHECK(ready.body["shards"].size() == k_shards);
    }

    TEST_CASE("a killed shard gives the policy's answer within 3 s and full answers once it is back on its port" *
              doctest::test_suite("slow"))
    {
        const std::string tcpsrv = find_tcpsrv();
        if (tcpsrv.empty()) {
            MESSAGE("SKIPPED: xapian-tcpsrv is not installed (sh .ci/setup installs it; apt-get install xapian-tools)");
            return;
        }
        ShardedArchive archive;
        std::vector<int> ports;
        std::vector<std::unique_ptr<ShardServer>> servers;
        for (const fs::path& shard : archive.shards) {
            ports.push_back(free_port());
            servers.push_back(std::make_unique<ShardServer>(tcpsrv, shard, ports.back()));
        }
        const fs::path stub = write_stub(archive.dir.path(), ports);
        ServerProcess partial(k_server, stub, {"--cache-entries", "0"});
        ServerProcess strict(k_server, stub, {"--cache-entries", "0", "--shard-down", "fail"});
        const std::string target = search_target("harbour");
        const Reply before = get(partial.port(), target);
        REQUIRE(before.status == 200);
        CHECK(before.body["partial"] == false);
        REQUIRE(get(strict.port(), target).status == 200);

        servers[1]->kill();
        const std::string down = "remote 127.0.0.1:" + std::to_string(ports[1]);
        auto start = std::chrono::steady_clock::now();
        const Reply during = get(partial.port(), target);
        CHECK(std::chrono::steady_clock::now() - start < 3s);
        REQUIRE(during.status == 200);
        CHECK(during.body["partial"] == true);
        CHECK(during.body["missing_shards"] == json::array({down}));
        CHECK(!during.body["hits"].empty());
        CHECK(during.body["total"]["value"] < before.body["total"]["value"]);
        for (const std::string& id : hit_ids(during.body)) {
            CHECK(!id.starts_with("shard1-"));
        }
        CHECK(get(partial.port(), "/search?q=harbour").text.find("Part of the archive is unavailable") !=
              std::string::npos);
        const Reply ready = get(partial.port(), "/readyz");
        CHECK(ready.status == 200);
        CHECK(ready.body["status"] == "partial");
        CHECK(ready.body["shards"][1]["up"] == false);
        start = std::chrono::steady_clock::now();
        const Reply refused = get(strict.port(), target);
        CHECK(std::chrono::steady_clock::now() - start < 3s);
        check_error_envelope(refused, 503, "unavailable");
        CHECK(refused.body["error"]["message"].get<std::string>().find(down) != std::string::npos);
        CHECK(get(strict.port(), "/readyz").status == 503);

        servers[1] = std::make_unique<ShardServer>(tcpsrv, archive.shards[1], ports[1]);
        const auto deadline = std::chrono::steady_clock::now() + 15s;
        Reply after;
        Reply strict_after;
        do {
            std::this_thread::sleep_for(200ms);
            after = get(partial.port(), target);
            strict_after = get(strict.port(), target);
        } while ((after.body.value("partial", true) || strict_after.status != 200) &&
                 std::chrono::steady_clock::now() < deadline);
        CHECK(after.body["partial"] == false);
        CHECK(hit_ids(after.body) == hit_ids(before.body));
        CHECK(strict_after.status == 200);
        CHECK(hit_ids(strict_after.body) == hit_ids(before.body));
        CHECK(get(partial.port(), "/readyz").body["status"] == "ready");
    }
}
