// Result-page features through HTTP, with the real indexer and server: facets and filters,
// date order, the recency boost, collapsed copies and their listing, "did you mean", similar
// articles, completions, and the 400 errors (pinned messages) for bad values.
#include "tests/integration/http_support.h"
#include "tests/integration/process.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using dateline::testing::get;
using dateline::testing::hit_ids;
using dateline::testing::Reply;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;

namespace {

const std::string k_indexer = DATELINE_INDEXER_BIN;
const std::string k_server = DATELINE_SERVER_BIN;
const fs::path k_data = DATELINE_TEST_DATA_DIR;

// The fixture archive plus, in the test's own directory, a story that two other sites ran
// with small edits (invented text).
struct CopiesArchive {
    TempDir dir;
    fs::path db = dir.path() / "db";
    int exit_code = -1;

    CopiesArchive()
    {
        const std::string story =
            "The island council agreed on Friday to buy two electric buses for the coast road, replacing the diesel "
            "coaches that have served the villages since the old railway closed.\n\nThe buses will run every "
            "half hour in summer and every hour in winter, and will charge overnight at the depot beside the ferry "
            "terminal, the council said.\n\nResidents asked for a stop at the school, which the council promised to "
            "consider once the timetable has been tried for a season.";
        std::string edited = story;
        edited.replace(edited.find("Friday"), 6, "Thursday");
        const fs::path copies = dir.path() / "copies.jsonl";
        std::ofstream out(copies);
        out << json{{"id", "copy-a"}, {"title", "Island council buys electric buses"}, {"source", "Fixture Wire"},
                    {"date", "2024-02-09"}, {"body", story}}
                   .dump()
            << '\n'
            << json{{"id", "copy-b"}, {"title", "Electric buses for the coast road"}, {"source", "Fixture Gazette"},
                    {"date", "2024-02-10"}, {"body", edited}}
                   .dump()
            << '\n'
            << json{{"id", "copy-c"}, {"title", "Council to buy electric buses"}, {"source", "Pacific Fixture Service"},
                    {"date", "2024-02-10"}, {"body", story.substr(0, story.rfind("\n\n"))}}
                   .dump()
            << '\n';
        out.close();
        exit_code = run_program({k_indexer, "--db", db.string(), (k_data / "records").string(),
                                 (k_data / "site-a").string(), copies.string()})
                        .exit_code;
    }
};

void check_bad_request(int port, const std::string& target, const std::string& message)
{
    CAPTURE(target);
    const Reply reply = get(port, target);
    CHECK(reply.status == 400);
    REQUIRE(reply.body.contains("error"));
    CHECK(reply.body["error"]["code"] == "bad_request");
    CHECK(reply.body["error"]["message"] == message);
}

} // namespace

