// Unit tests of common/index/maintenance.h on temporary databases: statistics of any version,
// reindex from an older schema version (and that a failed reindex changes nothing), compaction
// in place and into a copy that answers exactly as the original.
#include "common/index/maintenance.h"

#include "common/index/article_indexer.h"
#include "common/errors.h"
#include "common/index/schema.h"
#include "common/search/search_service.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

using dateline::Article;
using dateline::ArticleIndexer;
using dateline::Error;
using dateline::SearchService;
using dateline::testing::TempDir;
using dateline::testing::catch_error_code;
namespace fs = std::filesystem;
namespace schema = dateline::schema;

namespace {

std::vector<Article> make_articles(int count)
{
    std::vector<Article> articles;
    for (int i = 0; i < count; ++i) {
        Article article;
        article.id = "story-" + std::to_string(i);
        article.url = "https://tide.example/" + std::to_string(i);
        article.title = "Tide table " + std::to_string(i) + (i % 2 == 0 ? " for the harbour" : " for the estuary");
        article.body = {"High water at the harbour wall, paragraph one of " + std::to_string(i) + ".",
                        "Low water follows six hours later."};
        article.source = i % 3 == 0 ? "Tide Times" : "Coast Courier";
        article.date = "2022-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10);
        article.source_path = "/archive/tides/" + std::to_string(i) + ".jsonl";
        articles.push_back(article);
    }
    return articles;
}

// Batches of 7: the databases hold several commits.
void index_articles(const std::string& db_dir, const std::vector<Article>& articles)
{
    dateline::testing::index_articles(db_dir, articles, 7);
}

// What a user of the database sees: every stored article (with its source path) in order.
std::vector<Article> read_all(const std::string& db_dir)
{
    const Xapian::Database db(db_dir);
    std::vector<Article> articles;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        articles.push_back(schema::read_stored_article(db.get_document(*it)));
    }
    return articles;
}

void set_schema_version(const std::string& db_dir, const std::string& version)
{
    Xapian::WritableDatabase db(db_dir, Xapian::DB_OPEN);
    db.set_metadata("dateline.schema_version", version);
    db.commit();
}

std::vector<std::string> list_directory(const std::string& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::vector<std::pair<std::string, double>> ranked(const std::string& db_dir, const std::string& query)
{
    SearchService service(db_dir);
    dateline::SearchRequest request;
    request.query = query;
    request.size = 100;
    std::vector<std::pair<std::string, double>> hits;
    for (const dateline::SearchHit& hit : service.search(request).hits) {
        hits.emplace_back(hit.id, hit.score);
    }
    return hits;
}

} // namespace

