// Unit tests of common/search/search_request.h: defaults, each parameter, and each bad value with
// its exact message and the bad_request code.
#include "common/search/search_request.h"

#include "common/errors.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using dateline::DefaultOperator;
using dateline::Error;
using dateline::parse_search_request;
using dateline::SearchRequest;
using dateline::testing::catch_error_code;
using Params = std::multimap<std::string, std::string>;

TEST_SUITE("search_request")
{
    TEST_CASE("uses the defaults for missing parameters")
    {
        const SearchRequest request = parse_search_request({});
        CHECK(request.query.empty());
        CHECK(request.page == 1);
        CHECK(request.size == 10);
        CHECK(request.op == DefaultOperator::op_or);
    }

    TEST_CASE("reads q page size and op")
    {
        const SearchRequest request =
            parse_search_request({{"q", "central bank"}, {"page", "3"}, {"size", "25"}, {"op", "and"}});
        CHECK(request.query == "central bank");
        CHECK(request.page == 3);
        CHECK(request.size == 25);
        CHECK(request.op == DefaultOperator::op_and);

        CHECK(parse_search_request({{"op", "or"}}).op == DefaultOperator::op_or);
        CHECK(parse_search_request({{"size", "100"}, {"page", "1000"}}).size == dateline::k_max_page_size);
        CHECK(parse_search_request({{"q", std::string(dateline::k_max_query_bytes, 'a')}}).query.size() ==
              dateline::k_max_query_bytes);
    }

    TEST_CASE("ignores parameters it does not know")
    {
        const SearchRequest request = parse_search_request({{"q", "x"}, {"format", "json"}, {"utm_source", "mail"}});
        CHECK(request.query == "x");
        CHECK(request.page == 1);
    }

    TEST_CASE("reads sort, recency, collapse, facets and the filters")
    {
        const SearchRequest defaults = parse_search_request({});
        CHECK(defaults.sort == dateline::SortOrder::relevance);
        CHECK(defaults.recency_half_life_days == 0);
        CHECK(defaults.collapse);
        CHECK(defaults.facets);
        CHECK(defaults.filters.empty());

        const SearchRequest request = parse_search_request({{"sort", "oldest"},
                                                            {"collapse", "false"},
                                                            {"facets", "false"},
                                                            {"source", "Reuters"},
                                                            {"source", "BBC"},
                                                            {"section", "business"},
                                                            {"tag", "oil"},
                                                            {"year", "1987"},
                                                            {"year", "undated"},
                                                            {"from", "1987-03"},
                                                            {"to", "1988-02"}});
        CHECK(request.sort == dateline::SortOrder::oldest);
        CHECK_FALSE(request.collapse);
        CHECK_FALSE(request.facets);
        CHECK(request.filters.sources == std::vector<std::string>{"Reuters", "BBC"});
        CHECK(request.filters.sections == std::vector<std::string>{"business"});
        CHECK(request.filters.tags == std::vector<std::string>{"oil"});
        CHECK(request.filters.years == std::vector<std::string>{"1987", "undated"});
        CHECK(request.filters.from == "1987-03-01");
        CHECK(request.filters.to == "1988-02-29");
        CHECK(request.filters.single_year().empty());

        CHECK(parse_search_request({{"recency", "7.5"}}).recency_half_life_days == doctest::Approx(7.5));
        CHECK(parse_search_request({{"sort", "newest"}}).sort == dateline::SortOrder::newest);
        CHECK(parse_search_request({{"from", "2021"}, {"to", "2021"}}).filters.to == "2021-12-31");
        CHECK(parse_search_request({{"from", "2021-04"}, {"to", "2021-11"}}).filters.single_year() == "2021");
        CHECK(parse_search_request({{"year", "2020"}}).filters.single_year() == "2020");
        // Empty form fields filter nothing.
        CHECK(parse_search_request({{"source", ""}, {"from", ""}, {"year", ""}}).filters.empty());
    }

    TEST_CASE("reads the similar and suggest requests")
    {
        const dateline::SimilarRequest similar = dateline::parse_similar_request("a/b", {{"days", "30"}, {"size", "5"}});
        CHECK(similar.id == "a/b");
        CHECK(similar.days == 30);
        CHECK(similar.size == 5);
        CHECK(dateline::parse_similar_request("x", {}).days == 0);
        CHECK_THROWS_WITH_AS(dateline::parse_similar_request("x", {{"days", "0"}}),
                             R"("days" must be a whole number from 1 to 36500, got "0")", Error);

        const dateline::SuggestRequest suggest = dateline::parse_suggest_request({{"q", "harb"}});
        CHECK(suggest.prefix == "harb");
        CHECK(suggest.size == 5);
        CHECK_THROWS_WITH_AS(dateline::parse_suggest_request({}),
                             R"("q" is required: the text typed so far, e.g. /api/suggest?q=harb)", Error);
        CHECK_THROWS_WITH_AS(dateline::parse_suggest_request({{"q", "a"}, {"size", "21"}}),
                             R"("size" must be a whole number from 1 to 20, got "21")", Error);
    }

    TEST_CASE("rejects each bad parameter naming it and the value received")
    {
        struct Row {
            Params params;
            std::string message;
        };
        const Row rows[] = {
            {{{"size", "0"}}, R"("size" must be a whole number from 1 to 100, got "0")"},
            {{{"size", "1000"}}, R"("size" must be a whole number from 1 to 100, got "1000")"},
            {{{"size", "5x"}}, R"("size" must be a whole number from 1 to 100, got "5x")"},
            {{{"size", ""}}, R"("size" must be a whole number from 1 to 100, got "")"},
            {{{"page", "-1"}}, R"("page" must be a whole number from 1 to 1000, got "-1")"},
            {{{"page", "abc"}}, R"("page" must be a whole number from 1 to 1000, got "abc")"},
            {{{"page", "1001"}}, R"("page" must be a whole number from 1 to 1000, got "1001")"},
            {{{"page", "99999999999999999999"}},
             R"("page" must be a whole number from 1 to 1000, got "99999999999999999999")"},
            {{{"op", "xor"}}, R"("op" must be "and" or "or", got "xor")"},
            {{{"op", "AND"}}, R"("op" must be "and" or "or", got "AND")"},
            {{{"q", std::string(16385, 'a')}}, R"("q" is too long: 16385 bytes, at most 16384)"},
            {{{"sort", "sideways"}}, R"("sort" must be "relevance", "newest" or "oldest", got "sideways")"},
            {{{"recency", "-3"}}, R"("recency" must be a half-life in days, a number above 0 and at most 36500, got "-3")"},
            {{{"recency", "0"}}, R"("recency" must be a half-life in days, a number above 0 and at most 36500, got "0")"},
            {{{"recency", "week"}},
             R"("recency" must be a half-life in days, a number above 0 and at most 36500, got "week")"},
            {{{"recency", "7"}, {"sort", "newest"}},
             R"("recency" boosts relevance ranking and cannot be combined with sort=newest; drop one of them)"},
            {{{"from", "2021-13-01"}}, R"("from" is not a date: "2021-13-01" (want YYYY-MM-DD, YYYY-MM or YYYY))"},
            {{{"to", "2021-02-30"}}, R"("to" is not a date: "2021-02-30" (want YYYY-MM-DD, YYYY-MM or YYYY))"},
            {{{"from", "21-01-01"}}, R"("from" is not a date: "21-01-01" (want YYYY-MM-DD, YYYY-MM or YYYY))"},
            {{{"from", "2021-05-01"}, {"to", "2021-04-30"}},
             R"("from" (2021-05-01) is after "to" (2021-04-30); swap them)"},
            {{{"from", "2021"}, {"from", "2022"}}, R"("from" may be given once, got 2)"},
            {{{"year", "87"}}, R"("year" must be a year (YYYY) or "undated", got "87")"},
            {{{"collapse", "maybe"}}, R"("collapse" must be "true" or "false", got "maybe")"},
            {{{"facets", "no"}}, R"("facets" must be "true" or "false", got "no")"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.message);
            CHECK_THROWS_WITH_AS(parse_search_request(row.params), row.message.c_str(), Error);
            CHECK(catch_error_code([&] { parse_search_request(row.params); }) == "bad_request");
        }
    }

    TEST_CASE("reads the url of an article lookup and names it when missing, empty or too long")
    {
        CHECK(dateline::parse_article_url({{"url", "https://a.example/x?y=1"}}) == "https://a.example/x?y=1");
        const std::string missing = "\"url\" is required: the article's original address, URL-encoded, e.g. "
                                    "/api/v1/articles?url=https%3A%2F%2Fnews.example%2F2023%2Fstory";
        CHECK_THROWS_WITH_AS(dateline::parse_article_url({}), missing.c_str(), Error);
        CHECK_THROWS_WITH_AS(dateline::parse_article_url({{"url", ""}}), missing.c_str(), Error);
        CHECK_THROWS_WITH_AS(dateline::parse_article_url({{"url", std::string(2049, 'u')}}),
                             R"("url" is too long: 2049 bytes, at most 2048)", Error);
        CHECK(catch_error_code([] { dateline::parse_article_url({}); }) == "bad_request");
    }
}
