// Unit tests of common/search_request.h: defaults, each parameter, and each bad value with
// its exact message and the bad_request code.
#include "common/search_request.h"

#include "common/errors.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

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
            {{{"q", std::string(1025, 'a')}}, R"("q" is too long: 1025 bytes, at most 1024)"},
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
