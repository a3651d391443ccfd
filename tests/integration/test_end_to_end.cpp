// End-to-end: the real dateline-indexer on tests/data, the real dateline-server on a free port,
// queried over HTTP. Paths of the binaries and the fixtures come from CMake.
#include "tests/integration/http_support.h"
#include "tests/integration/process.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using dateline::testing::Archive;
using dateline::testing::check_error_envelope;
using dateline::testing::get;
using dateline::testing::hit_ids;
using dateline::testing::index_into;
using dateline::testing::k_data;
using dateline::testing::k_indexer;
using dateline::testing::k_server;
using dateline::testing::ProgramResult;
using dateline::testing::Reply;
using dateline::testing::run_program;
using dateline::testing::ServerProcess;
using dateline::testing::TempDir;
using nlohmann::json;

TEST_SUITE("indexer")
{
    TEST_CASE("indexes the fixtures, prints a summary and exits 0")
    {
        Archive archive;
        CAPTURE(archive.indexed.err);
        CHECK(archive.indexed.exit_code == 0);
        CHECK(archive.indexed.err.find("22 articles read: 22 indexed, 0 rejected") != std::string::npos);
        CHECK(archive.indexed.err.find("articles/s") != std::string::npos);
    }

    TEST_CASE("reports each rejected record with path, line and reason, indexes the rest and exits 3")
    {
        TempDir dir;
        const ProgramResult result = index_into(dir.path() / "db", {(k_data / "rejects").string()});
        CAPTURE(result.err);
        CHECK(result.exit_code == 3);
        CHECK(result.err.find("bad.jsonl:3: a record needs a \"title\" or a \"body\"") != std::string::npos);
        CHECK(result.err.find("bad.jsonl:4: \"title\" must be a string, not number") != std::string::npos);
        CHECK(result.err.find("bad.jsonl:2: invalid JSON") != std::string::npos);
        CHECK(result.err.find("note: " + (k_data / "rejects" / "empty.txt").string() + " is empty: no records read") !=
              std::string::npos);
        CHECK(result.err.find("skipped") != std::string::npos);
        CHECK(result.err.find("1 indexed, 4 rejected") != std::string::npos);
    }

    TEST_CASE("extract counts what it extracted and reads empty files of every format alike (issue 15)")
    {
        TempDir dir;
        std::filesystem::create_directories(dir.path() / "in");
        for (const char* name : {"a.jsonl", "b.json", "c.txt"}) {
            std::ofstream(dir.path() / "in" / name);
        }
        const ProgramResult extracted = run_program({k_indexer, "extract", (dir.path() / "in").string()});
        CAPTURE(extracted.err);
        CHECK(extracted.exit_code == 0);
        CHECK(extracted.out.empty());
        CHECK(extracted.err.find("3 files read (0 skipped), 0 articles read: 0 extracted, 0 rejected") !=
              std::string::npos);
        const ProgramResult indexed = index_into(dir.path() / "db", {(dir.path() / "in").string()});
        CAPTURE(indexed.err);
        CHECK(indexed.exit_code == 0);
        for (const char* name : {"a.jsonl", "b.json", "c.txt"}) {
            CHECK(indexed.err.find("note: " + (dir.path() / "in" / name).string() + " is empty: no records read") !=
                  std::string::npos);
        }
        CHECK(indexed.err.find("0 articles read: 0 indexed, 0 rejected") != std::string::npos);
    }

    TEST_CASE("a usage error exits 2 with a message naming the flag")
    {
        const ProgramResult unknown = run_program({k_indexer, "--db", "x", "--frobnicate", "y"});
        CHECK(unknown.exit_code == 2);
        CHECK(unknown.err.find("unknown option --frobnicate") != std::string::npos);
        const ProgramResult no_db = run_program({k_indexer, "corpus"});
        CHECK(no_db.exit_code == 2);
        CHECK(no_db.err.find("--db DIR is required") != std::string::npos);
        const ProgramResult help = run_program({k_indexer, "--help"});
        CHECK(help.exit_code == 0);
        CHECK(help.out.find("--batch-size") != std::string::npos);
    }

    TEST_CASE("re-indexing the same input leaves the document count unchanged")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const ProgramResult again = index_into(archive.db, {(k_data / "records").string(), (k_data / "site-a").string()});
        CHECK(again.exit_code == 0);
        CHECK(again.err.find("now holds 22 articles") != std::string::npos);
        ServerProcess server(k_server, archive.db);
        CHECK(get(server.port(), "/healthz").body["documents"] == 22);
    }
}

