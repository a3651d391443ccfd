// Unit tests of common/search/database_set.h (issue 18): the stub parser (each kind of line, and
// bad lines named by file and line), and a SearchService over three local shards named by a stub
// answering as one database of all their articles, a shard that goes away answered around
// (partial, or 503 under the fail policy) and taken back once it returns.
#include "common/search/database_set.h"

#include "common/article.h"
#include "common/errors.h"
#include "common/search/search_service.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

using dateline::Article;
using dateline::parse_stub;
using dateline::SearchRequest;
using dateline::SearchResponse;
using dateline::SearchService;
using dateline::SearchSettings;
using dateline::ShardLocation;
using dateline::testing::TempDir;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

ShardLocation local_shard(const std::string& name, const std::string& path)
{
    ShardLocation shard;
    shard.name = name;
    shard.path = path;
    return shard;
}

ShardLocation remote_shard(const std::string& name, const std::string& host, unsigned port)
{
    ShardLocation shard;
    shard.name = name;
    shard.host = host;
    shard.port = port;
    return shard;
}

std::string stub_error(const std::string& text)
{
    try {
        parse_stub(text, "/srv/archive/XAPIANDB");
    } catch (const dateline::Error& error) {
        return error.what();
    }
    return "no error";
}

// Articles with invented words, a few per shard; `shard` tells them apart.
std::vector<Article> shard_articles(int shard)
{
    const std::vector<std::string> words = {"harbour", "ferry", "quay", "lantern", "storm", "fares", "tide"};
    std::vector<Article> articles;
    for (int n = 0; n < 12; ++n) {
        Article& article = articles.emplace_back();
        article.id = "s" + std::to_string(shard) + "-" + std::to_string(n);
        article.title = words[(n + shard) % words.size()] + " report " + std::to_string(n);
        std::string body;
        for (int w = 0; w < 10 + n + shard; ++w) {
            body += words[(w * (shard + 2) + n) % words.size()] + " ";
        }
        article.body = {body + "ends here."};
        article.source = shard == 1 ? "Quay Courier" : "Gull Gazette";
        article.section = n % 2 == 0 ? "Port" : "Weather";
        article.date = "202" + std::to_string(n % 4) + "-0" + std::to_string(1 + shard) + "-1" + std::to_string(n % 9);
    }
    return articles;
}

// Three local shards in `dir` and a stub naming them (relative paths), and one database of all
// their articles added in the interleaved order in which Xapian numbers several databases.
struct LocalShards {
    TempDir dir;
    std::string stub = dir.sub("archive.stub");
    std::string whole = dir.sub("whole");

    LocalShards()
    {
        std::vector<std::vector<Article>> shards;
        std::ofstream out(stub);
        for (int shard = 0; shard < 3; ++shard) {
            shards.push_back(shard_articles(shard));
            dateline::testing::index_articles(dir.sub("shard" + std::to_string(shard)), shards.back());
            out << "auto shard" << shard << '\n';
        }
        std::vector<Article> all;
        for (std::size_t n = 0; n < shards[0].size(); ++n) {
            for (const auto& shard : shards) {
                all.push_back(shard[n]);
            }
        }
        dateline::testing::index_articles(whole, all);
    }
};

SearchRequest make_request(const std::string& query)
{
    SearchRequest request;
    request.query = query;
    request.size = 100;
    return request;
}

