// Unit tests of the HTML views (common/web/page_layout.h, search_view.h, article_view.h): their
// structure (landmarks, labels, links that keep the search) and the escaping of every user
// and stored string in text, attributes and URLs.
#include "common/web/article_view.h"
#include "common/web/page_layout.h"
#include "common/web/search_view.h"

#include <doctest/doctest.h>

#include <string>

using dateline::Article;
using dateline::PageQuery;
using dateline::SearchHit;
using dateline::SearchResponse;

namespace {

const std::string k_hostile = "<script>alert(1)</script>\"'&";

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part)
{
    std::size_t n = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++n;
    }
    return n;
}

SearchHit make_hit(const std::string& id, const std::string& title)
{
    SearchHit hit;
    hit.id = id;
    hit.title = title;
    hit.source = "Gull Gazette";
    hit.section = "Harbour";
    hit.date = "2023-06-05";
    hit.dateline = "Port Calder";
    hit.snippet = "the <mark>ferry</mark> fares";
    return hit;
}

SearchResponse make_response(std::size_t total, int page, std::vector<SearchHit> hits)
{
    SearchResponse response;
    response.total = total;
    response.page = page;
    response.size = 10;
    response.took_ms = 1.25;
    response.hits = std::move(hits);
    return response;
}

// No "<script" but the one external script tag, no inline handler, no style attribute.
void check_no_inline_code(const std::string& html)
{
    CHECK(count(html, "<script") == 1);
    CHECK(contains(html, "<script src=\"/assets/dateline.js?v="));
    CHECK_FALSE(contains(html, " onerror"));
    CHECK_FALSE(contains(html, " onclick"));
    CHECK_FALSE(contains(html, " style="));
    CHECK_FALSE(contains(html, "<style"));
}

} // namespace

