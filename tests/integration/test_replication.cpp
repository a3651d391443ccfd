// Read replicas (issue 18, test (c); docs/deployment.md): xapian-replicate-server serves the
// parent directory of the indexer's database, xapian-replicate pulls it into a replica (as a
// query machine would), and after the indexer commits more articles the replica converges to
// the indexer's latest revision, and a dateline-server already running on the replica finds
// them. The indexer runs with XAPIAN_MAX_CHANGESETS, as the guide says, so the second pull
// applies changesets instead of copying the database whole. Skipped with a message when
// xapian-tools is not installed (`sh .ci/setup` installs it).
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

using dateline::testing::accepts_connections;
using dateline::testing::BackgroundProgram;
using dateline::testing::free_port;
using dateline::testing::get;
using dateline::testing::k_data;
using dateline::testing::k_indexer;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// The program `name` on PATH, or "" when there is none.
std::string find_program(const std::string& name)
{
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const fs::path candidate = fs::path(dir.empty() ? "." : dir) / name;
        if (access(candidate.c_str(), X_OK) == 0) {
            return candidate.string();
        }
    }
    return {};
}

// xapian-replicate-server on a free loopback port, serving the databases under `parent`. It
// cannot report a port it picked, so a port found free is tried (again, should another
// program take it first).
struct ReplicationServer {
    std::unique_ptr<BackgroundProgram> process;
    int port = 0;

    ReplicationServer(const std::string& program, const fs::path& parent, const fs::path& log)
    {
        for (int attempt = 0; attempt < 3; ++attempt) {
            port = free_port();
            process = std::make_unique<BackgroundProgram>(
                std::vector<std::string>{program, "-I", "127.0.0.1", "-p", std::to_string(port), parent.string()}, log);
            const auto deadline = std::chrono::steady_clock::now() + 5s;
            while (!process->exited() && std::chrono::steady_clock::now() < deadline) {
                if (accepts_connections(port)) {
                    return;
                }
                std::this_thread::sleep_for(20ms);
            }
        }
        FAIL("xapian-replicate-server did not start; its output is in " << log.string());
    }
};

ProgramResult index_with_changesets(const fs::path& db, const std::string& input)
{
    return run_program({k_indexer, "--db", db.string(), "-q", input}, {}, {"XAPIAN_MAX_CHANGESETS=10"});
}

struct Revision {
    Xapian::rev revision = 0;
    Xapian::doccount documents = 0;
    bool operator==(const Revision&) const = default;
};

Revision read_revision(const fs::path& db)
{
    const Xapian::Database database(db.string());
    return {database.get_revision(), database.get_doccount()};
}

} // namespace

TEST_SUITE("replication")
{
    TEST_CASE("a replica pulled with xapian-replicate converges to the indexer's latest commit")
    {
        const std::string replicate_server = find_program("xapian-replicate-server");
        const std::string replicate = find_program("xapian-replicate");
        if (replicate_server.empty() || replicate.empty()) {
            MESSAGE("SKIPPED: xapian-replicate is not installed (sh .ci/setup installs it; apt-get install xapian-tools)");
            return;
        }
        TempDir dir;
        const fs::path master = dir.path() / "indexer" / "news";
        const fs::path replica = dir.path() / "query" / "news";
        fs::create_directories(replica.parent_path());
        REQUIRE(index_with_changesets(master, (k_data / "records").string()).exit_code == 0);
        ReplicationServer server(replicate_server, master.parent_path(), dir.path() / "replicate-server.log");
        const std::vector<std::string> pull = {replicate, "-h", "127.0.0.1", "-p", std::to_string(server.port),
                                               "-m", "news", "-o", "-v", replica.string()};

        const ProgramResult first = run_program(pull);
        REQUIRE_MESSAGE(first.exit_code == 0, first.out << first.err);
        CHECK(read_revision(replica) == read_revision(master));
        ServerProcess query_server(k_server, replica);
        const Revision before = read_revision(replica);
        CHECK(get(query_server.port(), "/api/search?q=&size=100").body["total"]["value"] == before.documents);

        // The indexer commits more; each one-shot pull brings the replica closer, until it has
        // the indexer's latest revision (one pull should do; a few are allowed for a slow disk).
        REQUIRE(index_with_changesets(master, (k_data / "site-a").string()).exit_code == 0);
        const Revision latest = read_revision(master);
        std::string pulls;
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (read_revision(replica) != latest && std::chrono::steady_clock::now() < deadline) {
            const ProgramResult again = run_program(pull);
            REQUIRE_MESSAGE(again.exit_code == 0, again.out << again.err);
            pulls += again.out + again.err;
        }
        CHECK(read_revision(replica) == latest);
        CHECK(latest.documents > before.documents);
        // Changesets, not a second whole copy: the running server keeps its handle's files.
        CHECK_MESSAGE(pulls.find("0 copies") != std::string::npos, pulls);
        const nlohmann::json found = get(query_server.port(), "/api/search?q=&size=100").body;
        CHECK(found["total"]["value"] == latest.documents);
    }
}