TEST_SUITE("server")
{
    TEST_CASE("answers the search API with ranked, highlighted hits")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const int port = server.port();

        SUBCASE("a keyword query ranks the clearly most relevant article first")
        {
            const Reply reply = get(port, "/api/search?q=ferry%20fares");
            REQUIRE(reply.status == 200);
            REQUIRE_FALSE(reply.body["hits"].empty());
            CHECK(reply.body["hits"][0]["id"] == "fx-ferry-fares");
            CHECK(reply.body["hits"][0]["score"].is_number());
            CHECK(reply.body["hits"][0]["snippet"].get<std::string>().find("<mark>") != std::string::npos);
            CHECK(reply.body["total"]["value"].is_number());
            CHECK(reply.body["total"]["exact"].is_boolean());
            CHECK(reply.body["page"] == 1);
            CHECK(reply.body["size"] == 10);
            CHECK(reply.body["took_ms"].is_number());
            CHECK(reply.body["hits"][0]["date"] == "2021-03-14");
        }
        SUBCASE("a phrase query returns only articles containing that exact phrase")
        {
            const Reply words = get(port, "/api/search?q=central%20bank");
            const Reply phrase = get(port, "/api/search?q=%22central%20bank%22");
            REQUIRE(phrase.status == 200);
            CHECK(hit_ids(phrase.body) == std::vector<std::string>{"fx-central-bank"});
            const std::vector<std::string> loose = hit_ids(words.body);
            CHECK(std::find(loose.begin(), loose.end(), "fx-river-bank") != loose.end());
            for (const std::string& id : hit_ids(phrase.body)) {
                const Reply article = get(port, "/api/articles/" + id);
                CHECK(article.body["body"].get<std::string>().find("central bank") != std::string::npos);
            }
        }
        SUBCASE("NOT and a leading minus exclude")
        {
            for (const char* query : {"harbour%20NOT%20seals", "harbour%20-seals"}) {
                CAPTURE(query);
                const Reply reply = get(port, std::string("/api/search?q=") + query + "&size=100");
                REQUIRE(reply.status == 200);
                const std::vector<std::string> ids = hit_ids(reply.body);
                CHECK(ids.size() >= 8);
                CHECK(std::find(ids.begin(), ids.end(), "https://fixture.example/2023/03/harbour-seals") == ids.end());
            }
            const Reply plain = get(port, "/api/search?q=harbour&size=100");
            const std::vector<std::string> ids = hit_ids(plain.body);
            CHECK(std::find(ids.begin(), ids.end(), "https://fixture.example/2023/03/harbour-seals") != ids.end());
        }
        SUBCASE("page 2 differs from page 1")
        {
            const Reply first = get(port, "/api/search?q=harbour&size=3");
            const Reply second = get(port, "/api/search?q=harbour&size=3&page=2");
            REQUIRE(first.status == 200);
            REQUIRE(second.status == 200);
            CHECK(second.body["page"] == 2);
            const std::vector<std::string> a = hit_ids(first.body);
            const std::vector<std::string> b = hit_ids(second.body);
            REQUIRE(a.size() == 3);
            REQUIRE(b.size() == 3);
            for (const std::string& id : b) {
                CHECK(std::find(a.begin(), a.end(), id) == a.end());
            }
        }
        SUBCASE("op=and requires every word, the default does not")
        {
            const Reply any = get(port, "/api/search?q=ferry%20seals");
            const Reply all = get(port, "/api/search?q=ferry%20seals&op=and");
            CHECK(any.body["hits"].size() >= 2);
            CHECK(all.body["hits"].empty());
        }
        SUBCASE("a malformed query returns plain-word results with a note")
        {
            const Reply reply = get(port, "/api/search?q=%22central%20bank");
            REQUIRE(reply.status == 200);
            CHECK(reply.body["note"].get<std::string>().find("unbalanced quotation marks") != std::string::npos);
            CHECK(hit_ids(reply.body).size() >= 2);
        }
        SUBCASE("field prefixes search their field")
        {
            CHECK(hit_ids(get(port, "/api/search?q=title:seals").body) ==
                  std::vector<std::string>{"https://fixture.example/2023/03/harbour-seals"});
            CHECK(hit_ids(get(port, "/api/search?q=author:ortiz").body) == std::vector<std::string>{"fx-cold-war"});
            CHECK(get(port, "/api/search?q=section:science").body["hits"].size() == 2);
        }
        SUBCASE("bad parameters get a 400 JSON error")
        {
            for (const char* target : {"/api/search?q=x&size=0", "/api/search?q=x&size=1000", "/api/search?q=x&page=-1",
                                       "/api/search?q=x&page=two", "/api/search?q=x&op=xor"}) {
                CAPTURE(target);
                check_error_envelope(get(port, target), 400, "bad_request");
            }
        }
        SUBCASE("articles are fetched by id, including ids with a slash; unknown ones are 404")
        {
            const Reply slash = get(port, "/api/articles/pws%2F2022%2F07%2Fsolar-farm");
            REQUIRE(slash.status == 200);
            CHECK(slash.body["id"] == "pws/2022/07/solar-farm");
            CHECK(slash.body["date"] == "2022-07-19");
            const Reply numeric = get(port, "/api/articles/40417");
            CHECK(numeric.status == 200);
            const Reply scrape = get(port, "/api/articles/2023-06-05-bridge.txt");
            REQUIRE(scrape.status == 200);
            CHECK(scrape.body["title"] == "Bridge repairs close the old toll road for a month");
            CHECK(scrape.body["dateline"] == "Port Calder");
            CHECK(scrape.body["body"].get<std::string>().find("Support Fixture Journalism") == std::string::npos);
            check_error_envelope(get(port, "/api/articles/no-such-article"), 404, "not_found");
        }
        SUBCASE("unknown routes are 404 and other methods 405, as JSON")
        {
            check_error_envelope(get(port, "/no/such/route"), 404, "not_found");
            httplib::Client client("127.0.0.1", port);
            const httplib::Result deleted = client.Delete("/api/search");
            REQUIRE(deleted);
            CHECK(deleted->status == 405);
            CHECK(json::parse(deleted->body)["error"]["code"] == "method_not_allowed");
            const httplib::Result posted = client.Post("/api/articles/40417", "{}", "application/json");
            REQUIRE(posted);
            CHECK(posted->status == 405);
        }
        SUBCASE("the search page renders results with the query escaped")
        {
            httplib::Client client("127.0.0.1", port);
            const httplib::Result page = client.Get("/?q=%3Cscript%3E%20harbour");
            REQUIRE(page);
            CHECK(page->status == 200);
            CHECK(page->body.find("<script>") == std::string::npos);
            CHECK(page->body.find("&lt;script&gt;") != std::string::npos);
            CHECK(page->body.find("<mark>harbour</mark>") != std::string::npos);
        }
        SUBCASE("the web pages, feeds and assets answer with their types and security headers")
        {
            httplib::Client client("127.0.0.1", port);
            const auto fetch = [&](const std::string& target, const httplib::Headers& headers = {}) {
                httplib::Result result = client.Get(target, headers);
                REQUIRE_MESSAGE(result, "no HTTP response for " << target);
                return *result;
            };
            const httplib::Response home = fetch("/");
            CHECK(home.status == 200);
            CHECK(home.get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
            CHECK(home.get_header_value("X-Content-Type-Options") == "nosniff");
            const httplib::Response page = fetch("/search?q=ferry+fares&source=");
            CHECK(page.status == 200);
            CHECK(page.body.find("<a href=\"/articles/fx-ferry-fares\">Island ferry fares rise again</a>") !=
                  std::string::npos);
            const httplib::Response article = fetch("/articles/fx-ferry-fares");
            CHECK(article.status == 200);
            CHECK(article.body.find("<h1 id=\"article-title\">Island ferry fares rise again</h1>") != std::string::npos);
            const httplib::Response missing = fetch("/articles/no-such-id");
            CHECK(missing.status == 404);
            CHECK(missing.get_header_value("Content-Type").starts_with("text/html"));
            CHECK(fetch("/search?page=0").status == 400);
            const httplib::Response feed = fetch("/search.rss?q=ferry");
            CHECK(feed.get_header_value("Content-Type") == "application/rss+xml; charset=utf-8");
            CHECK(feed.body.find("<link>http://127.0.0.1:" + std::to_string(port) + "/articles/") != std::string::npos);
            CHECK(fetch("/opensearch.xml").get_header_value("Content-Type").starts_with("application/opensearchdescription+xml"));
            const json suggestions = json::parse(fetch("/opensearch/suggest?q=ferr").body);
            CHECK(suggestions[0] == "ferr");
            CHECK(suggestions[1][0] == "ferry"); // the word completed, then titles
            CHECK(std::count(suggestions[1].begin(), suggestions[1].end(), "Island ferry fares rise again") == 1);
            const httplib::Response css = fetch("/assets/dateline.css");
            CHECK(css.status == 200);
            CHECK(css.get_header_value("Content-Type") == "text/css; charset=utf-8");
            CHECK(fetch("/assets/dateline.css", {{"If-None-Match", css.get_header_value("ETag")}}).status == 304);
            CHECK(fetch("/favicon.ico").get_header_value("Content-Type") == "image/x-icon");
            for (const char* target : {"/assets/..%2FCMakeLists.txt", "/assets/%2E%2E%2Fschema.h", "/assets/x.css"}) {
                CAPTURE(target);
                CHECK(fetch(target).status == 404);
            }
            CHECK(fetch("/nowhere", {{"Accept", "text/html"}}).get_header_value("Content-Type").starts_with("text/html"));
        }
        SUBCASE("health reports the document count")
        {
            const Reply health = get(port, "/healthz");
            CHECK(health.status == 200);
            CHECK(health.body["documents"] == 22);
        }
    }

    TEST_CASE("articles indexed while the server runs appear without a restart")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        CHECK(get(server.port(), "/api/search?q=zeppelin").body["hits"].empty());

        const fs::path extra = archive.dir.path() / "extra.jsonl";
        std::ofstream(extra) << R"({"id":"late-1","title":"Zeppelin lands at the airfield","body":"A zeppelin landed."})"
                             << '\n';
        const ProgramResult added = index_into(archive.db, {extra.string()});
        REQUIRE(added.exit_code == 0);
        CHECK(hit_ids(get(server.port(), "/api/search?q=zeppelin").body) == std::vector<std::string>{"late-1"});
        CHECK(get(server.port(), "/healthz").body["documents"] == 23);
    }

    TEST_CASE("searches keep answering while the indexer commits repeatedly")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        ServerProcess server(k_server, archive.db);
        const fs::path batch = archive.dir.path() / "batch.jsonl";
        {
            std::ofstream out(batch);
            for (int i = 0; i < 600; ++i) {
                out << json{{"id", "bulk-" + std::to_string(i)},
                            {"title", "Bulk harbour bulletin " + std::to_string(i)},
                            {"body", "Harbour traffic bulletin number " + std::to_string(i) + " about tides."}}
                           .dump()
                    << '\n';
            }
        }
        std::atomic<bool> done = false;
        std::atomic<int> failures = 0;
        std::atomic<int> answered = 0;
        std::string last_failure; // written by the searcher, read after join()
        std::thread searcher([&] {
            httplib::Client client("127.0.0.1", server.port());
            // One kept-alive connection, as a browser or backend would use: a new connection per
            // request would leave thousands of sockets in TIME_WAIT on a shared machine.
            client.set_keep_alive(true);
            while (!done) {
                const httplib::Result result = client.Get("/api/search?q=harbour%20tides&size=20");
                if (!result || result->status != 200) {
                    ++failures;
                    last_failure = result ? "HTTP " + std::to_string(result->status) + ": " + result->body
                                          : "no response: " + httplib::to_string(result.error());
                } else {
                    ++answered;
                }
            }
        });
        // Small batches: many commits while the searcher runs.
        const ProgramResult indexed =
            run_program({k_indexer, "--db", archive.db.string(), "--batch-size", "20", batch.string()});
        done = true;
        searcher.join();
        CHECK(indexed.exit_code == 0);
        CAPTURE(last_failure);
        CHECK(failures == 0);
        CHECK(answered > 0);
        MESSAGE("searches answered while the indexer committed: " << answered.load() << ", failed: " << failures.load());
        CHECK(get(server.port(), "/healthz").body["documents"] == 622);
    }

    TEST_CASE("a restarted server answers the same from the same database")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        std::vector<std::string> before;
        {
            ServerProcess server(k_server, archive.db);
            before = hit_ids(get(server.port(), "/api/search?q=harbour").body);
            CHECK(server.stop() == 0);
        }
        ServerProcess again(k_server, archive.db);
        CHECK(hit_ids(get(again.port(), "/api/search?q=harbour").body) == before);
    }

    TEST_CASE("a synonyms file given to the server replaces the built-in list, and a broken one stops it")
    {
        Archive archive;
        REQUIRE(archive.indexed.exit_code == 0);
        const std::filesystem::path names = archive.dir.path() / "synonyms.txt";
        std::ofstream(names) << "# the archive's own spellings\nanchorage, harbour\n";
        {
            ServerProcess server(k_server, archive.db, {"--synonyms", names.string()});
            const std::vector<std::string> ids = hit_ids(get(server.port(), "/api/search?q=anchorage").body);
            CHECK_FALSE(ids.empty());
            CHECK(ids == hit_ids(get(server.port(), "/api/search?q=harbour").body));
            CHECK(server.stop() == 0);
            CHECK(server.output().find("synonyms=" + names.string() + " (--synonyms)") != std::string::npos);
        }
        ServerProcess built_in(k_server, archive.db);
        CHECK(hit_ids(get(built_in.port(), "/api/search?q=anchorage").body).empty());

        std::ofstream(names) << "anchorage, harbour\nlonely\n";
        const ProgramResult broken =
            run_program({k_server, "--db", archive.db.string(), "--port", "0", "--synonyms", names.string()});
        CHECK(broken.exit_code == 1);
        CHECK(broken.err.find(names.string() + ":2") != std::string::npos);
    }

    TEST_CASE("refuses to start without a database, with a message saying what to do")
    {
        TempDir dir;
        const ProgramResult result = run_program({k_server, "--db", (dir.path() / "missing").string(), "--port", "0"});
        CHECK(result.exit_code == 1);
        CHECK(result.err.find("dateline-indexer --db") != std::string::npos);
        const ProgramResult usage = run_program({k_server, "--port", "x"});
        CHECK(usage.exit_code == 2);
        CHECK(usage.err.find("--port needs a whole number from 0 to 65535") != std::string::npos);
    }
}