std::vector<std::string> ids_of(const SearchResponse& response)
{
    std::vector<std::string> ids;
    for (const auto& hit : response.hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

SearchSettings quick_retry(dateline::ShardDownPolicy policy)
{
    SearchSettings settings;
    settings.cache_entries = 0;
    settings.shards.when_down = policy;
    settings.shards.retry_after = 50ms;
    return settings;
}

} // namespace

TEST_SUITE("DatabaseSet")
{
    TEST_CASE("reads every kind of stub line, resolving relative paths against the stub's directory")
    {
        const std::string text = "# shards of the archive\n"
                                 "\n"
                                 "auto shard-2021\n"
                                 "glass /data/shard-2022\n"
                                 "remote search3.example:33333\r\n"
                                 "remote [::1]:4000\n";
        const std::vector<ShardLocation> expected = {
            local_shard("shard-2021", "/srv/archive/shard-2021"),
            local_shard("/data/shard-2022", "/data/shard-2022"),
            remote_shard("remote search3.example:33333", "search3.example", 33333),
            remote_shard("remote [::1]:4000", "::1", 4000),
        };
        CHECK(parse_stub(text, "/srv/archive/XAPIANDB") == expected);
    }

    TEST_CASE("a bad stub line is named by file and line with what to write instead")
    {
        CHECK(stub_error("auto a\nchert b\n") ==
              "/srv/archive/XAPIANDB:2: unknown shard type \"chert\"; a line is \"auto PATH\", \"glass PATH\" or "
              "\"remote HOST:PORT\"");
        CHECK(stub_error("remote host\n") == "/srv/archive/XAPIANDB:1: a remote shard needs HOST:PORT (a port from 1 "
                                             "to 65535), e.g. \"remote shard1.example:33333\"");
        CHECK(stub_error("\nremote host:99999\n") == "/srv/archive/XAPIANDB:2: a remote shard needs HOST:PORT (a port "
                                                     "from 1 to 65535), e.g. \"remote shard1.example:33333\"");
        CHECK(stub_error("remote :xapian-progsrv /db\n") ==
              "/srv/archive/XAPIANDB:1: \"remote :PROGRAM\" shards are not supported; serve the shard with "
              "xapian-tcpsrv and write \"remote HOST:PORT\"");
        CHECK(stub_error("auto\n") == "/srv/archive/XAPIANDB:1: a shard line needs a path, e.g. \"auto shard-2021\"");
        CHECK(stub_error("# nothing yet\n") ==
              "/srv/archive/XAPIANDB: the stub names no shard; add lines \"auto PATH\" or \"remote HOST:PORT\"");
    }

    TEST_CASE("a directory with a XAPIANDB stub names its shards; a database directory is one shard")
    {
        TempDir dir;
        fs::create_directories(dir.path() / "archive");
        std::ofstream(dir.path() / "archive" / "XAPIANDB") << "auto one\nauto two\n";
        const std::vector<ShardLocation> shards = dateline::locate_shards(dir.sub("archive"));
        REQUIRE(shards.size() == 2);
        CHECK(shards[1].path == (dir.path() / "archive" / "two").string());
        CHECK(dateline::locate_shards(dir.sub("db")) == std::vector{local_shard(dir.sub("db"), dir.sub("db"))});
    }

    TEST_CASE("three local shards answer as one database: ids, order, scores, totals, facets, articles")
    {
        LocalShards archive;
        SearchService sharded(archive.stub, quick_retry(dateline::ShardDownPolicy::partial));
        SearchService whole(archive.whole, quick_retry(dateline::ShardDownPolicy::partial));
        for (const std::string query : {"harbour", "ferry quay", "\"harbour report\"", "lantern OR storm",
                                         "title:tide", "section:port", "date:2021..2022 fares"}) {
            CAPTURE(query);
            const SearchResponse a = sharded.search(make_request(query));
            const SearchResponse b = whole.search(make_request(query));
            CHECK(!b.hits.empty());
            REQUIRE(ids_of(a) == ids_of(b));
            for (std::size_t i = 0; i < a.hits.size(); ++i) {
                CHECK(std::abs(a.hits[i].score - b.hits[i].score) < 1e-9);
            }
            CHECK(a.total == b.total);
            CHECK(a.facets.source.size() == b.facets.source.size());
            for (std::size_t i = 0; i < b.facets.source.size() && i < a.facets.source.size(); ++i) {
                CHECK(a.facets.source[i].count == b.facets.source[i].count);
            }
            CHECK(a.facets.year.size() == b.facets.year.size());
            CHECK(!a.partial);
        }
        CHECK(sharded.get_article("s2-7").title == whole.get_article("s2-7").title);
        CHECK(sharded.document_count() == 36);
    }

    TEST_CASE("a shard that goes away is left out (partial, or 503 under fail) and comes back without a restart")
    {
        LocalShards archive;
        SearchService partial(archive.stub, quick_retry(dateline::ShardDownPolicy::partial));
        SearchService strict(archive.stub, quick_retry(dateline::ShardDownPolicy::fail));
        const std::vector<std::string> before = ids_of(partial.search(make_request("harbour")));
        fs::rename(archive.dir.sub("shard1"), archive.dir.sub("shard1.away"));
        std::this_thread::sleep_for(60ms); // past the back-off: the next request tries every shard again
        // Handles already open still read the shard's files (open file descriptors); a fresh one cannot.
        const SearchResponse during = [&] {
            SearchService fresh(archive.stub, quick_retry(dateline::ShardDownPolicy::partial));
            return fresh.search(make_request("harbour"));
        }();
        CHECK(during.partial);
        CHECK(during.missing_shards == std::vector<std::string>{"shard1"});
        for (const std::string& id : ids_of(during)) {
            CHECK(!id.starts_with("s1-"));
        }
        CHECK(dateline::testing::catch_error_code([&] {
                  SearchService fresh(archive.stub, quick_retry(dateline::ShardDownPolicy::fail));
                  fresh.search(make_request("harbour"));
              }) == "unavailable");
        SearchService fresh(archive.stub, quick_retry(dateline::ShardDownPolicy::partial));
        CHECK(dateline::testing::catch_error_code([&] { fresh.get_article("s1-3"); }) == "unavailable");
        CHECK(fresh.database_info().shards.at(1).up == false);
        fs::rename(archive.dir.sub("shard1.away"), archive.dir.sub("shard1"));
        std::this_thread::sleep_for(60ms);
        const SearchResponse after = fresh.search(make_request("harbour"));
        CHECK(!after.partial);
        CHECK(ids_of(after) == before);
        CHECK(fresh.get_article("s1-3").id == "s1-3");
        CHECK(ids_of(strict.search(make_request("harbour"))) == before);
    }
}
