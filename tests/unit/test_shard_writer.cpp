// Unit tests of common/index/shard_writer.h (issue 18) on temporary directories: one database
// per shard plus a stub that opens as their union, an article that moves shard leaves no copy,
// the recorded rule wins over a conflicting --shard-by, and the stub is kept and extended.
#include "common/index/shard_writer.h"

#include "common/errors.h"
#include "common/index/schema.h"
#include "common/search/search_service.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

using dateline::Article;
using dateline::Error;
using dateline::SearchService;
using dateline::ShardRule;
using dateline::ShardWriter;
using dateline::testing::TempDir;
namespace fs = std::filesystem;

namespace {

const ShardRule k_by_year{ShardRule::Kind::year, 0};

Article make_article(int i, const std::string& date)
{
    Article article;
    article.id = "ferry-" + std::to_string(i);
    article.title = "Ferry timetable " + std::to_string(i);
    article.body = {"The island ferry sails at dawn, notice " + std::to_string(i) + ".",
                    i % 2 == 0 ? "Fares rise in spring." : "Fares stay as they were."};
    article.source = "Harbour Gazette";
    article.date = date;
    return article;
}

std::vector<Article> make_articles()
{
    std::vector<Article> articles;
    for (int i = 0; i < 12; ++i) {
        articles.push_back(make_article(i, i % 4 == 3 ? "" : "202" + std::to_string(i % 3) + "-0" + std::to_string(1 + i % 9) + "-15"));
    }
    return articles;
}

void write_archive(const std::string& dir, const std::vector<Article>& articles, const ShardRule& rule = k_by_year)
{
    ShardWriter writer(dir, rule, 5);
    for (const Article& article : articles) {
        writer.add(article);
    }
    writer.commit();
}

std::string read_file(const fs::path& path)
{
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The ids a shard holds, sorted.
std::vector<std::string> ids_in(const std::string& db_dir)
{
    const Xapian::Database db(db_dir);
    std::vector<std::string> ids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        ids.push_back(dateline::schema::read_stored_article(db.get_document(*it)).id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::string> search_ids(SearchService& service, const std::string& query)
{
    dateline::SearchRequest request;
    request.query = query;
    request.size = 100;
    std::vector<std::string> ids;
    for (const dateline::SearchHit& hit : service.search(request).hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

} // namespace

TEST_SUITE("ShardWriter")
{
    TEST_CASE("writes one database per shard and a stub that opens as their union")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        write_archive(archive, make_articles());
        for (const char* shard : {"2020", "2021", "2022", "undated"}) {
            CAPTURE(shard);
            CHECK(fs::exists(fs::path(archive) / "shards" / shard / "iamglass"));
        }
        CHECK(ids_in(archive + "/shards/undated") == std::vector<std::string>{"ferry-11", "ferry-3", "ferry-7"});
        CHECK(ids_in(archive + "/shards/2020") == std::vector<std::string>{"ferry-0", "ferry-6", "ferry-9"});
        const std::string stub = read_file(fs::path(archive) / "XAPIANDB");
        CHECK(stub.find("auto shards/2020\n") != std::string::npos);
        CHECK(stub.find("auto shards/undated\n") != std::string::npos);
        CHECK(read_file(fs::path(archive) / "dateline-shards").find("\nshard-by year\n") != std::string::npos);
        CHECK(Xapian::Database(archive).get_doccount() == 12);
    }

    TEST_CASE("a search over the stub finds what a search over one database finds")
    {
        const TempDir dir;
        write_archive(dir.sub("archive"), make_articles());
        dateline::testing::index_articles(dir.sub("single"), make_articles());
        SearchService sharded(dir.sub("archive"));
        SearchService single(dir.sub("single"));
        for (const char* query : {"ferry", "fares spring", "\"island ferry\"", "timetable 7"}) {
            CAPTURE(query);
            std::vector<std::string> expected = search_ids(single, query);
            std::vector<std::string> got = search_ids(sharded, query);
            CHECK(!expected.empty());
            // Equal weights may tie-break by docid, which differs between the layouts.
            std::sort(expected.begin(), expected.end());
            std::sort(got.begin(), got.end());
            CHECK(got == expected);
        }
        CHECK(sharded.get_article("ferry-4").title == "Ferry timetable 4");
    }

    TEST_CASE("an article whose date moved it to another shard leaves no copy behind")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        write_archive(archive, make_articles());
        write_archive(archive, {make_article(0, "2023-06-01"), make_article(3, "2021-02-02")});
        CHECK(ids_in(archive + "/shards/2023") == std::vector<std::string>{"ferry-0"});
        CHECK(ids_in(archive + "/shards/2020") == std::vector<std::string>{"ferry-6", "ferry-9"});
        CHECK(ids_in(archive + "/shards/undated") == std::vector<std::string>{"ferry-11", "ferry-7"});
        CHECK(Xapian::Database(archive).get_doccount() == 12);
        // The new shard joined the stub.
        CHECK(read_file(fs::path(archive) / "XAPIANDB").find("auto shards/2023\n") != std::string::npos);
    }

    TEST_CASE("remove and remove_missing reach every shard")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        std::vector<Article> articles = make_articles();
        for (Article& article : articles) {
            article.source_path = "/feeds/" + article.id + ".jsonl";
        }
        write_archive(archive, articles);
        ShardWriter writer(archive, k_by_year, 5, dateline::ArticleIndexer::Open::existing);
        CHECK(writer.remove("ferry-3"));
        CHECK_FALSE(writer.remove("ferry-3"));
        writer.add(articles[0]);
        const std::vector<std::string> removed = writer.remove_missing({{"/feeds"}, {"/feeds/ferry-1.jsonl"}});
        writer.commit();
        CHECK(removed.size() == 9); // all but ferry-0 (added now), ferry-1 (kept) and ferry-3 (deleted)
        CHECK(writer.document_count() == 2);
        CHECK(Xapian::Database(archive).get_doccount() == 2);
    }

    TEST_CASE("the recorded rule wins: another --shard-by is refused, none keeps it")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        CHECK_FALSE(dateline::choose_shard_rule(archive, "").has_value());
        CHECK(dateline::choose_shard_rule(archive, "month") == ShardRule{ShardRule::Kind::month, 0});
        write_archive(archive, make_articles());
        CHECK(dateline::choose_shard_rule(archive, "") == k_by_year);
        CHECK(dateline::choose_shard_rule(archive, "year") == k_by_year);
        CHECK_THROWS_WITH_AS(dateline::choose_shard_rule(archive, "hash:4"),
                             (archive + " is sharded by year, not by hash:4: leave out --shard-by (or give --shard-by "
                                        "year) to add to it, or index into a new --db to split the articles another way")
                                 .c_str(),
                             Error);
    }

    TEST_CASE("--shard-by is refused on a single database and on a stub it did not write")
    {
        const TempDir dir;
        dateline::testing::index_articles(dir.sub("single"), make_articles());
        CHECK_THROWS_WITH_AS(dateline::choose_shard_rule(dir.sub("single"), "year"),
                             (dir.sub("single") + " holds a single database: --shard-by year needs a new or empty "
                                                  "directory; index into a new --db")
                                 .c_str(),
                             Error);
        CHECK_FALSE(dateline::choose_shard_rule(dir.sub("single"), "").has_value());
        fs::create_directories(dir.sub("handmade"));
        std::ofstream(dir.sub("handmade") + "/XAPIANDB") << "auto ../single\n";
        CHECK_THROWS_WITH_AS(dateline::choose_shard_rule(dir.sub("handmade"), ""),
                             (dir.sub("handmade") + " holds a stub database that dateline-indexer did not write (no "
                                                    "dateline-shards file beside it): index into each shard's own directory")
                                 .c_str(),
                             Error);
    }

    TEST_CASE("a stub line an operator added stays, a shard missing from the stub is added back, other directories are no shards")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        write_archive(archive, make_articles());
        const fs::path stub = fs::path(archive) / "XAPIANDB";
        std::ofstream(stub, std::ios::trunc) << "auto shards/2020\n# the 2019 shard is on another host\n";
        // A compaction's work directory beside the shards is no shard.
        fs::create_directories(fs::path(archive) / "shards" / "2021.compact-Ab12Cd");
        { const ShardWriter reopened(archive, k_by_year, 5); }
        const std::string text = read_file(stub);
        CHECK(text.starts_with("auto shards/2020\n# the 2019 shard is on another host\n"));
        CHECK(text.find("auto shards/2021\n") != std::string::npos);
        CHECK(text.find("auto shards/undated\n") != std::string::npos);
        CHECK(text.find("compact") == std::string::npos);
        CHECK_FALSE(fs::exists(stub.string() + ".new-" + std::to_string(::getpid())));
    }

    TEST_CASE("hash shards split by id")
    {
        const TempDir dir;
        const std::string archive = dir.sub("archive");
        write_archive(archive, make_articles(), ShardRule{ShardRule::Kind::hash, 3});
        std::size_t total = 0;
        for (const char* shard : {"hash-0-of-3", "hash-1-of-3", "hash-2-of-3"}) {
            CAPTURE(shard);
            const std::vector<std::string> ids = ids_in(archive + "/shards/" + shard);
            CHECK(!ids.empty());
            total += ids.size();
        }
        CHECK(total == 12);
    }
}
