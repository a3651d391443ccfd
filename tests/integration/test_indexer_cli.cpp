// dateline-indexer as pipelines and operators use it, on the real binaries: records piped to
// standard input, delete, --delete-missing, stats, export round trips, reindex after a schema
// change, compaction, a backup restored while a server runs, and progress for people and CI.
#include "common/index/schema.h" // only for k_schema_version
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

using dateline::testing::Archive;
using dateline::testing::get;
using dateline::testing::hit_ids;
using dateline::testing::index_into;
using dateline::testing::k_data;
using dateline::testing::k_indexer;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::Reply;
using dateline::testing::run_in_terminal;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

ProgramResult indexer(const Strings& args, const std::string& input = {})
{
    Strings argv = {k_indexer};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_program(argv, input, {"CI"});
}

// Ranked ids and scores, as a client sees them.
std::vector<std::pair<std::string, double>> ranked(int port, const std::string& query)
{
    std::vector<std::pair<std::string, double>> hits;
    const Reply reply = get(port, "/api/v1/search?size=100&q=" + query); // outlives the loop
    for (const json& hit : reply.body.at("hits")) {
        hits.emplace_back(hit.at("id").get<std::string>(), hit.at("score").get<double>());
    }
    return hits;
}

const Strings k_queries = {"harbour", "%22central%20bank%22", "ferry%20OR%20bridge", "title:seals", ""};

std::vector<std::vector<std::pair<std::string, double>>> answer_all(int port)
{
    std::vector<std::vector<std::pair<std::string, double>>> answers;
    for (const std::string& query : k_queries) {
        answers.push_back(ranked(port, query));
    }
    return answers;
}

void set_schema_version(const fs::path& db, const std::string& version)
{
    Xapian::WritableDatabase writable(db.string(), Xapian::DB_OPEN);
    writable.set_metadata("dateline.schema_version", version);
    writable.commit();
}

} // namespace

