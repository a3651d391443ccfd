// Unit tests of common/cli/indexer_commands.h: each command run on temporary directories with
// string streams for standard input and output: records from standard input, deletion (also of
// ids read from standard input), --delete-missing, stats and export whose records index back
// to the same articles.
#include "common/cli/indexer_commands.h"

#include "common/errors.h"
#include "common/search/search_service.h"
#include "common/index/schema.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using dateline::Article;
using dateline::CommandStatus;
using dateline::IndexerOptions;
using dateline::SearchService;
using dateline::testing::TempDir;
using Command = IndexerOptions::Command;
using Strings = std::vector<std::string>;
namespace fs = std::filesystem;

namespace {

struct Run {
    CommandStatus status = CommandStatus::done;
    std::string out;
    std::string err;
};

Run run(const IndexerOptions& options, const std::string& input = {})
{
    std::istringstream in(input);
    std::ostringstream out;
    std::ostringstream err;
    dateline::CommandContext context{in, out, err, false, true};
    Run result;
    switch (options.command) {
    case Command::index: {
        dateline::StopRequest never_asked;
        result.status = dateline::run_index_command(options, context, never_asked);
        break;
    }
    case Command::delete_articles: result.status = dateline::run_delete_command(options, context); break;
    case Command::stats: result.status = dateline::run_stats_command(options, context); break;
    case Command::export_articles: result.status = dateline::run_export_command(options, context); break;
    case Command::reindex: result.status = dateline::run_reindex_command(options, context); break;
    case Command::compact: result.status = dateline::run_compact_command(options, context); break;
    default: FAIL("not a command of indexer_commands");
    }
    result.out = out.str();
    result.err = err.str();
    return result;
}

IndexerOptions make_options(Command command, const std::string& db)
{
    IndexerOptions options;
    options.command = command;
    options.db = db;
    return options;
}

Strings all_ids(const std::string& db)
{
    Strings ids;
    SearchService(db).for_each_article("", [&](const Article& article) { ids.push_back(article.id); });
    return ids;
}

std::vector<Article> all_articles(const std::string& db)
{
    std::vector<Article> articles;
    SearchService(db).for_each_article("", [&](const Article& article) {
        Article copy = article;
        copy.source_path.clear(); // where it was read from is not part of the article
        articles.push_back(copy);
    });
    return articles;
}

const std::string k_stream = R"({"id":"s-1","title":"Quay lights repaired","body":"The quay lights work again."}
{"url":"https://pier.example/2023/gulls","title":"Gulls return to the pier","date":"2023-04-02"}

{"title":"An article with neither id nor url","body":"Its id comes from its content."}
{"title": 5}
)";

} // namespace

