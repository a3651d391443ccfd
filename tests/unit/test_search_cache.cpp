// Unit tests of common/search/search_cache.h: every field of a request is part of its key, the least
// recently used entry leaves first, entries expire, and SearchService answers a repeated search
// from the cache but never across a commit.
#include "common/search/search_cache.h"

#include "common/search/search_service.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

using dateline::Article;
using dateline::SearchCache;
using dateline::search_cache_key;
using dateline::SearchRequest;
using dateline::SearchResponse;
using dateline::testing::TempDir;
using namespace std::chrono_literals;

namespace {

SearchResponse response_with_total(std::size_t total)
{
    SearchResponse response;
    response.total = total;
    return response;
}

void index_notes(const std::string& db_dir, const std::vector<std::string>& ids)
{
    std::vector<Article> notes;
    for (const std::string& id : ids) {
        Article& article = notes.emplace_back();
        article.id = id;
        article.title = "Tide table " + id;
        article.body = {"The tide table for the estuary, printed by the harbour office for " + id + "."};
    }
    dateline::testing::index_articles(db_dir, notes);
}

} // namespace

TEST_SUITE("SearchCache")
{
    TEST_CASE("every field of the request, the database and its revision are part of the key")
    {
        const SearchRequest base;
        const std::string key = search_cache_key("uuid", 7, base);
        CHECK(search_cache_key("uuid", 7, base) == key);
        const std::vector<std::function<void(SearchRequest&)>> changes = {
            [](SearchRequest& r) { r.query = "tide"; },
            [](SearchRequest& r) { r.page = 2; },
            [](SearchRequest& r) { r.size = 20; },
            [](SearchRequest& r) { r.op = dateline::DefaultOperator::op_and; },
            [](SearchRequest& r) { r.sort = dateline::SortOrder::newest; },
            [](SearchRequest& r) { r.recency_half_life_days = 7; },
            [](SearchRequest& r) { r.filters.sources = {"Gull Gazette"}; },
            [](SearchRequest& r) { r.filters.sections = {"Port"}; },
            [](SearchRequest& r) { r.filters.tags = {"tides"}; },
            [](SearchRequest& r) { r.filters.years = {"2023"}; },
            [](SearchRequest& r) { r.filters.from = "2023-01-01"; },
            [](SearchRequest& r) { r.filters.to = "2023-12-31"; },
            [](SearchRequest& r) { r.collapse = false; },
            [](SearchRequest& r) { r.facets = false; },
        };
        std::set<std::string> keys = {key, search_cache_key("uuid", 8, base), search_cache_key("other", 7, base)};
        for (const auto& change : changes) {
            SearchRequest changed = base;
            change(changed);
            keys.insert(search_cache_key("uuid", 7, changed));
        }
        CHECK(keys.size() == changes.size() + 3);
        // Values that would run together without their lengths stay apart.
        SearchRequest a;
        a.filters.sources = {"a", "b"};
        SearchRequest b;
        b.filters.sources = {"a\x1F" "1:b"};
        CHECK(search_cache_key("u", 1, a) != search_cache_key("u", 1, b));
    }

    TEST_CASE("keeps the most recently used entries and forgets expired ones")
    {
        SearchCache cache(2, 1000ms);
        const auto now = std::chrono::steady_clock::now();
        cache.store("a", response_with_total(1), now);
        cache.store("b", response_with_total(2), now);
        REQUIRE(cache.find("a", now)); // a is now the most recently used
        cache.store("c", response_with_total(3), now);
        CHECK_FALSE(cache.find("b", now));
        CHECK(cache.find("a", now)->total == 1);
        CHECK(cache.find("c", now)->total == 3);
        CHECK_FALSE(cache.find("c", now + 1001ms));
        CHECK(cache.hits() == 3);
        CHECK(cache.misses() == 2);
    }

    TEST_CASE("a cache of no entries is off")
    {
        SearchCache cache(0, 1000ms);
        const auto now = std::chrono::steady_clock::now();
        cache.store("a", response_with_total(1), now);
        CHECK_FALSE(cache.enabled());
        CHECK_FALSE(cache.find("a", now));
        CHECK(cache.misses() == 0);
    }

    TEST_CASE("the service answers a repeated search from the cache, and a commit retires it")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_notes(db_dir, {"monday", "tuesday"});
        dateline::SearchService service(db_dir);
        SearchRequest request;
        request.query = "tide";
        CHECK(service.search(request).total == 2);
        CHECK(service.search(request).total == 2);
        CHECK(service.counters().cache_hits == 1);
        CHECK(service.counters().cache_misses == 1);

        index_notes(db_dir, {"wednesday"});
        CHECK(service.search(request).total == 3);
        CHECK(service.counters().cache_hits == 1);

        dateline::SearchSettings off;
        off.cache_entries = 0;
        dateline::SearchService uncached(db_dir, off);
        CHECK(uncached.search(request).total == 3);
        CHECK(uncached.search(request).total == 3);
        CHECK(uncached.counters().cache_hits == 0);
    }
}
