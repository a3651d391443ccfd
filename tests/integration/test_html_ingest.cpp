// HTML pages in the same pipeline as text scrapes and JSON records (issue 17): one directory
// mixing .txt, .jsonl, .html, .htm and .html.gz files indexes in one run with the real indexer,
// and the server finds each page's story under its canonical address, with its fields.
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using dateline::testing::get;
using dateline::testing::index_into;
using dateline::testing::k_data;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::Reply;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path k_pages = fs::path(DATELINE_HTML_PAGES_DIR);

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void write_gzip(const fs::path& path, const std::string& bytes)
{
    gzFile file = gzopen(path.c_str(), "wb");
    REQUIRE(file != nullptr);
    CHECK(gzwrite(file, bytes.data(), static_cast<unsigned>(bytes.size())) == static_cast<int>(bytes.size()));
    gzclose(file);
}

// The first hit's id and title for a query.
std::pair<std::string, std::string> top_hit(int port, const std::string& query)
{
    const Reply reply = get(port, "/api/v1/search?q=" + query);
    REQUIRE(reply.status == 200);
    REQUIRE_FALSE(reply.body.at("hits").empty());
    const json& hit = reply.body.at("hits").at(0);
    return {hit.at("id").get<std::string>(), hit.at("title").get<std::string>()};
}

} // namespace

TEST_SUITE("html ingest")
{
    TEST_CASE("a directory mixing .txt, .jsonl and HTML pages indexes in one run and is searchable")
    {
        TempDir dir;
        const fs::path input = dir.path() / "mixed";
        fs::create_directories(input);
        fs::copy_file(k_data / "site-a" / "2023-06-05-bridge.txt", input / "bridge.txt");
        fs::copy_file(k_data / "records" / "articles.jsonl", input / "articles.jsonl");
        fs::copy_file(k_pages / "modern-ferry.html", input / "ferry.html");
        fs::copy_file(k_pages / "table_layout-budget.html", input / "budget.HTM");
        write_gzip(input / "marathon.html.gz", read_bytes(k_pages / "amp-marathon.html"));
        const fs::path db = dir.path() / "db";

        const ProgramResult indexed = index_into(db, {input.string()});
        CAPTURE(indexed.err);
        REQUIRE(indexed.exit_code == 0);
        CHECK(indexed.err.find("0 rejected") != std::string::npos);

        ServerProcess server(k_server, db);
        const int port = server.port();
        CHECK(top_hit(port, "propeller%20shaft") ==
              std::pair<std::string, std::string>{"https://kestrelcourier.example/news/ferry",
                                                  "Harbour ferry returns after three weeks of repairs"});
        CHECK(top_hit(port, "judicial%20review%20libraries").second == "Council approves budget with cuts to library hours");
        CHECK(top_hit(port, "camper%20van%20jelly").second == "Runner completes marathon in every county in a year");
        // The cookie wall, comments and footer of the HTML pages are not indexed.
        CHECK(get(port, "/api/v1/search?q=%22manage%20options%22").body.at("hits").empty());
        CHECK(get(port, "/api/v1/search?q=harbourwatcher").body.at("hits").empty());
        // The page's fields arrive with the article.
        const Reply article = get(port, "/api/v1/articles/https%3A%2F%2Fkestrelcourier.example%2Fnews%2Fferry");
        REQUIRE(article.status == 200);
        CHECK(article.body.at("date") == "2024-03-05");
        CHECK(article.body.at("section") == "Local");
        CHECK(article.body.at("authors") == json::array({"Mara Telford"}));
        // The text scrape and the records are there too.
        CHECK(get(port, "/api/v1/search?q=fares").body.at("hits").size() >= 1);
    }
}