TEST_SUITE("indexer commands")
{
    TEST_CASE("indexes JSONL records from standard input with ids from the records, never their position")
    {
        TempDir dir;
        IndexerOptions options = make_options(Command::index, dir.sub("db"));
        options.paths = {"-"};
        options.json = true;
        const Run first = run(options, k_stream);
        CHECK(first.status == CommandStatus::incomplete);
        CHECK(first.err.find("rejected: stdin:5: \"title\" must be a string, not number") != std::string::npos);
        const nlohmann::json summary = nlohmann::json::parse(first.out);
        CHECK(summary["indexed"] == 3);
        CHECK(summary["rejected"] == 1);
        CHECK(summary["documents"] == 3);
        const Strings ids = all_ids(dir.sub("db"));
        REQUIRE(ids.size() == 3);
        CHECK(ids[0] == "s-1");
        CHECK(ids[1] == "https://pier.example/2023/gulls");
        CHECK(ids[2].starts_with("hash:"));

        // The same records in another order, after another line: the same ids, no duplicates.
        const Run again = run(options, "\n\n{\"title\":\"An article with neither id nor url\",\"body\":\"Its id comes "
                                       "from its content.\"}\n" +
                                           k_stream);
        CHECK(nlohmann::json::parse(again.out)["documents"] == 3);
        CHECK(all_ids(dir.sub("db")) == ids);
    }

    TEST_CASE("deletes articles by id, also from standard input, and reports unknown ids")
    {
        TempDir dir;
        IndexerOptions index = make_options(Command::index, dir.sub("db"));
        index.paths = {"-"};
        run(index, k_stream);
        IndexerOptions remove = make_options(Command::delete_articles, dir.sub("db"));
        remove.ids = {"s-1", "-", "no-such-id"};
        remove.json = true;
        const Run result = run(remove, "https://pier.example/2023/gulls\n\n  \n");
        CHECK(result.status == CommandStatus::incomplete);
        const nlohmann::json summary = nlohmann::json::parse(result.out);
        CHECK(summary["deleted"] == nlohmann::json::array({"s-1", "https://pier.example/2023/gulls"}));
        CHECK(summary["not_found"] == nlohmann::json::array({"no-such-id"}));
        CHECK(summary["documents"] == 1);
        CHECK(result.err.find("not found (nothing to delete): \"no-such-id\"") != std::string::npos);
        CHECK(all_ids(dir.sub("db")).size() == 1);

        remove.ids = {"typo"};
        remove.db = dir.sub("no-such-db");
        CHECK(dateline::testing::catch_error_code([&] { run(remove); }) == "unavailable");
        CHECK_FALSE(fs::exists(dir.sub("no-such-db")));
    }

    TEST_CASE("--delete-missing removes the articles of files that are gone or no longer hold them")
    {
        // Sequentially (small runs) and through the parallel path (forced with a 0 MB threshold).
        for (const unsigned jobs : {1u, 2u}) {
            CAPTURE(jobs);
            TempDir dir;
            const fs::path archive = dir.path() / "archive";
            fs::create_directories(archive / "2023");
            std::ofstream(archive / "2023" / "a.jsonl") << R"({"id":"a1","title":"Alpha one"})" << '\n'
                                                        << R"({"id":"a2","title":"Alpha two"})" << '\n';
            std::ofstream(archive / "2023" / "b.jsonl") << R"({"id":"b1","title":"Beta one"})" << '\n';
            std::ofstream(archive / "c.jsonl") << R"({"id":"c1","title":"Gamma one"})" << '\n';
            fs::create_directories(dir.path() / "elsewhere");
            std::ofstream(dir.path() / "elsewhere" / "d.jsonl") << R"({"id":"d1","title":"Delta one"})" << '\n';
            IndexerOptions options = make_options(Command::index, dir.sub("db"));
            options.jobs = jobs;
            options.parallel_min_mb = 0;
            options.paths = {archive.string(), (dir.path() / "elsewhere").string()};
            REQUIRE(run(options).status == CommandStatus::done);
            CHECK(all_ids(dir.sub("db")).size() == 5);

            // The archive shrinks: a file goes, another loses a record, a third gets a bad record.
            fs::remove(archive / "2023" / "b.jsonl");
            std::ofstream(archive / "2023" / "a.jsonl", std::ios::trunc) << R"({"id":"a1","title":"Alpha one"})" << '\n';
            std::ofstream(archive / "c.jsonl", std::ios::app) << "{broken\n";
            options.paths = {archive.string() + "/"};
            options.delete_missing = true;
            options.json = true;
            const Run result = run(options);
            CAPTURE(result.err);
            CHECK(result.status == CommandStatus::incomplete);
            CHECK(nlohmann::json::parse(result.out)["deleted"] == nlohmann::json::array({"a2", "b1"}));
            // c1's file had a rejected record: it is kept; d1 is outside the paths given. (The
            // parallel path appends a replaced article instead of keeping its place.)
            Strings ids = all_ids(dir.sub("db"));
            std::sort(ids.begin(), ids.end());
            CHECK(ids == Strings{"a1", "c1", "d1"});
            CHECK(result.err.find("deleted 2 articles whose files are gone or no longer hold them: \"a2\", \"b1\"") !=
                  std::string::npos);

            // An empty (perhaps unmounted) directory never wipes out its articles.
            fs::remove_all(archive);
            fs::create_directories(archive);
            const Run empty = run(options);
            CHECK(nlohmann::json::parse(empty.out)["deleted"].empty());
            CHECK(empty.err.find("keeps the articles from") != std::string::npos);
            CHECK(all_ids(dir.sub("db")).size() == 3);
        }
    }

    TEST_CASE("prints statistics as a table or as JSON")
    {
        TempDir dir;
        IndexerOptions index = make_options(Command::index, dir.sub("db"));
        index.paths = {"-"};
        run(index, k_stream);
        IndexerOptions stats = make_options(Command::stats, dir.sub("db"));
        const Run table = run(stats);
        CHECK(table.out.find("documents       3\n") != std::string::npos);
        CHECK(table.out.find("dates           2023-04-02 to 2023-04-02 (2 undated)\n") != std::string::npos);
        stats.json = true;
        const nlohmann::json json = nlohmann::json::parse(run(stats).out);
        CHECK(json["documents"] == 3);
        CHECK(json["db"] == dir.sub("db"));
        CHECK(json["schema_version"] == dateline::schema::k_schema_version);
        CHECK(json["dates"]["undated"] == 2);
    }

    TEST_CASE("exports records that index back to the same articles")
    {
        TempDir dir;
        IndexerOptions index = make_options(Command::index, dir.sub("db"));
        index.paths = {dateline::testing::test_data_dir() + "/records", dateline::testing::test_data_dir() + "/site-a"};
        REQUIRE(run(index).status == CommandStatus::done);

        const Run exported = run(make_options(Command::export_articles, dir.sub("db")));
        CHECK(exported.err.find("exported 22 articles") != std::string::npos);
        std::ofstream(dir.path() / "export.jsonl") << exported.out;
        IndexerOptions reimport = make_options(Command::index, dir.sub("copy"));
        reimport.paths = {(dir.path() / "export.jsonl").string()};
        REQUIRE(run(reimport).status == CommandStatus::done);
        CHECK(all_articles(dir.sub("copy")) == all_articles(dir.sub("db")));

        IndexerOptions query = make_options(Command::export_articles, dir.sub("db"));
        query.query = "\"central bank\"";
        const Run some = run(query);
        CHECK(std::count(some.out.begin(), some.out.end(), '\n') == 1);
        CHECK(nlohmann::json::parse(some.out)["id"] == "fx-central-bank");
    }
}
