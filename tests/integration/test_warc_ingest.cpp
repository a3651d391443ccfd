// WARC files in the same pipeline as text scrapes, JSON records and HTML pages (issue 17): one
// directory mixing all four indexes in one run with the real indexer; the server finds the
// archived pages, shows where each was captured, collapses a page that is a copy of a record's
// story, and a re-run replaces rather than duplicates.
#include "tests/integration/http_support.h"
#include "tests/support/temp_dir.h"
#include "tests/support/warc_builder.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

using dateline::testing::chunked;
using dateline::testing::get;
using dateline::testing::gzip_member;
using dateline::testing::http_response;
using dateline::testing::index_into;
using dateline::testing::k_data;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::Reply;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using dateline::testing::warc_record;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const fs::path k_pages = fs::path(DATELINE_HTML_PAGES_DIR);

constexpr const char* k_bus_story[] = {
    "The island council agreed on Friday to buy two electric buses for the coast road, replacing the diesel coaches "
    "that have served the villages since the old railway closed.",
    "The buses will run every half hour in summer and every hour in winter, and will charge overnight at the depot "
    "beside the ferry terminal, the council said.",
    "Residents asked for a stop at the school, which the council promised to consider once the timetable has been "
    "tried for a season."};

std::string read_bytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string response_record(const std::string& uri, const std::string& id, const std::string& http)
{
    return gzip_member(warc_record("response",
                                   {{"WARC-Target-URI", uri},
                                    {"WARC-Date", "2024-03-06T12:00:00Z"},
                                    {"WARC-Record-ID", "<urn:uuid:" + id + ">"},
                                    {"Content-Type", "application/http;msgtype=response"}},
                                   http));
}

// A crawl of two news pages (one chunked and gzip-encoded, as servers send them), an image, a
// request and the crawler's own record.
std::string crawl()
{
    std::string bus_page = "<!doctype html><html><head><title>Electric buses for the coast road | Ness Herald</title>"
                           "</head><body><nav><a href=\"/\">Home</a></nav><article><h1>Electric buses for the coast "
                           "road</h1>";
    for (const char* paragraph : k_bus_story) {
        bus_page += std::string("<p>") + paragraph + "</p>";
    }
    bus_page += "</article></body></html>";
    return gzip_member(warc_record("warcinfo", {{"WARC-Record-ID", "<urn:uuid:info>"}}, "software: test\r\n")) +
           gzip_member(warc_record("request", {{"WARC-Target-URI", "https://ness.example/news/budget"}},
                                   "GET /news/budget HTTP/1.1\r\n\r\n")) +
           response_record("https://ness.example/news/budget", "budget-1",
                           http_response(200, {{"Content-Type", "text/html; charset=utf-8"}},
                                         read_bytes(k_pages / "table_layout-budget.html"))) +
           response_record("https://ness.example/news/buses", "buses-1",
                           http_response(200,
                                         {{"Content-Type", "text/html"},
                                          {"Transfer-Encoding", "chunked"},
                                          {"Content-Encoding", "gzip"}},
                                         chunked(gzip_member(bus_page), 300))) +
           response_record("https://ness.example/logo.png", "logo-1",
                           http_response(200, {{"Content-Type", "image/png"}}, "\x89PNG not really"));
}

int documents(int port)
{
    return get(port, "/healthz").body.at("documents").get<int>();
}

} // namespace

TEST_SUITE("warc ingest")
{
    TEST_CASE("a directory mixing a scrape, records, an HTML page and a .warc.gz indexes in one run")
    {
        TempDir dir;
        const fs::path input = dir.path() / "mixed";
        fs::create_directories(input);
        fs::copy_file(k_data / "site-a" / "2023-06-05-bridge.txt", input / "bridge.txt");
        fs::copy_file(k_data / "records" / "articles.jsonl", input / "articles.jsonl");
        fs::copy_file(k_pages / "modern-ferry.html", input / "ferry.html");
        std::string story;
        for (const char* paragraph : k_bus_story) {
            story += std::string(story.empty() ? "" : "\n\n") + paragraph;
        }
        std::ofstream(input / "wire.jsonl")
            << json{{"id", "wire-buses"}, {"title", "Island council buys electric buses"}, {"source", "Fixture Wire"},
                    {"date", "2024-02-09"}, {"body", story}}
                   .dump()
            << '\n';
        std::ofstream(input / "crawl.warc.gz", std::ios::binary) << crawl();
        const fs::path db = dir.path() / "db";

        const ProgramResult indexed = index_into(db, {input.string()});
        CAPTURE(indexed.err);
        REQUIRE(indexed.exit_code == 0);
        CHECK(indexed.err.find("0 rejected") != std::string::npos);
        CHECK(indexed.err.find("crawl.warc.gz: 5 records: 2 HTML pages; skipped 1 request, 1 response: not HTML, 1 "
                               "warcinfo") != std::string::npos);

        int count = 0;
        {
            ServerProcess server(k_server, db);
            const int port = server.port();
            count = documents(port);
            // Every format is searchable.
            const Reply budget = get(port, "/api/v1/search?q=judicial%20review%20libraries");
            REQUIRE_FALSE(budget.body.at("hits").empty());
            CHECK(budget.body["hits"][0]["id"] == "https://ness.example/news/budget");
            CHECK_FALSE(get(port, "/api/v1/search?q=propeller%20shaft").body.at("hits").empty());
            CHECK_FALSE(get(port, "/api/v1/search?q=fares").body.at("hits").empty());
            // The archived page keeps where it was captured, in the JSON and on its page.
            const Reply article = get(port, "/api/v1/articles/https%3A%2F%2Fness.example%2Fnews%2Fbudget");
            REQUIRE(article.status == 200);
            CHECK(article.body.at("warc_file") == "crawl.warc.gz");
            CHECK(article.body.at("warc_record_id") == "urn:uuid:budget-1");
            CHECK(article.body.at("captured_at") == "2024-03-06T12:00:00Z");
            const Reply page = get(port, "/articles/https%3A%2F%2Fness.example%2Fnews%2Fbudget");
            REQUIRE(page.status == 200);
            CHECK(page.text.find("Captured from <span class=\"warc-file\">crawl.warc.gz</span>, record <span "
                                 "class=\"warc-record\">urn:uuid:budget-1</span>, on <time") != std::string::npos);
            // The archived copy of the wire story collapses with the record, as syndicated copies do.
            const Reply buses = get(port, "/api/v1/search?q=%22electric%20buses%22");
            REQUIRE(buses.body.at("hits").size() == 1);
            CHECK(buses.body["hits"][0]["duplicates"] == 1);
            const Reply all = get(port, "/api/v1/search?q=%22electric%20buses%22&collapse=false");
            CHECK(all.body.at("hits").size() == 2);
        }

        // A second run over the same files replaces every article: the archive's ids are stable.
        const ProgramResult again = index_into(db, {input.string()});
        REQUIRE(again.exit_code == 0);
        ServerProcess server(k_server, db);
        CHECK(documents(server.port()) == count);
    }
}