TEST_SUITE("maintenance")
{
    TEST_CASE("reads the statistics of a database of any schema version")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_articles(12));
        set_schema_version(db_dir, "1");
        const dateline::DatabaseStats stats = dateline::read_database_stats(db_dir);
        CHECK(stats.documents == 12);
        CHECK(stats.schema_version == 1);
        CHECK(stats.sources.size() == 2);
        CHECK(stats.sources[0].name == "Coast Courier");
        CHECK(stats.sources[0].documents == 8);
        CHECK(dateline::format_database_stats(stats, db_dir).find("schema version  1 (this program uses " + std::to_string(dateline::schema::k_schema_version) + ")") !=
              std::string::npos);
        CHECK_THROWS_WITH_AS(dateline::read_database_stats(dir.sub("none")), ("no database at " + dir.sub("none")).c_str(),
                             Error);
    }

    TEST_CASE("reindexes a database of an older schema version into the current one")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const std::vector<Article> articles = make_articles(23);
        index_articles(db_dir, articles);
        const std::vector<Article> before = read_all(db_dir);
        set_schema_version(db_dir, "1");
        CHECK(catch_error_code([&] { SearchService service(db_dir); }) == "unavailable");

        std::vector<std::size_t> seen;
        const dateline::ReindexResult result =
            dateline::reindex_database(db_dir, 5, false, [&](std::size_t done, std::size_t) { seen.push_back(done); });
        CHECK(result.articles == 23);
        CHECK(result.from_version == 1);
        CHECK(result.kept_old.empty());
        CHECK_FALSE(seen.empty());
        CHECK(read_all(db_dir) == before);
        CHECK(schema::read_schema_version(Xapian::Database(db_dir)) == schema::k_schema_version);
        CHECK(SearchService(db_dir).document_count() == 23);
        // Nothing is left beside it.
        CHECK(list_directory(dir.path().string()) == std::vector<std::string>{"db"});
    }

    TEST_CASE("keeps the old database when asked to")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_articles(3));
        const dateline::ReindexResult result = dateline::reindex_database(db_dir + "/", 100, true, {});
        CHECK(result.kept_old.starts_with(db_dir + ".old-"));
        CHECK(read_all(result.kept_old) == read_all(db_dir));
    }

    TEST_CASE("a reindex that fails leaves the old database exactly as it was")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_articles(4));
        {
            // A document whose stored data is not an article record.
            Xapian::WritableDatabase db(db_dir, Xapian::DB_OPEN);
            Xapian::Document broken;
            broken.set_data("not json");
            db.add_document(broken);
            db.set_metadata("dateline.schema_version", "1");
            db.commit();
        }
        const auto revision = Xapian::Database(db_dir).get_revision();
        const std::string error = catch_error_code([&] { dateline::reindex_database(db_dir, 2, false, {}); });
        CHECK(error == "internal");
        CHECK(Xapian::Database(db_dir).get_revision() == revision);
        CHECK(Xapian::Database(db_dir).get_doccount() == 5);
        CHECK(list_directory(dir.path().string()) == std::vector<std::string>{"db"});
    }

    TEST_CASE("refuses to reindex a locked, missing, foreign or newer database")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_articles(2));
        {
            ArticleIndexer writer(db_dir, 10);
            CHECK_THROWS_WITH_AS(dateline::reindex_database(db_dir, 10, false, {}),
                                 (db_dir + " is being written by another dateline-indexer; wait for it to finish").c_str(),
                                 Error);
        }
        CHECK(catch_error_code([&] { dateline::reindex_database(dir.sub("missing"), 10, false, {}); }) == "unavailable");
        set_schema_version(db_dir, "9");
        CHECK_THROWS_WITH_AS(dateline::reindex_database(db_dir, 10, false, {}),
                             (db_dir + " was built with schema version 9 by a newer Dateline; this program uses version " +
                              std::to_string(dateline::schema::k_schema_version) + " and cannot reindex it")
                                 .c_str(),
                             Error);
        const std::string foreign = dir.sub("foreign");
        Xapian::WritableDatabase(foreign, Xapian::DB_CREATE).commit();
        CHECK_THROWS_WITH_AS(dateline::reindex_database(foreign, 10, false, {}),
                             (foreign + " is not a Dateline database (no schema version)").c_str(), Error);
    }

    TEST_CASE("compacts in place without changing what searches answer")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_articles(40));
        {
            ArticleIndexer indexer(db_dir, 3);
            for (int i = 0; i < 40; i += 2) {
                indexer.remove("story-" + std::to_string(i));
            }
            indexer.commit();
        }
        const auto before = ranked(db_dir, "harbour estuary water");
        const std::vector<Article> articles = read_all(db_dir);
        const dateline::CompactResult result = dateline::compact_database(db_dir, "", false);
        CHECK(result.documents == 20);
        CHECK(result.written == db_dir);
        CHECK(result.size_after > 0);
        CHECK(result.size_after <= result.size_before);
        CHECK(ranked(db_dir, "harbour estuary water") == before);
        CHECK(read_all(db_dir) == articles);
        CHECK(list_directory(dir.path().string()) == std::vector<std::string>{"db"});
    }

    TEST_CASE("writes a compacted copy that answers exactly as the original, and never overwrites")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const std::string backup = dir.sub("backup");
        index_articles(db_dir, make_articles(30));
        SearchService reader(db_dir); // a running server does not disturb a backup
        const dateline::CompactResult result = dateline::compact_database(db_dir, backup, false);
        CHECK(result.written == backup);
        CHECK(result.documents == 30);
        CHECK(ranked(backup, "tide harbour") == ranked(db_dir, "tide harbour"));
        CHECK(read_all(backup) == read_all(db_dir));
        CHECK(schema::read_commit_time(Xapian::Database(backup)) == schema::read_commit_time(Xapian::Database(db_dir)));
        CHECK(reader.document_count() == 30);

        CHECK_THROWS_WITH_AS(dateline::compact_database(db_dir, backup, false),
                             (backup + " exists; compact --to writes a new directory and never overwrites one: "
                                       "choose another or remove it")
                                 .c_str(),
                             Error);
        CHECK(catch_error_code([&] { dateline::compact_database(db_dir, backup, false); }) == "bad_request");
        CHECK(list_directory(dir.path().string()) == std::vector<std::string>{"backup", "db"});
    }
}