TEST_SUITE("indexer commands")
{
    TEST_CASE("indexes JSONL piped to standard input, without duplicates on a re-run")
    {
        TempDir dir;
        const std::string db = (dir.path() / "db").string();
        const std::string records = R"({"id":"p-1","title":"Crane collapses at the dock","body":"No one was hurt."})"
                                    "\n"
                                    R"({"url":"https://dock.example/2","title":"Dock reopens"})"
                                    "\n"
                                    R"({"title":"Neither id nor url","body":"Identified by content."})"
                                    "\n";
        const ProgramResult first = indexer({"--db", db, "-"}, records);
        CAPTURE(first.err);
        CHECK(first.exit_code == 0);
        CHECK(first.err.find("3 articles read: 3 indexed, 0 rejected") != std::string::npos);
        const ProgramResult again = indexer({"--db", db, "--json", "-"}, "\n" + records);
        CHECK(again.exit_code == 0);
        CHECK(json::parse(again.out)["documents"] == 3);
        ServerProcess server(k_server, db);
        CHECK(get(server.port(), "/api/v1/articles/p-1").status == 200);
        CHECK(get(server.port(), "/api/v1/articles/https%3A%2F%2Fdock.example%2F2").status == 200);
        const ProgramResult bad = indexer({"--db", db, "-"}, "{\"title\": [1]}\n");
        CHECK(bad.exit_code == 3);
        CHECK(bad.err.find("rejected: stdin:1: \"title\" must be a string, not array") != std::string::npos);
    }

    TEST_CASE("deletes articles by id (unknown ids exit 3) and a running server sees it")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        REQUIRE(get(server.port(), "/api/v1/articles/fx-ferry-fares").status == 200);
        const ProgramResult deleted = indexer({"delete", "--db", archive.db.string(), "fx-ferry-fares", "pws/2022/07/solar-farm"});
        CAPTURE(deleted.err);
        CHECK(deleted.exit_code == 0);
        CHECK(deleted.err.find("deleted 2 articles; 0 ids not found") != std::string::npos);
        CHECK(get(server.port(), "/api/v1/articles/fx-ferry-fares").status == 404);
        CHECK(get(server.port(), "/healthz").body["documents"] == 20);
        const Strings ferry_hits = hit_ids(get(server.port(), "/api/v1/search?q=ferry&size=100").body);
        CHECK(std::find(ferry_hits.begin(), ferry_hits.end(), "fx-ferry-fares") == ferry_hits.end());

        const ProgramResult unknown = indexer({"delete", "--db", archive.db.string(), "--json", "-"}, "fx-cold-war\nnope\n");
        CHECK(unknown.exit_code == 3);
        CHECK(json::parse(unknown.out) == json{{"deleted", {"fx-cold-war"}}, {"not_found", {"nope"}}, {"documents", 19}});

        const ProgramResult no_db = indexer({"delete", "--db", (archive.dir.path() / "typo").string(), "x"});
        CHECK(no_db.exit_code == 1);
        CHECK(no_db.err.find("no database at") != std::string::npos);
        CHECK_FALSE(fs::exists(archive.dir.path() / "typo"));
    }

    TEST_CASE("--delete-missing follows a directory that shrank")
    {
        TempDir dir;
        const fs::path site = dir.path() / "site";
        fs::create_directories(site);
        fs::copy(k_data / "site-a", site, fs::copy_options::recursive);
        fs::copy(k_data / "records" / "articles.jsonl", site / "articles.jsonl");
        const std::string db = (dir.path() / "db").string();
        REQUIRE(indexer({"--db", db, site.string()}).exit_code == 0);
        fs::remove(site / "2023-06-07-market.txt");
        const ProgramResult shrunk = indexer({"--db", db, "--delete-missing", "--json", site.string()});
        CAPTURE(shrunk.err);
        CHECK(shrunk.exit_code == 0);
        CHECK(json::parse(shrunk.out)["deleted"] == json::array({"2023-06-07-market.txt"}));
        // An emptied file keeps its articles, whatever its format (issue 15).
        std::ofstream(site / "articles.jsonl", std::ios::trunc).close();
        std::ofstream(site / "2023-06-05-bridge.txt", std::ios::trunc).close();
        const ProgramResult emptied = indexer({"--db", db, "--delete-missing", "--json", site.string()});
        CAPTURE(emptied.err);
        CHECK(emptied.exit_code == 0);
        CHECK(json::parse(emptied.out)["deleted"] == json::array());
        ServerProcess server(k_server, db);
        CHECK(get(server.port(), "/api/v1/articles/2023-06-07-market.txt").status == 404);
        CHECK(get(server.port(), "/api/v1/articles/2023-06-05-bridge.txt").status == 200);
    }

    TEST_CASE("prints statistics for people and for scripts")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const ProgramResult table = indexer({"stats", "--db", archive.db.string()});
        CAPTURE(table.out);
        CHECK(table.exit_code == 0);
        CHECK(table.out.find("documents       22\n") != std::string::npos);
        CHECK(table.out.find("schema version  " + std::to_string(dateline::schema::k_schema_version) + "\n") != std::string::npos);
        CHECK(table.out.find("last commit     20") != std::string::npos);
        const ProgramResult scripted = indexer({"stats", "--db", archive.db.string(), "--json"});
        const json stats = json::parse(scripted.out);
        CHECK(stats["documents"] == 22);
        CHECK(stats["dates"]["first"].is_string());
        CHECK(stats["sources"].size() >= 2);
        CHECK(stats["size_bytes"].get<long>() > 0);
        ServerProcess server(k_server, archive.db);
        json served = get(server.port(), "/api/v1/stats").body;
        json local = stats;
        local.erase("db");
        CHECK(served == local);
    }

    TEST_CASE("exports records that index back to the same database")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const ProgramResult exported = indexer({"export", "--db", archive.db.string()});
        CHECK(exported.exit_code == 0);
        CHECK(exported.err.find("exported 22 articles") != std::string::npos);
        const fs::path file = archive.dir.path() / "export.jsonl";
        std::ofstream(file) << exported.out;
        const fs::path copy = archive.dir.path() / "copy";
        REQUIRE(indexer({"--db", copy.string(), file.string()}).exit_code == 0);
        const ProgramResult reexported = indexer({"export", "--db", copy.string()});
        CHECK(reexported.out == exported.out);
        ServerProcess original(k_server, archive.db);
        ServerProcess restored(k_server, copy);
        CHECK(answer_all(restored.port()) == answer_all(original.port()));

        const ProgramResult some = indexer({"export", "--db", archive.db.string(), "--query", "section:science"});
        CHECK(std::count(some.out.begin(), some.out.end(), '\n') == 2);
        const ProgramResult broken = indexer({"export", "--db", archive.db.string(), "--query", "\"unclosed"});
        CHECK(broken.exit_code == 1);
        CHECK(broken.err.find("cannot read the query") != std::string::npos);
    }

    TEST_CASE("a database of an older schema is refused with what to do, and reindex upgrades it")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        std::vector<std::vector<std::pair<std::string, double>>> before;
        {
            ServerProcess server(k_server, archive.db);
            before = answer_all(server.port());
        }
        set_schema_version(archive.db, "1");
        const ProgramResult refused = run_program({k_server, "--db", archive.db.string(), "--port", "0"});
        CHECK(refused.exit_code == 1);
        CHECK(refused.err.find("upgrade it with: dateline-indexer reindex --db " + archive.db.string()) !=
              std::string::npos);
        const ProgramResult index_refused = index_into(archive.db, {(k_data / "site-a").string()});
        CHECK(index_refused.exit_code == 1);
        CHECK(index_refused.err.find("dateline-indexer reindex --db") != std::string::npos);

        const ProgramResult reindexed = indexer({"reindex", "--db", archive.db.string(), "--json"});
        CAPTURE(reindexed.err);
        CHECK(reindexed.exit_code == 0);
        CHECK(json::parse(reindexed.out) ==
              json{{"articles", 22}, {"from_version", 1}, {"to_version", dateline::schema::k_schema_version}, {"kept_old", nullptr}});
        CHECK(reindexed.err.find("reindexed 22 articles") != std::string::npos);
        ServerProcess server(k_server, archive.db);
        CHECK(answer_all(server.port()) == before);
        Strings leftovers;
        for (const auto& entry : fs::directory_iterator(archive.dir.path())) {
            leftovers.push_back(entry.path().filename().string());
        }
        CHECK(leftovers == Strings{"db"});
    }

    TEST_CASE("compacts in place while a server answers, which then answers the same")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        REQUIRE(indexer({"delete", "--db", archive.db.string(), "fx-cold-war"}).exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const auto before = answer_all(server.port());
        const ProgramResult compacted = indexer({"compact", "--db", archive.db.string(), "--json"});
        CAPTURE(compacted.err);
        CHECK(compacted.exit_code == 0);
        CHECK(json::parse(compacted.out)["documents"] == 21);
        CHECK(answer_all(server.port()) == before);
        CHECK(get(server.port(), "/readyz").status == 200);
    }

    TEST_CASE("a backup taken while the server runs restores to identical search results")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const fs::path backup = archive.dir.path() / "backup";
        std::vector<std::vector<std::pair<std::string, double>>> before;
        {
            ServerProcess server(k_server, archive.db);
            before = answer_all(server.port());
            const ProgramResult copied = indexer({"compact", "--db", archive.db.string(), "--to", backup.string()});
            CAPTURE(copied.err);
            REQUIRE(copied.exit_code == 0);
            CHECK(copied.err.find("wrote a compacted copy") != std::string::npos);
            CHECK(answer_all(server.port()) == before); // the server did not notice
            CHECK(server.stop() == 0);
        }
        // Disaster: the database is lost. Restore: put the backup in its place.
        fs::remove_all(archive.db);
        fs::rename(backup, archive.db);
        ServerProcess restored(k_server, archive.db);
        CHECK(answer_all(restored.port()) == before);
        CHECK(get(restored.port(), "/healthz").body["documents"] == 22);

        const ProgramResult exists = indexer({"compact", "--db", archive.db.string(), "--to", archive.db.string()});
        CHECK(exists.exit_code == 1);
        CHECK(exists.err.find("exists; compact --to writes a new directory") != std::string::npos);
    }

    TEST_CASE("shows a live progress line and a summary table on a terminal")
    {
        TempDir dir;
        const ProgramResult run = run_in_terminal(
            {k_indexer, "--db", (dir.path() / "db").string(), (k_data / "records").string(), (k_data / "site-a").string()});
        CAPTURE(run.out);
        CHECK(run.exit_code == 0);
        CHECK(run.out.find("\r\x1b[K") != std::string::npos);
        CHECK(run.out.find("articles read") != std::string::npos);
        CHECK(run.out.find("  database") != std::string::npos);
        CHECK(run.out.find("22 articles") != std::string::npos);
        CHECK(run.out.find("dateline-indexer: progress:") == std::string::npos);
    }

    TEST_CASE("prints plain progress lines in a pipe, nothing with --quiet, and JSON with --json")
    {
        TempDir dir;
        const std::string db = (dir.path() / "db").string();
        const std::string records = (k_data / "records").string();
        const ProgramResult piped = indexer({"--db", db, "--progress-interval", "0", records});
        CAPTURE(piped.err);
        CHECK(piped.err.find("dateline-indexer: progress: files 1/2 · articles") != std::string::npos);
        CHECK(piped.err.find("\x1b[K") == std::string::npos);
        CHECK(piped.err.find("articles read:") != std::string::npos);

        const ProgramResult ci = run_program({k_indexer, "--db", db, "--progress-interval", "0", records}, {}, {"CI=true"});
        CHECK(ci.err.find("dateline-indexer: progress:") != std::string::npos);

        const ProgramResult quiet = indexer({"--db", db, "--quiet", "--progress-interval", "0", records});
        CHECK(quiet.err.find("progress") == std::string::npos);
        CHECK(quiet.err.find("articles read:") != std::string::npos);

        const ProgramResult scripted = indexer({"--db", db, "--json", "--quiet", records});
        const json summary = json::parse(scripted.out);
        CHECK(summary["articles_read"] == summary["indexed"].get<int>() + summary["rejected"].get<int>());
        CHECK(summary["documents"] == 20);
        CHECK(summary["db"] == db);
    }
}
