// Unit tests of the feeds for browsers and readers (common/web/rss_feed.h, common/web/opensearch.h):
// RSS 2.0 and OpenSearch structure, absolute links, RFC 822 dates and XML escaping.
#include "common/web/opensearch.h"
#include "common/web/rss_feed.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using dateline::PageQuery;
using dateline::SearchHit;
using dateline::SearchResponse;

namespace {

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

SearchResponse make_response()
{
    SearchResponse response;
    SearchHit hit;
    hit.id = "a/1";
    hit.title = "Fares & <fees>";
    hit.date = "2023-06-05";
    hit.source = "Gull Gazette";
    hit.section = "Harbour";
    hit.dateline = "Port Calder";
    hit.snippet = "the <mark>ferry</mark> &amp; fares";
    response.hits.push_back(hit);
    SearchHit undated;
    undated.id = "b";
    response.hits.push_back(undated);
    response.total = 2;
    return response;
}

} // namespace

TEST_SUITE("rss_feed")
{
    TEST_CASE("is RSS 2.0 with absolute links to the search and each article")
    {
        const PageQuery query = dateline::feed_query(PageQuery::from_params({{"q", "ferry"}, {"page", "3"}}));
        const std::string xml = dateline::render_rss_feed(query, make_response(), "http://news.example:8080");
        CHECK(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\""));
        CHECK(contains(xml, "<title>Dateline: ferry</title>"));
        CHECK(contains(xml, "<link>http://news.example:8080/search?q=ferry&amp;sort=newest</link>"));
        CHECK(contains(xml, "<atom:link href=\"http://news.example:8080/search.rss?q=ferry&amp;sort=newest\" rel=\"self\""));
        CHECK(contains(xml, "<item>\n<title>Fares &amp; &lt;fees&gt;</title>\n<link>http://news.example:8080/articles/a%2F1</link>"));
        CHECK(contains(xml, "<guid isPermaLink=\"true\">http://news.example:8080/articles/a%2F1</guid>"));
        CHECK(contains(xml, "<pubDate>Mon, 05 Jun 2023 00:00:00 +0000</pubDate>"));
        CHECK(contains(xml, "<category>Harbour</category>"));
        // The description is HTML, escaped as XML text: the snippet's own &amp; becomes &amp;amp;.
        CHECK(contains(xml, "&lt;p&gt;the &lt;mark&gt;ferry&lt;/mark&gt; &amp;amp; fares&lt;/p&gt;</description>"));
        CHECK(contains(xml, "<item>\n<title>b</title>"));
        CHECK(xml.ends_with("</channel>\n</rss>\n"));
    }

    TEST_CASE("asks for the newest first unless a sort is given, and drops page and size")
    {
        CHECK(dateline::feed_query(PageQuery::from_params({{"q", "a"}, {"page", "2"}, {"size", "5"}})).url("/f") ==
              "/f?q=a&sort=newest");
        CHECK(dateline::feed_query(PageQuery::from_params({{"q", "a"}, {"sort", "oldest"}})).url("/f") ==
              "/f?q=a&sort=oldest");
    }

    TEST_CASE("names the filters in the title and escapes a hostile query")
    {
        const PageQuery query = PageQuery::from_params({{"q", "<script>\x01"}, {"source", "A&B"}});
        const std::string xml = dateline::render_rss_feed(query, {}, "http://h");
        CHECK(contains(xml, "<title>Dateline: &lt;script&gt; (source A&amp;B)</title>"));
        CHECK_FALSE(contains(xml, "<script>"));
        CHECK_FALSE(contains(xml, "\x01"));
    }

    TEST_CASE("formats RFC 822 dates")
    {
        CHECK(dateline::format_rfc822_date("1987-04-01") == "Wed, 01 Apr 1987 00:00:00 +0000");
        CHECK(dateline::format_rfc822_date("2024-02-29") == "Thu, 29 Feb 2024 00:00:00 +0000");
        CHECK(dateline::format_rfc822_date("2023-02-29").empty());
        CHECK(dateline::format_rfc822_date("").empty());
    }
}

TEST_SUITE("opensearch")
{
    TEST_CASE("the description names Dateline and absolute templates for pages, feeds and suggestions")
    {
        const std::string xml = dateline::render_opensearch_description("http://news.example");
        CHECK(contains(xml, "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\""));
        CHECK(contains(xml, "<ShortName>Dateline</ShortName>"));
        CHECK(contains(xml, "<Url type=\"text/html\" method=\"get\" template=\"http://news.example/search?q={searchTerms}\"/>"));
        CHECK(contains(xml, "type=\"application/x-suggestions+json\" method=\"get\" "
                            "template=\"http://news.example/opensearch/suggest?q={searchTerms}\""));
        CHECK(contains(xml, "template=\"http://news.example/search.rss?q={searchTerms}\""));
        CHECK(contains(xml, "<Image width=\"32\" height=\"32\" type=\"image/x-icon\">http://news.example/favicon.ico</Image>"));
        CHECK(contains(dateline::render_opensearch_description("http://a\"b"), "template=\"http://a&quot;b/search"));
    }

    TEST_CASE("suggestions are the typed text and a list of completions")
    {
        const auto body = nlohmann::json::parse(dateline::render_opensearch_suggestions("tid\"", {"Tidal <barrage>"}));
        CHECK(body == nlohmann::json::array({"tid\"", {"Tidal <barrage>"}}));
        CHECK(dateline::render_opensearch_suggestions("bad \xFF", {}) == "[\"bad \xEF\xBF\xBD\",[]]");
    }

    TEST_CASE("address-bar suggestions: completed terms first, then titles, no repeats, at most the limit")
    {
        dateline::Completions completions;
        completions.terms = {"tidal barrage", "tidal barrier"};
        completions.titles = {{"a", "Tidal barrage approved", ""}, {"b", "tidal barrage", ""}, {"c", "Third", ""}};
        CHECK(dateline::opensearch_completions(completions) ==
              std::vector<std::string>{"tidal barrage", "tidal barrier", "Tidal barrage approved", "Third"});
        CHECK(dateline::opensearch_completions(completions, 2) == std::vector<std::string>{"tidal barrage", "tidal barrier"});
        CHECK(dateline::opensearch_completions({}).empty());
    }
}