TEST_SUITE("page_layout")
{
    TEST_CASE("every page has the landmarks, the labelled search box and the OpenSearch link")
    {
        dateline::PageFrame frame;
        frame.title = "ferry";
        frame.query = "ferry";
        const std::string html = dateline::render_page(frame, "<p>content</p>");
        CHECK(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
        CHECK(contains(html, "<title>ferry – Dateline</title>"));
        CHECK(contains(html, "<main id=\"main\""));
        CHECK(contains(html, "<header class=\"site-header\">"));
        CHECK(contains(html, "<footer class=\"site-footer\">"));
        CHECK(contains(html, "role=\"search\" action=\"/search\""));
        CHECK(contains(html, "<label class=\"visually-hidden\" for=\"q\">"));
        CHECK(contains(html, "href=\"#main\">Skip to content</a>"));
        CHECK(contains(html, "<link rel=\"search\" type=\"application/opensearchdescription+xml\""));
        CHECK(contains(html, "<link rel=\"icon\" href=\"/favicon.ico\""));
        CHECK(contains(html, "<link rel=\"stylesheet\" href=\"/assets/dateline.css?v="));
        CHECK(contains(html, "value=\"ferry\""));
        check_no_inline_code(html);
    }

    TEST_CASE("escapes the query in the title and the search box")
    {
        dateline::PageFrame frame;
        frame.title = k_hostile;
        frame.query = k_hostile;
        const std::string html = dateline::render_page(frame, "");
        CHECK_FALSE(contains(html, "<script>alert"));
        CHECK(count(html, "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;") == 2);
        check_no_inline_code(html);
    }

    TEST_CASE("an error page says what went wrong, escaped, and keeps the search")
    {
        const std::string html = dateline::render_error_page(400, "\"page\" must be <1000>", "ferry");
        CHECK(contains(html, "<h1>That request could not be read</h1>"));
        CHECK(contains(html, "role=\"alert\">&quot;page&quot; must be &lt;1000&gt;</p>"));
        CHECK(contains(html, "value=\"ferry\""));
        CHECK(contains(dateline::render_error_page(404, "x", ""), "<h1>Not found</h1>"));
    }

    TEST_CASE("formats counts, dates and article paths")
    {
        CHECK(dateline::format_count(0) == "0");
        CHECK(dateline::format_count(999) == "999");
        CHECK(dateline::format_count(1000) == "1,000");
        CHECK(dateline::format_count(21268) == "21,268");
        CHECK(dateline::format_count(1234567) == "1,234,567");
        CHECK(dateline::format_human_date("2023-06-05") == "5 June 2023");
        CHECK(dateline::format_human_date("2023-13-05") == "2023-13-05");
        CHECK(dateline::render_time("2020-02-29") == "<time datetime=\"2020-02-29\">29 February 2020</time>");
        CHECK(dateline::render_time("").empty());
        CHECK(dateline::render_time("<b>") == "<time datetime=\"&lt;b&gt;\">&lt;b&gt;</time>");
        CHECK(dateline::article_path("pws/2022/07 x?") == "/articles/pws%2F2022%2F07%20x%3F");
    }
}

TEST_SUITE("search_view")
{
    TEST_CASE("a result links its article and shows source, section, date, dateline and snippet")
    {
        const PageQuery query = PageQuery::from_params({{"q", "ferry"}});
        const std::string html =
            dateline::render_search_view(query, make_response(1, 1, {make_hit("a/b 1", "Ferry fares rise")}));
        CHECK(contains(html, "<h2><a href=\"/articles/a%2Fb%201\">Ferry fares rise</a></h2>"));
        CHECK(contains(html, "<span class=\"source\">Gull Gazette</span><span class=\"section\">Harbour</span>"
                             "<time datetime=\"2023-06-05\">5 June 2023</time><span class=\"place\">Port Calder</span>"));
        CHECK(contains(html, "<p class=\"snippet\">the <mark>ferry</mark> fares</p>"));
        CHECK(contains(html, "1 result <span class=\"took\">(1.2 ms)</span>"));
        CHECK(contains(html, "<title>ferry – Dateline</title>"));
        CHECK(contains(html, "<option value=\"relevance\" selected>"));
        CHECK(contains(html, "href=\"/search.rss?q=ferry\">Subscribe (RSS)</a>"));
        CHECK(contains(html, "<link rel=\"alternate\" type=\"application/rss+xml\""));
        CHECK_FALSE(contains(html, "class=\"pagination\""));
        check_no_inline_code(html);
    }

    TEST_CASE("escapes stored strings of hits; the snippet comes escaped from the service")
    {
        SearchHit hit = make_hit(k_hostile, k_hostile);
        hit.source = k_hostile;
        hit.dateline = k_hostile;
        const std::string html = dateline::render_search_view(PageQuery::from_params({{"q", k_hostile}}),
                                                              make_response(1, 1, {hit}));
        CHECK_FALSE(contains(html, "<script>alert"));
        CHECK(contains(html, "href=\"/articles/%3Cscript%3Ealert%281%29%3C%2Fscript%3E%22%27%26\""));
        CHECK(contains(html, "<span class=\"source\">&lt;script&gt;"));
        check_no_inline_code(html);
    }

    TEST_CASE("says 'about' for an estimated total, 'at least' for a lower bound, and which results a page shows")
    {
        std::vector<SearchHit> hits(10, make_hit("x", "X"));
        SearchResponse response = make_response(2345, 3, hits);
        response.total_relation = dateline::TotalRelation::about;
        const PageQuery query = PageQuery::from_params({{"q", "x"}, {"page", "3"}});
        CHECK(contains(dateline::render_search_view(query, response), "Results 21–30 of about 2,345"));
        response.total_relation = dateline::TotalRelation::gte;
        CHECK(contains(dateline::render_search_view(query, response), "Results 21–30 of at least 2,345"));
        response.total_relation = dateline::TotalRelation::eq;
        CHECK(contains(dateline::render_search_view(query, response), "Results 21–30 of 2,345"));
    }

    TEST_CASE("keeps the filters as hidden fields of the search form, and the sort and dates in the toolbar")
    {
        const PageQuery query = PageQuery::from_params(
            {{"q", "x"}, {"sort", "newest"}, {"from", "2021-01-01"}, {"source", "A \"B\""}, {"page", "2"}});
        const std::string html = dateline::render_search_view(query, make_response(0, 2, {}));
        CHECK(contains(html, "<input type=\"hidden\" name=\"source\" value=\"A &quot;B&quot;\">"));
        CHECK_FALSE(contains(html, "name=\"page\""));
        CHECK(contains(html, "<option value=\"newest\" selected>"));
        CHECK(contains(html, "name=\"from\" form=\"search-form\" value=\"2021-01-01\""));
        CHECK(contains(html, "name=\"sort\" form=\"search-form\""));
        CHECK(contains(html, "<label for=\"sort\">"));
    }

    TEST_CASE("filter chips remove one filter each and go back to page 1")
    {
        const PageQuery query = PageQuery::from_params(
            {{"q", "port"}, {"page", "3"}, {"source", "Wire"}, {"section", "Business & Money"}, {"to", "2022-12-31"}});
        const std::string html = dateline::render_filter_chips(query);
        CHECK(contains(html, "<ul class=\"chips\" aria-label=\"Active filters\">"));
        CHECK(contains(html, "Source: Wire<a href=\"/search?q=port&amp;to=2022-12-31&amp;section=Business%20%26%20Money\""
                             " aria-label=\"Remove Source: Wire\">×</a>"));
        CHECK(contains(html, "Section: Business &amp; Money<a"));
        CHECK(contains(html, "To 31 December 2022<a href=\"/search?q=port&amp;source=Wire&amp;section="));
        CHECK(contains(html, "<a href=\"/search?q=port\">Clear all</a>"));
        CHECK(dateline::render_filter_chips(PageQuery::from_params({{"q", "port"}, {"sort", "newest"}})).empty());
    }

    TEST_CASE("facet links add a filter, or remove it when active, with their counts")
    {
        const PageQuery query = PageQuery::from_params({{"q", "port"}, {"page", "2"}, {"year", "2021"}});
        const std::vector<dateline::FacetGroup> groups = {
            {"source", "Source", {{"Wire <W>", 1234}, {"Courier", 7}}},
            {"year", "Year", {{"2021", 12}}},
            {"tag", "Tag", {}},
        };
        CHECK_FALSE(contains(dateline::render_facets(query, groups), "~"));
        CHECK(contains(dateline::render_facets(query, groups, false), "<span class=\"count\">~1,234</span>"));
        const std::string html = dateline::render_facets(query, groups);
        CHECK(contains(html, "<aside class=\"facets\" id=\"refine\" aria-label=\"Refine results\">"));
        CHECK(contains(html, "<a href=\"/search?q=port&amp;source=Wire%20%3CW%3E&amp;year=2021\"><span class=\"value\">"
                             "Wire &lt;W&gt;</span><span class=\"count\">1,234</span></a>"));
        CHECK(contains(html, "<a href=\"/search?q=port\" class=\"active\" aria-current=\"true\""));
        CHECK_FALSE(contains(html, "<h2>Tag</h2>"));
        CHECK(dateline::render_facets(query, {{"tag", "Tag", {}}}).empty());
    }

    TEST_CASE("a long facet folds its smaller values away; years never fold")
    {
        dateline::FacetGroup tags{"tag", "Tag", {}};
        dateline::FacetGroup years{"year", "Year", {}};
        for (int i = 0; i < 11; ++i) {
            tags.values.push_back({"tag" + std::to_string(i), 20U - static_cast<std::size_t>(i)});
            years.values.push_back({std::to_string(1990 + i), 5});
        }
        const std::string html = dateline::render_facets(PageQuery::from_params({{"q", "x"}}), {tags, years});
        CHECK(contains(html, "tag7</span><span class=\"count\">13</span></a></li></ul><details><summary>3 more</summary>"));
        CHECK(contains(html, "tag10</span><span class=\"count\">10</span></a></li></ul></details></section>"));
        CHECK(html.find("<details>") == html.rfind("<details>")); // only the tags fold
    }

    TEST_CASE("a month facet links that month's date range, and removes it when it is the range")
    {
        const std::vector<dateline::FacetGroup> groups = {{"month", "Month", {{"1987-02", 3}, {"1988-02", 4}}}};
        const std::string plain = dateline::render_facets(PageQuery::from_params({{"q", "oil"}, {"year", "1987"}}), groups);
        CHECK(contains(plain, "<a href=\"/search?q=oil&amp;from=1987-02-01&amp;to=1987-02-28&amp;year=1987\">"
                              "<span class=\"value\">February 1987</span><span class=\"count\">3</span>"));
        CHECK(contains(plain, "to=1988-02-29")); // a leap year
        const std::string active = dateline::render_facets(
            PageQuery::from_params({{"q", "oil"}, {"from", "1987-02-01"}, {"to", "1987-02-28"}}), groups);
        CHECK(contains(active, "<a href=\"/search?q=oil\" class=\"active\""));
    }

    TEST_CASE("the sidebar groups come from the response's facets, the undated month left out")
    {
        dateline::Facets facets;
        facets.source = {{"Wire", 3}};
        facets.year = {{"1987", 2}, {"undated", 1}};
        facets.month = {{"1987-03", 2}, {"undated", 1}};
        const auto groups = dateline::make_facet_groups(facets);
        REQUIRE(groups.size() == 3);
        CHECK(groups[0].param == "source");
        CHECK(groups[1].param == "year");
        CHECK(groups[1].values.size() == 2);
        CHECK(groups[2].param == "month");
        CHECK(groups[2].values.size() == 1);
    }

    TEST_CASE("'did you mean' links the corrected query and keeps the filters")
    {
        SearchResponse response = make_response(1, 1, {make_hit("a", "A")});
        response.did_you_mean = "harbour <b>";
        const PageQuery query = PageQuery::from_params({{"q", "harbuor"}, {"page", "2"}, {"source", "Wire"}});
        const std::string html = dateline::render_search_view(query, response);
        CHECK(contains(html, "<p class=\"did-you-mean\">Did you mean <a href=\"/search?q=harbour%20%3Cb%3E&amp;source=Wire\">"
                             "harbour &lt;b&gt;</a>?</p>"));
        response.showing_results_for = "harbour <b>";
        CHECK(contains(dateline::render_search_view(query, response),
                       "Nothing matched “harbuor”; showing results for <a href=\"/search?q=harbour%20%3Cb%3E&amp;source=Wire\">"));
    }

    TEST_CASE("a hit with collapsed copies says how many and links them")
    {
        SearchHit hit = make_hit("a/1", "A");
        hit.duplicates = 3;
        const std::string html = dateline::render_search_view(PageQuery::from_params({{"q", "x"}}), make_response(1, 1, {hit}));
        CHECK(contains(html, "<p class=\"similar\"><a href=\"/articles/a%2F1#copies\">3 similar</a>"));
        CHECK_FALSE(contains(dateline::render_search_view(PageQuery(), make_response(1, 1, {make_hit("b", "B")})),
                             "class=\"similar\""));
    }

    TEST_CASE("pagination links the neighbours of the current page and marks it")
    {
        const PageQuery query = PageQuery::from_params({{"q", "port"}, {"page", "6"}});
        const std::string html = dateline::render_pagination(query, 6, 10, 200);
        CHECK(contains(html, "<nav aria-label=\"Result pages\">"));
        CHECK(contains(html, "<a href=\"/search?q=port&amp;page=5\" rel=\"prev\">‹ Previous</a>"));
        CHECK(contains(html, "<a href=\"/search?q=port\">1</a>"));
        CHECK(contains(html, "<span class=\"gap\">…</span>"));
        CHECK(contains(html, "<span aria-current=\"page\">6</span>"));
        CHECK(contains(html, "<a href=\"/search?q=port&amp;page=8\">8</a>"));
        CHECK_FALSE(contains(html, "page=9\">9"));
        CHECK(contains(html, "<a href=\"/search?q=port&amp;page=7\" rel=\"next\">Next ›</a>"));
        CHECK_FALSE(contains(dateline::render_pagination(query, 20, 10, 200), "rel=\"next\""));
        CHECK(dateline::render_pagination(query, 1, 10, 10).empty());
    }

    TEST_CASE("the empty state helps: spelling, broader words, and a way out of the filters")
    {
        const std::string html = dateline::render_search_view(
            PageQuery::from_params({{"q", "zqx <i>"}, {"tag", "ports"}}), make_response(0, 1, {}));
        CHECK(contains(html, "<h2>No articles match “zqx &lt;i&gt;”</h2>"));
        CHECK(contains(html, "Check the spelling"));
        CHECK(contains(html, "<a href=\"/search?q=zqx%20%3Ci%3E\">search without any filter</a>"));
        CHECK(contains(html, "No results"));
    }

    TEST_CASE("a query that could not be read shows the service's note")
    {
        SearchResponse response = make_response(1, 1, {make_hit("a", "A")});
        response.note = "could not read the query as written (unbalanced \"); showing results for the words: a";
        const std::string html = dateline::render_search_view(PageQuery::from_params({{"q", "\"a"}}), response);
        CHECK(contains(html, "<p class=\"note\" role=\"status\">could not read the query as written (unbalanced &quot;)"));
    }

    TEST_CASE("the home page focuses the search box, tells the archive's size and offers browsing")
    {
        SearchResponse everything;
        everything.facets.source = {{"Wire & Co", 20000}};
        everything.facets.year = {{"1987", 21000}, {"2005", 267}, {"undated", 1}};
        const std::string html = dateline::render_home_view(21268, everything);
        CHECK(contains(html, "21,268 articles"));
        CHECK(contains(html, "<a href=\"/search?sort=newest&amp;source=Wire%20%26%20Co\">Wire &amp; Co</a> "
                             "<span class=\"count\">20,000</span>"));
        CHECK(html.find("year=2005") < html.find("year=1987")); // newest years first
        CHECK(html.find("year=1987") < html.find("year=undated"));
        CHECK_FALSE(contains(dateline::render_home_view(0, {}), "<h2>Browse</h2>"));
        CHECK(contains(html, " autofocus>"));
        CHECK(contains(html, "<title>Dateline</title>"));
        check_no_inline_code(html);
    }
}

TEST_SUITE("article_view")
{
    Article make_article()
    {
        Article article;
        article.id = "pws/2022/07/solar";
        article.url = "https://pacific-wire.example/2022/07/19/solar?x=1&y=2";
        article.title = "Solar farm opens";
        article.subtitle = "A dek";
        article.section = "Science";
        article.source = "Pacific Wire";
        article.authors = {"Ana Ruiz", "Tom Ng", "Li Wei"};
        article.date = "2022-07-19";
        article.dateline = "NORTHGATE";
        article.tags = {"energy", "solar & wind"};
        article.body = {"The farm opened.", "It is <big>."};
        return article;
    }

    TEST_CASE("shows title, subtitle, byline, date, dateline, source, tags, body and the original address")
    {
        const std::string html = dateline::render_article_view(make_article(), {});
        CHECK(contains(html, "<h1 id=\"article-title\">Solar farm opens</h1>"));
        CHECK(contains(html, "<p class=\"dek\">A dek</p>"));
        CHECK(contains(html, "<p class=\"byline\">By Ana Ruiz, Tom Ng and Li Wei</p>"));
        CHECK(contains(html, "<time datetime=\"2022-07-19\">19 July 2022</time>"));
        CHECK(contains(html, "<a class=\"source\" href=\"/search?source=Pacific%20Wire\">Pacific Wire</a>"));
        CHECK(contains(html, "<p><span class=\"dateline-place\">NORTHGATE —</span> The farm opened.</p>"));
        CHECK(contains(html, "<p>It is &lt;big&gt;.</p>"));
        CHECK(contains(html, "<a href=\"/search?tag=solar%20%26%20wind\">solar &amp; wind</a>"));
        CHECK(contains(html, "<a href=\"https://pacific-wire.example/2022/07/19/solar?x=1&amp;y=2\" "
                             "rel=\"external noopener noreferrer\">pacific-wire.example</a>"));
        CHECK(contains(html, "<title>Solar farm opens – Dateline</title>"));
        CHECK_FALSE(contains(html, "class=\"related\""));
        check_no_inline_code(html);
    }

    TEST_CASE("never links a stored address that is not http(s)")
    {
        CHECK(dateline::safe_link_target("javascript:alert(1)").empty());
        CHECK(dateline::safe_link_target(" JAVASCRIPT:alert(1)").empty());
        CHECK(dateline::safe_link_target("//evil.example/").empty());
        CHECK(dateline::safe_link_target("https://a.example/\"onmouseover=x").empty());
        CHECK(dateline::safe_link_target("HTTPS://a.example/x") == "HTTPS://a.example/x");
        Article article = make_article();
        article.url = "javascript:alert(1)";
        const std::string html = dateline::render_article_view(article, {});
        CHECK_FALSE(contains(html, "href=\"javascript:"));
        CHECK(contains(html, "Original address: javascript:alert(1)</p>"));
    }

    TEST_CASE("escapes every stored string")
    {
        Article article = make_article();
        article.title = k_hostile;
        article.subtitle = k_hostile;
        article.authors = {k_hostile};
        article.dateline = k_hostile;
        article.source = k_hostile;
        article.body = {k_hostile};
        article.tags = {k_hostile};
        const std::string html = dateline::render_article_view(article, {});
        CHECK_FALSE(contains(html, "<script>alert"));
        CHECK(contains(html, "<h1 id=\"article-title\">&lt;script&gt;"));
        check_no_inline_code(html);
    }

    TEST_CASE("lists copies from other outlets and related articles when there are some")
    {
        dateline::ArticleNeighbours neighbours;
        Article copy = make_article();
        copy.id = "copy/1";
        copy.title = "Same story";
        neighbours.copies = {copy};
        neighbours.related = {make_hit("rel 2", "Another <story>")};
        const std::string html = dateline::render_article_view(make_article(), neighbours);
        CHECK(contains(html, "<aside class=\"related\" aria-label=\"More on this story\">"
                             "<h2 id=\"copies\">Copies from other outlets</h2>"));
        CHECK(contains(html, "<a href=\"/articles/copy%2F1\">Same story</a><p class=\"meta\"><span class=\"source\">"
                             "Pacific Wire</span><time datetime=\"2022-07-19\">"));
        CHECK(contains(html, "<h2 id=\"related\">Related articles</h2><ul><li><a href=\"/articles/rel%202\">"
                             "Another &lt;story&gt;</a>"));
    }
}
