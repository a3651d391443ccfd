// Unit tests of common/web/page_query.h: which parameters a page keeps, in what order, and the
// links that change one of them.
#include "common/web/page_query.h"

#include <doctest/doctest.h>

#include <map>
#include <string>

using dateline::PageQuery;
using Params = std::multimap<std::string, std::string>;

TEST_SUITE("PageQuery")
{
    TEST_CASE("keeps the known parameters in a stable order and drops the rest")
    {
        const PageQuery query = PageQuery::from_params(
            {{"source", "Wire"}, {"q", "ferry fares"}, {"utm", "x"}, {"page", "2"}, {"sort", "newest"}});
        CHECK(query.url("/search") == "/search?q=ferry%20fares&page=2&sort=newest&source=Wire");
        CHECK(query.value("utm").empty());
    }

    TEST_CASE("drops empty filters, as a blank date field sends them, but keeps an empty q")
    {
        const PageQuery query = PageQuery::from_params({{"q", ""}, {"from", ""}, {"to", "2021-01-01"}});
        CHECK(query.url("/search") == "/search?q=&to=2021-01-01");
        CHECK(query.has_filters());
        CHECK_FALSE(PageQuery::from_params({{"q", "x"}, {"sort", "newest"}}).has_filters());
    }

    TEST_CASE("keeps several values of a filter and removes one of them")
    {
        const PageQuery query = PageQuery::from_params({{"q", "port"}, {"source", "A"}, {"source", "B & C"}});
        CHECK(query.values("source") == std::vector<std::string>{"A", "B & C"});
        CHECK(query.has("source", "B & C"));
        CHECK(query.without("source", "A").url("/s") == "/s?q=port&source=B%20%26%20C");
        CHECK(query.without("source").url("/s") == "/s?q=port");
    }

    TEST_CASE("adds values in the stable order and never twice")
    {
        const PageQuery query = PageQuery::from_params({{"q", "port"}, {"year", "2021"}});
        CHECK(query.with_added("source", "A").url("/s") == "/s?q=port&source=A&year=2021");
        CHECK(query.with_added("year", "2021").url("/s") == "/s?q=port&year=2021");
        CHECK(query.with("page", "3").with("page", "4").url("/s") == "/s?q=port&page=4&year=2021");
        CHECK(query.with("year", "").url("/s") == "/s?q=port");
    }

    TEST_CASE("clears every filter but keeps the query and the sort")
    {
        const PageQuery query = PageQuery::from_params(
            {{"q", "port"}, {"sort", "oldest"}, {"from", "2020-01-01"}, {"tag", "ports"}, {"section", "Business"}});
        CHECK(query.without_filters().url("/s") == "/s?q=port&sort=oldest");
    }

    TEST_CASE("gives the search service the same parameters")
    {
        const PageQuery query = PageQuery::from_params({{"q", "a"}, {"page", "2"}, {"from", ""}});
        CHECK(query.to_params() == Params{{"q", "a"}, {"page", "2"}});
    }

    TEST_CASE("encodes names and values so no parameter can inject another")
    {
        const PageQuery query = PageQuery::from_params({{"q", "a&page=9#x"}});
        CHECK(query.url("/search") == "/search?q=a%26page%3D9%23x");
        CHECK(PageQuery().url("/search") == "/search");
    }
}
