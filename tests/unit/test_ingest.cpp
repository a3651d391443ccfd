// Unit tests of common/ingest/ingest.h over the fixture corpus tests/data (located through the
// DATELINE_TEST_DATA_DIR compile definition): every record is indexed or rejected, rejections
// name file, line and reason, and scrape ids do not depend on how the directory was spelled.
#include "common/index/article_indexer.h"
#include "common/errors.h"
#include "common/ingest/ingest.h"

#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

using dateline::Article;
using dateline::IngestReport;
using dateline::Rejection;
using dateline::testing::lantern_page;
using dateline::testing::lantern_story;
using dateline::testing::test_data_dir;
using Strings = std::vector<std::string>;

namespace {

struct Ingested {
    IngestReport report;
    std::map<std::string, Article> articles; // by id
    Strings ids;                             // in the order the sink saw them
};

Ingested ingest(const Strings& inputs, dateline::ChromeModel* chrome = nullptr)
{
    Ingested result;
    dateline::IngestHooks hooks;
    hooks.chrome = chrome;
    result.report = dateline::ingest_paths(
        inputs, dateline::make_default_readers(),
        [&](Article&& article) {
            result.ids.push_back(article.id);
            result.articles[article.id] = std::move(article);
        },
        hooks);
    return result;
}

void write_file(const std::filesystem::path& path, const std::string& text)
{
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

} // namespace

TEST_SUITE("ingest")
{
    TEST_CASE("accounts for every record of the fixture corpus")
    {
        const Ingested ingested = ingest({test_data_dir()});
        const IngestReport& report = ingested.report;
        CHECK(report.articles_read() == report.articles_indexed + report.rejections.size());
        CHECK(report.articles_indexed == ingested.ids.size());
        CHECK(report.articles_indexed >= 23);
        CHECK(report.rejections.size() >= 4);
        CHECK(report.files_skipped >= 1);
        CHECK(report.duplicate_ids == 0);
        CHECK(report.bytes_read > 0);
        // The walk is in a stable, sorted order.
        CHECK(ingest({test_data_dir()}).ids == ingested.ids);
    }

    TEST_CASE("rejects each bad record with its path line and reason")
    {
        const std::string dir = test_data_dir() + "/rejects";
        const Ingested ingested = ingest({dir});
        const IngestReport& report = ingested.report;
        CHECK(ingested.ids == Strings{"ok-1"});
        CHECK(report.files_read == 2);
        CHECK(report.files_skipped == 1);
        CHECK(report.articles_indexed == 1);
        CHECK(report.articles_read() == 5);

        const std::string bad = dir + "/bad.jsonl";
        const std::vector<Rejection> expected = {
            {bad, 2,
             "invalid JSON at column 27: syntax error while parsing value - unexpected end of input; expected '[', "
             "'{', or a literal"},
            {bad, 3, R"(a record needs a "title" or a "body")"},
            {bad, 4, R"("title" must be a string, not number)"},
            {bad, 5, R"("date" is not a date (want YYYY-MM-DD or an ISO 8601 date-time): "2021-13-45")"},
        };
        REQUIRE(report.rejections.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CAPTURE(i);
            CHECK(report.rejections[i].path == expected[i].path);
            CHECK(report.rejections[i].line == expected[i].line);
            CHECK(report.rejections[i].reason == expected[i].reason);
        }
        CHECK(dateline::format_rejection(report.rejections[2]) == bad + R"(:4: "title" must be a string, not number)");
    }

    TEST_CASE("notes a file it skips")
    {
        const std::string dir = test_data_dir() + "/rejects";
        const IngestReport report = ingest({dir}).report;
        CHECK(report.notes == Strings{"skipped " + dir + "/notes.md: not a .txt, .jsonl, .json, .html, .htm, .html.gz, .htm.gz, .warc or .warc.gz file",
                                      dir + "/empty.txt is empty: no records read"});
    }

    TEST_CASE("reads an empty .jsonl, .json and .txt file alike: no record, one note each (issue 15)")
    {
        dateline::testing::TempDir dir;
        for (const char* name : {"a.jsonl", "b.json", "c.txt"}) {
            write_file(dir.path() / name, "");
        }
        const Ingested ingested = ingest({dir.path().string()});
        const IngestReport& report = ingested.report;
        CHECK(report.files_read == 3);
        CHECK(report.articles_read() == 0);
        CHECK(report.rejections.empty());
        CHECK(report.notes == Strings{dir.sub("a.jsonl") + " is empty: no records read",
                                      dir.sub("b.json") + " is empty: no records read",
                                      dir.sub("c.txt") + " is empty: no records read"});
        CHECK(report.empty_files == Strings{dir.sub("a.jsonl"), dir.sub("b.json"), dir.sub("c.txt")});
    }

    TEST_CASE("reads every accepted record form of the fixture records")
    {
        const Ingested ingested = ingest({test_data_dir() + "/records"});
        CHECK(ingested.report.rejections.empty());
        CHECK(ingested.report.articles_indexed == 20);
        const auto& articles = ingested.articles;
        REQUIRE(articles.count("40417") == 1); // a numeric id
        CHECK(articles.at("40417").date == "2023-02-01");
        REQUIRE(articles.count("https://fixture.example/2023/03/harbour-seals") == 1); // the url as id
        REQUIRE(articles.count("pws/2022/07/solar-farm") == 1);
        CHECK(articles.at("pws/2022/07/solar-farm").date == "2022-07-19");
        REQUIRE(articles.count("fx-json-array-2") == 1); // from a .json array
        CHECK(articles.at("fx-json-array-2").tags == Strings{"single-tag"});
        CHECK(articles.at("fx-cold-war").authors == Strings{"Ben Ortiz"});
        CHECK(articles.at("fx-cold-war").body.size() == 2);
        const std::string origin = test_data_dir() + "/records/articles.jsonl";
        CHECK(articles.at("fx-ferry-fares").origin == origin);
        // The record without id or url is known by its content hash, and it is undated.
        const auto undated = std::find_if(articles.begin(), articles.end(), [](const auto& entry) {
            return entry.second.title == "Undated note about the harbour";
        });
        REQUIRE(undated != articles.end());
        CHECK(undated->first.starts_with("hash:"));
        CHECK(undated->first.size() == 5 + 16);
        CHECK(undated->second.date.empty());
    }

    TEST_CASE("names a scrape by its path relative to the directory argument")
    {
        const Ingested ingested = ingest({test_data_dir()});
        REQUIRE(ingested.articles.count("site-a/2023-06-05-bridge.txt") == 1);
        const Article& bridge = ingested.articles.at("site-a/2023-06-05-bridge.txt");
        CHECK(bridge.title == "Bridge repairs close the old toll road for a month");
        CHECK(bridge.section == "Local");
        CHECK(bridge.date == "2023-06-05");
        CHECK(bridge.dateline == "Port Calder");
        CHECK(bridge.source == "Fixture Wire");
        CHECK(bridge.origin == test_data_dir() + "/site-a/2023-06-05-bridge.txt");

        // Relative to the argument, whichever directory that is.
        const Ingested site = ingest({test_data_dir() + "/site-a"});
        CHECK(site.articles.count("2023-06-05-bridge.txt") == 1);
        CHECK(site.articles.count("2023-06-07-market.txt") == 1);
    }

    TEST_CASE("gives the same ids however the directory is spelled")
    {
        const Strings expected = ingest({test_data_dir()}).ids;
        REQUIRE_FALSE(expected.empty());
        const std::filesystem::path relative = std::filesystem::relative(test_data_dir());
        const Strings spellings = {
            test_data_dir() + "/",
            test_data_dir() + "/.",
            test_data_dir() + "/./",
            test_data_dir() + "/../data",
            relative.string(),
            "./" + relative.string(),
            relative.string() + "/",
        };
        for (const std::string& spelling : spellings) {
            CAPTURE(spelling);
            const Ingested ingested = ingest({spelling});
            CHECK(ingested.ids == expected);
            CHECK(ingested.report.rejections.size() == ingest({test_data_dir()}).report.rejections.size());
        }
    }

    TEST_CASE("shows the paths of what it read without dot segments")
    {
        const std::string dir = test_data_dir();
        const Ingested ingested = ingest({dir + "/./rejects/"});
        REQUIRE_FALSE(ingested.report.rejections.empty());
        CHECK(ingested.report.rejections.front().path == dir + "/rejects/bad.jsonl");
        CHECK(ingested.articles.at("ok-1").origin == dir + "/rejects/bad.jsonl");
    }

    TEST_CASE("rejects a path that does not exist")
    {
        const std::string missing = test_data_dir() + "/no-such-dir";
        const IngestReport report = ingest({missing, test_data_dir() + "/rejects/bad.jsonl"}).report;
        REQUIRE(report.rejections.size() == 5);
        CHECK(report.rejections.front().path == missing);
        CHECK(report.rejections.front().line == 0);
        CHECK(report.rejections.front().reason == "no such file or directory");
        CHECK(dateline::format_rejection(report.rejections.front()) == missing + ": no such file or directory");
        CHECK(report.articles_indexed == 1);
        CHECK(report.articles_read() == 6);
    }

    TEST_CASE("counts and notes an id read twice in one run")
    {
        const std::string file = test_data_dir() + "/records/more.json";
        const Ingested ingested = ingest({file, file});
        CHECK(ingested.report.articles_indexed == 4);
        CHECK(ingested.report.duplicate_ids == 2);
        CHECK(ingested.articles.size() == 2);
        REQUIRE(ingested.report.notes.size() == 2);
        CHECK(ingested.report.notes[0] ==
              "duplicate id \"fx-json-array-1\" in " + file + " replaces the article read from " + file);
    }

    TEST_CASE("stops when the sink throws")
    {
        const auto failing_sink = [](Article&&) { throw std::runtime_error("disk full"); };
        CHECK_THROWS_WITH_AS(dateline::ingest_paths({test_data_dir()}, dateline::make_default_readers(), failing_sink),
                             "disk full", std::runtime_error);
    }

    TEST_CASE("learns site chrome from every file before reading any")
    {
        const dateline::testing::TempDir dir;
        for (int n = 0; n < 6; ++n) {
            write_file(dir.path() / "lantern" / ("page-" + std::to_string(n) + ".txt"), lantern_page(n));
        }
        dateline::ChromeModel chrome;
        const Ingested ingested = ingest({dir.sub("lantern")}, &chrome);
        REQUIRE(ingested.articles.count("page-0.txt") == 1);
        // The first page is read after the last one was learned from.
        CHECK(ingested.articles.at("page-0.txt").body == Strings{lantern_story(0)});
        CHECK(chrome.sites().size() == 1);
        CHECK(dateline::testing::counted_pages(chrome, chrome.sites().front()) == 6);
    }

    TEST_CASE("cleans a single new file with the chrome an earlier run stored in the database")
    {
        const dateline::testing::TempDir dir;
        for (int n = 0; n < 6; ++n) {
            write_file(dir.path() / "lantern" / ("page-" + std::to_string(n) + ".txt"), lantern_page(n));
        }
        {
            dateline::ArticleIndexer indexer(dir.sub("db"), 100);
            dateline::ChromeModel chrome;
            CHECK(indexer.load_chrome(chrome).empty());
            const Ingested first = ingest({dir.sub("lantern")}, &chrome);
            for (const auto& [id, article] : first.articles) {
                indexer.add(article);
            }
            indexer.store_chrome(chrome);
            indexer.commit();
        }
        // A later run: one new page, in the site's folder and in a folder of its own.
        write_file(dir.path() / "lantern" / "page-7.txt", lantern_page(7));
        write_file(dir.path() / "elsewhere" / "page-8.txt", lantern_page(8));
        dateline::ChromeModel stored;
        CHECK(dateline::load_learned_chrome(dir.sub("db"), stored).empty());
        const Ingested later =
            ingest({dir.sub("lantern/page-7.txt"), dir.sub("elsewhere/page-8.txt")}, &stored);
        REQUIRE(later.articles.size() == 2);
        CHECK(later.articles.at(dir.sub("lantern/page-7.txt")).body == Strings{lantern_story(7)});
        CHECK(later.articles.at(dir.sub("elsewhere/page-8.txt")).body == Strings{lantern_story(8)});

        // Without what the database learned, the same file keeps the site's furniture.
        const Ingested alone = ingest({dir.sub("elsewhere/page-8.txt")}, nullptr);
        CHECK(alone.articles.at(dir.sub("elsewhere/page-8.txt")).body != Strings{lantern_story(8)});
    }

    TEST_CASE("names the directory when extract is pointed at a database that is not there")
    {
        const dateline::testing::TempDir dir;
        dateline::ChromeModel chrome;
        CHECK_THROWS_WITH_AS(dateline::load_learned_chrome(dir.sub("nothing"), chrome),
                             ("no database at " + dir.sub("nothing") +
                              " (--db names a database built by dateline-indexer; leave it out to learn only from "
                              "the files given)")
                                 .c_str(),
                             dateline::Error);
    }

    TEST_CASE("reads JSONL records from standard input, with ids from the records")
    {
        std::istringstream in("{\"id\":\"in-1\",\"title\":\"Piped\"}\n\n{\"url\":\"https://u.example/2\",\"title\":\"Two\"}\n"
                              "{\"title\":\"No id\"}\n{\"body\":3}\n");
        dateline::IngestHooks hooks;
        hooks.standard_input = &in;
        std::vector<Article> articles;
        const IngestReport report = dateline::ingest_paths(
            {"-"}, dateline::make_default_readers(), [&](Article&& article) { articles.push_back(article); }, hooks);
        REQUIRE(articles.size() == 3);
        CHECK(articles[0].id == "in-1");
        CHECK(articles[1].id == "https://u.example/2");
        CHECK(articles[2].id.starts_with("hash:"));
        CHECK(articles[0].origin == "stdin");
        CHECK(articles[0].source_path.empty());
        REQUIRE(report.rejections.size() == 1);
        CHECK(dateline::format_rejection(report.rejections[0]) ==
              "stdin:5: \"body\" must be a string or an array of strings, not number");
        CHECK(report.files_read == 1);
    }

    TEST_CASE("gives each article the absolute path of its file and reports progress")
    {
        std::vector<std::string> paths;
        std::size_t progress_calls = 0;
        dateline::IngestHooks hooks;
        hooks.on_progress = [&](const IngestReport& report) {
            ++progress_calls;
            CHECK(report.articles_indexed <= paths.size());
        };
        const IngestReport report = dateline::ingest_paths(
            {test_data_dir() + "/records/../site-a"}, dateline::make_default_readers(),
            [&](Article&& article) { paths.push_back(article.source_path); }, hooks);
        REQUIRE(paths.size() == 2);
        const std::string site = std::filesystem::weakly_canonical(test_data_dir() + "/site-a").generic_string();
        CHECK(paths[0] == site + "/2023-06-05-bridge.txt");
        CHECK(paths[1] == site + "/2023-06-07-market.txt");
        CHECK(progress_calls == report.files_read + report.files_skipped);
    }
}

TEST_CASE("html files: plain, gzipped and damaged gzip pages (issue 17)")
{
    dateline::testing::TempDir dir;
    const std::string page = "<html><head><title>Ferry back | Courier</title></head><body><article><p>The harbour ferry "
                             "resumed its crossings on Tuesday after three weeks of repairs.</p></article></body></html>";
    write_file(dir.path() / "a.html", page);
    write_file(dir.path() / "b.htm.gz", std::string("\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03garbage", 18));
    const Ingested result = ingest({dir.path().string()});
    REQUIRE(result.articles.size() == 1);
    const Article& article = result.articles.begin()->second;
    CHECK(article.id == "a.html");
    CHECK(article.title == "Ferry back");
    REQUIRE(result.report.rejections.size() == 1);
    CHECK(result.report.rejections[0].reason.starts_with("damaged gzip data"));
}