TEST_SUITE("result pages")
{
    TEST_CASE("search results carry facets, filters combine, and the order can be by date")
    {
        CopiesArchive archive;
        REQUIRE(archive.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();

        SUBCASE("facets are counted under the filters")
        {
            const Reply all = get(port, "/api/search?q=harbour&size=1");
            REQUIRE(all.status == 200);
            const json& facets = all.body["facets"];
            CHECK(facets["exact"] == true);
            CHECK(facets["source"].is_array());
            CHECK(facets["section"].is_array());
            CHECK(facets["tag"].is_array());
            CHECK_FALSE(facets.contains("month"));
            bool undated = false;
            for (const json& bucket : facets["year"]) {
                undated = undated || bucket["value"] == "undated";
            }
            CHECK(undated);

            const Reply filtered = get(port, "/api/search?q=harbour&source=fixture%20GAZETTE&year=2024&size=100");
            REQUIRE(filtered.status == 200);
            CHECK(filtered.body["total"]["value"] == 8);
            CHECK(filtered.body["facets"]["source"] == json::parse(R"([{"value": "Fixture Gazette", "count": 8}])"));
            CHECK(filtered.body["facets"]["month"] == json::parse(R"([{"value": "2024-01", "count": 8}])"));
            for (const json& hit : filtered.body["hits"]) {
                CHECK(hit["date"].get<std::string>().starts_with("2024-01"));
            }
            const Reply narrowed = get(port, "/api/search?q=harbour&source=Fixture%20Gazette&to=2024-01-03");
            CHECK(narrowed.body["total"]["value"] == 4); // harbour reports 1 to 3 and the seals story
        }
        SUBCASE("newest and oldest put the undated article last")
        {
            for (const char* order : {"newest", "oldest"}) {
                CAPTURE(order);
                const Reply reply = get(port, std::string("/api/search?q=harbour&size=100&sort=") + order);
                REQUIRE(reply.status == 200);
                const json& hits = reply.body["hits"];
                REQUIRE(hits.size() >= 3);
                CHECK(hits.back()["date"].is_null());
                const std::string first = hits[0]["date"];
                const std::string second = hits[1]["date"];
                CHECK((std::string(order) == "newest" ? first >= second : first <= second));
            }
        }
        SUBCASE("the recency boost ranks the latest harbour report first")
        {
            const Reply reply = get(port, "/api/search?q=harbour%20report&recency=2");
            REQUIRE(reply.status == 200);
            CHECK(reply.body["hits"][0]["id"] == "fx-harbour-8");
        }
        SUBCASE("bad values are refused with a message naming the parameter")
        {
            check_bad_request(port, "/api/search?q=x&sort=sideways",
                              R"("sort" must be "relevance", "newest" or "oldest", got "sideways")");
            check_bad_request(port, "/api/search?q=x&from=2021-13-01",
                              R"("from" is not a date: "2021-13-01" (want YYYY-MM-DD, YYYY-MM or YYYY))");
            check_bad_request(port, "/api/search?q=x&recency=-3",
                              R"("recency" must be a half-life in days, a number above 0 and at most 36500, got "-3")");
            check_bad_request(port, "/api/search?q=x&year=nineteen",
                              R"("year" must be a year (YYYY) or "undated", got "nineteen")");
            check_bad_request(port, "/api/search?q=x&collapse=no", R"("collapse" must be "true" or "false", got "no")");
            check_bad_request(port, "/api/suggest", R"("q" is required: the text typed so far, e.g. /api/suggest?q=harb)");
            check_bad_request(port, "/api/articles/fx-ferry-fares/similar?days=-1",
                              R"("days" must be a whole number from 1 to 36500, got "-1")");
        }
    }

    TEST_CASE("syndicated copies collapse into one hit, listed on request")
    {
        CopiesArchive archive;
        REQUIRE(archive.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();

        const Reply collapsed = get(port, "/api/search?q=%22electric%20buses%22");
        REQUIRE(collapsed.status == 200);
        const std::vector<std::string> ids = hit_ids(collapsed.body);
        REQUIRE(ids.size() == 1);
        CHECK(ids[0].starts_with("copy-"));
        CHECK(collapsed.body["hits"][0]["duplicates"] == 2);
        CHECK(collapsed.body["total"]["value"] == 1);

        const Reply all = get(port, "/api/search?q=%22electric%20buses%22&collapse=false");
        CHECK(hit_ids(all.body).size() == 3);
        CHECK(all.body["facets"]["source"].size() == 3); // facets count every copy

        const Reply listed = get(port, "/api/articles/" + ids[0] + "/duplicates");
        REQUIRE(listed.status == 200);
        CHECK(listed.body["cluster"] == collapsed.body["hits"][0]["cluster"]);
        CHECK(listed.body["duplicates"].size() == 2);
        for (const json& copy : listed.body["duplicates"]) {
            CHECK(copy["id"] != ids[0]);
            CHECK(copy["title"].is_string());
        }
        CHECK(get(port, "/api/articles/no-such-id/duplicates").status == 404);

        const Reply others = get(port, "/api/articles/fx-ferry-fares/duplicates");
        REQUIRE(others.status == 200);
        CHECK(others.body["duplicates"].empty());

        const Reply similar = get(port, "/api/articles/copy-a/similar");
        REQUIRE(similar.status == 200);
        for (const std::string& id : hit_ids(similar.body)) {
            CHECK_FALSE(id.starts_with("copy-"));
        }
    }

    TEST_CASE("similar articles, did you mean and completions answer over HTTP")
    {
        CopiesArchive archive;
        REQUIRE(archive.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();

        const Reply similar = get(port, "/api/articles/fx-harbour-3/similar?size=3");
        REQUIRE(similar.status == 200);
        CHECK(similar.body["id"] == "fx-harbour-3");
        const std::vector<std::string> ids = hit_ids(similar.body);
        REQUIRE_FALSE(ids.empty());
        CHECK(std::find(ids.begin(), ids.end(), "fx-harbour-3") == ids.end());
        CHECK(ids[0].starts_with("fx-harbour-"));
        const Reply window = get(port, "/api/articles/fx-harbour-3/similar?days=2");
        for (const json& hit : window.body["hits"]) {
            CHECK(hit["date"] >= "2024-01-01");
            CHECK(hit["date"] <= "2024-01-05");
        }
        CHECK(get(port, "/api/articles/no-such-id/similar").status == 404);

        const Reply misspelt = get(port, "/api/search?q=harbor");
        REQUIRE(misspelt.status == 200);
        CHECK(misspelt.body["did_you_mean"] == "harbour");
        CHECK(misspelt.body["showing_results_for"] == "harbour");
        CHECK(misspelt.body["query"] == "harbor");
        CHECK_FALSE(misspelt.body["hits"].empty());
        CHECK_FALSE(get(port, "/api/search?q=harbour").body.contains("did_you_mean"));

        const Reply completions = get(port, "/api/suggest?q=Harb");
        REQUIRE(completions.status == 200);
        CHECK(completions.body["query"] == "Harb");
        REQUIRE_FALSE(completions.body["terms"].empty());
        CHECK(completions.body["terms"][0] == "harbour");
        CHECK_FALSE(completions.body["titles"].empty());
        CHECK(completions.body["took_ms"].is_number());
        const Reply pair = get(port, "/api/suggest?q=harbour%20rep");
        REQUIRE_FALSE(pair.body["terms"].empty());
        CHECK(pair.body["terms"][0] == "harbour report");
    }
}
