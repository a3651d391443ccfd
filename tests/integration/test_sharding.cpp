// Sharded archives at index time (issue 18): `dateline-indexer --shard-by year` writes one
// database per year and a Xapian stub, dateline-server serves the stub as the union of its
// shards (same hits, facets, article pages and collapse as one database), an article whose date
// moved it to another shard leaves no copy, and a conflicting --shard-by or a command that works
// on one database at a time is refused with a message saying what to do.
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using dateline::testing::get;
using dateline::testing::hit_ids;
using dateline::testing::index_into;
using dateline::testing::k_data;
using dateline::testing::k_indexer;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

ProgramResult index_sharded(const fs::path& db, const std::vector<std::string>& inputs, const std::string& rule)
{
    std::vector<std::string> argv = {k_indexer, "--db", db.string(), "--shard-by", rule, "--jobs", "1"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return run_program(argv);
}

std::vector<std::string> fixture_inputs()
{
    return {(k_data / "records").string(), (k_data / "site-a").string()};
}

std::string read_file(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// How many articles with the id `id` `dateline-indexer export` finds in the database (or
// shard, or sharded archive) at `db`.
int copies_of(const fs::path& db, const std::string& id)
{
    const ProgramResult exported = run_program({k_indexer, "export", "--db", db.string(), "-q"});
    REQUIRE_MESSAGE(exported.exit_code == 0, exported.err);
    std::istringstream lines(exported.out);
    int copies = 0;
    for (std::string line; std::getline(lines, line);) {
        copies += json::parse(line)["id"] == id ? 1 : 0;
    }
    return copies;
}

void write_record(const fs::path& file, const std::string& date)
{
    std::ofstream(file, std::ios::trunc)
        << json{{"id", "moving-story"}, {"title", "Lighthouse keeper retires"}, {"date", date},
                {"body", "The last lighthouse keeper on the point hands over the lamp."}}.dump()
        << '\n';
}

} // namespace

TEST_SUITE("sharding")
{
    TEST_CASE("--shard-by year writes a shard per year and a stub the server answers from as from one database")
    {
        TempDir dir;
        const ProgramResult sharded = index_sharded(dir.path() / "sharded", fixture_inputs(), "year");
        REQUIRE_MESSAGE(sharded.exit_code == 0, sharded.err);
        REQUIRE(index_into(dir.path() / "single", fixture_inputs()).exit_code == 0);
        for (const char* year : {"2020", "2021", "2022", "2023", "2024", "undated"}) {
            CAPTURE(year);
            CHECK(fs::exists(dir.path() / "sharded" / "shards" / year / "iamglass"));
            CHECK(read_file(dir.path() / "sharded" / "XAPIANDB").find(std::string("\nauto shards/") + year + "\n") !=
                  std::string::npos);
        }
        CHECK(read_file(dir.path() / "sharded" / "dateline-shards").find("\nshard-by year\n") != std::string::npos);

        ServerProcess single(k_server, dir.path() / "single");
        ServerProcess union_of_shards(k_server, dir.path() / "sharded");
        for (const char* target : {"/api/search?q=ferry&size=100", "/api/search?q=harbour+OR+fares&size=100",
                                   "/api/search?q=&size=100&sort=newest", "/api/search?q=ferry&collapse=false&size=100",
                                   "/api/search?q=date:2024&size=100"}) {
            const std::string request = target;
            CAPTURE(request);
            const json expected = get(single.port(), target).body;
            const json got = get(union_of_shards.port(), target).body;
            REQUIRE(expected.contains("hits"));
            CHECK(!hit_ids(expected).empty());
            CHECK(hit_ids(got) == hit_ids(expected));
            CHECK(got["total"] == expected["total"]);
            CHECK(got["facets"] == expected["facets"]);
        }
        const json article = get(union_of_shards.port(), "/api/articles/fx-ferry-fares").body;
        CHECK(article["title"] == "Island ferry fares rise again");
        CHECK(get(union_of_shards.port(), "/api/articles/fx-ferry-fares/similar").status == 200);

        // stats and export read the union too; delete reaches every shard.
        const ProgramResult stats = run_program({k_indexer, "stats", "--db", (dir.path() / "sharded").string(), "--json"});
        CHECK(stats.exit_code == 0);
        CHECK(json::parse(stats.out)["documents"] == json::parse(run_program({k_indexer, "stats", "--db",
                                                                              (dir.path() / "single").string(), "--json"})
                                                                     .out)["documents"]);
        const ProgramResult deleted =
            run_program({k_indexer, "delete", "--db", (dir.path() / "sharded").string(), "fx-ferry-fares"});
        CHECK_MESSAGE(deleted.exit_code == 0, deleted.err);
        CHECK(copies_of(dir.path() / "sharded", "fx-ferry-fares") == 0);
    }

    TEST_CASE("an article whose date moved it to another shard leaves no copy behind")
    {
        TempDir dir;
        const fs::path db = dir.path() / "db";
        fs::create_directories(dir.path() / "in");
        write_record(dir.path() / "in" / "story.jsonl", "2019-05-01");
        REQUIRE(index_sharded(db, {(dir.path() / "in").string()}, "year").exit_code == 0);
        CHECK(copies_of(db / "shards" / "2019", "moving-story") == 1);

        // The later run names no rule: the recorded one is used.
        write_record(dir.path() / "in" / "story.jsonl", "2022-11-30");
        const ProgramResult moved = run_program({k_indexer, "--db", db.string(), (dir.path() / "in").string()});
        REQUIRE_MESSAGE(moved.exit_code == 0, moved.err);
        CHECK(copies_of(db / "shards" / "2019", "moving-story") == 0);
        CHECK(copies_of(db / "shards" / "2022", "moving-story") == 1);
        CHECK(copies_of(db, "moving-story") == 1);
        ServerProcess server(k_server, db);
        CHECK(hit_ids(get(server.port(), "/api/search?q=lighthouse").body) == std::vector<std::string>{"moving-story"});
        CHECK(get(server.port(), "/api/articles/moving-story").body["date"] == "2022-11-30");
    }

    TEST_CASE("a conflicting --shard-by, --shard-by on a single database and whole-database commands are refused")
    {
        TempDir dir;
        const fs::path db = dir.path() / "db";
        REQUIRE(index_sharded(db, fixture_inputs(), "year").exit_code == 0);
        const std::string stub_before = read_file(db / "XAPIANDB");

        const ProgramResult conflicting = index_sharded(db, fixture_inputs(), "month");
        CHECK(conflicting.exit_code == 1);
        CHECK(conflicting.err.find(db.string() + " is sharded by year, not by month: leave out --shard-by") !=
              std::string::npos);
        CHECK(read_file(db / "XAPIANDB") == stub_before);
        CHECK_FALSE(fs::exists(db / "shards" / "2024-01"));

        REQUIRE(index_into(dir.path() / "single", fixture_inputs()).exit_code == 0);
        const ProgramResult on_single = index_sharded(dir.path() / "single", fixture_inputs(), "hash:4");
        CHECK(on_single.exit_code == 1);
        CHECK(on_single.err.find("holds a single database: --shard-by hash:4 needs a new or empty directory") !=
              std::string::npos);

        for (const char* command : {"reindex", "compact"}) {
            CAPTURE(command);
            const ProgramResult refused = run_program({k_indexer, command, "--db", db.string()});
            CHECK(refused.exit_code == 1);
            CHECK(refused.err.find("is a sharded archive (--shard-by year); " + std::string(command) +
                                   " works on one database at a time: run it on each shard") != std::string::npos);
        }
        // A shard on its own is an ordinary database.
        CHECK(run_program({k_indexer, "compact", "--db", (db / "shards" / "2024").string()}).exit_code == 0);

        const ProgramResult bad_rule = index_sharded(dir.path() / "other", fixture_inputs(), "week");
        CHECK(bad_rule.exit_code == 2);
        CHECK(bad_rule.err.find("--shard-by: \"week\" is not a shard rule: want year, month or hash:N") !=
              std::string::npos);
    }

    TEST_CASE("--delete-missing works on a sharded archive")
    {
        TempDir dir;
        const fs::path db = dir.path() / "db";
        fs::create_directories(dir.path() / "in");
        write_record(dir.path() / "in" / "story.jsonl", "2019-05-01");
        fs::copy_file(k_data / "records" / "articles.jsonl", dir.path() / "in" / "articles.jsonl");
        REQUIRE(index_sharded(db, {(dir.path() / "in").string()}, "month").exit_code == 0);
        CHECK(copies_of(db / "shards" / "2019-05", "moving-story") == 1);
        fs::remove(dir.path() / "in" / "story.jsonl");
        const ProgramResult run =
            run_program({k_indexer, "--db", db.string(), "--delete-missing", (dir.path() / "in").string()});
        CHECK_MESSAGE(run.exit_code == 0, run.err);
        CHECK(copies_of(db, "moving-story") == 0);
        CHECK(copies_of(db, "fx-ferry-fares") == 1);
    }
}
