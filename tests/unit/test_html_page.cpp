// Unit tests of common/cleaning/html_page.h and its parts (charset, JSON-LD, meta tags, content
// scoring) on small invented pages: each metadata source, each encoding path, damaged input.
#include "common/cleaning/html_page.h"

#include "common/cleaning/html_charset.h"
#include "common/cleaning/html_metadata.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using dateline::clean_html_page;
using dateline::Extraction;
using dateline::HtmlPageContext;
using Strings = std::vector<std::string>;

namespace {

constexpr const char* k_story_paragraph =
    "The harbour ferry resumed its crossings on Tuesday morning, three weeks after a cracked propeller shaft "
    "forced it out of service.";

// A page with `head` in <head> and `article` inside <article>, between a nav, a cookie wall,
// comments and a footer.
std::string page(const std::string& head, const std::string& article)
{
    return "<!doctype html><html><head>" + head +
           "</head><body><nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
           "<div class=\"cookie-consent\"><p>We use cookies to improve your experience on our site.</p></div>"
           "<article>" + article +
           "</article><section id=\"comments\"><p>A reader comment that goes on for a while, as they do.</p></section>"
           "<footer><p>Copyright 2024 The Kestrel Courier. All rights reserved.</p></footer></body></html>";
}

std::string story()
{
    return std::string("<p>") + k_story_paragraph +
           "</p><p>Commuters queued from half past six, many of them clutching coffee and newspapers.</p>";
}

} // namespace

TEST_CASE("html page: the story is kept and the page's chrome dropped")
{
    const Extraction extraction = clean_html_page(page("<title>Ferry returns | Courier</title>", "<h1>Ferry returns</h1>" + story()), {});
    CHECK(extraction.article.title == "Ferry returns");
    CHECK(extraction.article.body ==
          Strings{k_story_paragraph, "Commuters queued from half past six, many of them clutching coffee and newspapers."});
}

TEST_CASE("html page: JSON-LD inside @graph gives headline, dates, authors, publisher and section")
{
    const std::string head =
        R"(<script type="application/ld+json">{"@graph":[{"@type":"Person","@id":"#p1","name":"Ines Dowling"},
        {"@type":["NewsArticle"],"headline":"Ferry back in service","datePublished":"2024-03-05T08:15:00+01:00",
        "author":[{"@id":"#p1"},"By Tom Reyes"],"publisher":{"@type":"Organization","name":"Kestrel Courier"},
        "articleSection":["Local","Transport"]}]}</script>)";
    const Extraction extraction = clean_html_page(page(head, story()), {});
    CHECK(extraction.article.title == "Ferry back in service");
    CHECK(extraction.article.date == "2024-03-05");
    CHECK(extraction.article.date_kind == "published");
    CHECK(extraction.article.published_at == "2024-03-05T08:15:00+01:00");
    CHECK(extraction.article.authors == Strings{"Ines Dowling", "Tom Reyes"});
    CHECK(extraction.article.source == "Kestrel Courier");
    CHECK(extraction.article.section == "Local");
}

TEST_CASE("html page: a page stating nothing leaves every field empty and listed as missing")
{
    const Extraction extraction = clean_html_page(page("", story()), {});
    CHECK(extraction.article.title.empty());
    CHECK(extraction.article.date.empty());
    CHECK(extraction.article.date_kind.empty());
    CHECK(extraction.article.authors.empty());
    CHECK(extraction.missing == Strings{"title", "subtitle", "section", "date", "date_kind", "dateline", "source",
                                        "authors", "url"});
}

TEST_CASE("html charset: declared and detected character sets decode to UTF-8")
{
    CHECK(dateline::charset_from_content_type("text/html; charset=\"ISO-8859-1\"") == "iso-8859-1");
    CHECK(dateline::sniff_meta_charset("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">") ==
          "windows-1252");
    CHECK(dateline::decode_html_bytes("caf\xE9 \x93quoted\x94", "").text == "caf\xC3\xA9 \xE2\x80\x9Cquoted\xE2\x80\x9D");
    CHECK(dateline::decode_html_bytes("<meta charset=iso-8859-15>\xA4", "").text == "<meta charset=iso-8859-15>\xE2\x82\xAC");
    CHECK(dateline::decode_html_bytes(std::string("\xFF\xFE" "a\0\xE9\0", 6), "").text == "a\xC3\xA9");
    CHECK(dateline::decode_html_bytes("caf\xC3\xA9", "text/html").text == "caf\xC3\xA9");
}

TEST_CASE("html page: OpenGraph and article:* meta tags give the fields when there is no JSON-LD")
{
    const std::string head =
        R"(<title>Ferry back | Kestrel Courier</title><meta property="og:title" content="Ferry back in service | Kestrel Courier">
        <meta property="og:site_name" content="Kestrel Courier"><meta property="og:url" content="https://kc.example/ferry">
        <meta property="article:published_time" content="2024-03-05"><meta property="article:modified_time" content="2024-03-06">
        <meta property="article:section" content="Transport"><meta name="author" content="Ines Dowling">
        <meta property="article:tag" content="ferries">)";
    const Extraction extraction = clean_html_page(page(head, story()), {});
    CHECK(extraction.article.title == "Ferry back in service");
    CHECK(extraction.article.date == "2024-03-05");
    CHECK(extraction.article.date_kind == "published");
    CHECK(extraction.article.published_at.empty());
    CHECK(extraction.article.section == "Transport");
    CHECK(extraction.article.authors == Strings{"Ines Dowling"});
    CHECK(extraction.article.url == "https://kc.example/ferry");
    CHECK(extraction.article.tags == Strings{"ferries"});
}

TEST_CASE("html page: only a modified date is an updated date")
{
    const Extraction extraction =
        clean_html_page(page(R"(<meta property="article:modified_time" content="2024-03-06T10:00:00Z">)", story()), {});
    CHECK(extraction.article.date == "2024-03-06");
    CHECK(extraction.article.date_kind == "updated");
}

TEST_CASE("html page: <title> less the site's name, <time datetime>, canonical link and lang")
{
    const std::string html = R"(<html lang="de-AT"><head><title>Fähre fährt wieder - Kestrel Courier</title>
        <meta property="og:site_name" content="Kestrel Courier"><link rel="canonical" href="/news/faehre"></head>
        <body><article><time datetime="2024-03-05T08:00:00+01:00">5. März</time>)" + story() + "</article></body></html>";
    HtmlPageContext context;
    context.url = "https://kc.example/print/faehre?x=1";
    const Extraction extraction = clean_html_page(html, context);
    CHECK(extraction.article.title == "Fähre fährt wieder");
    CHECK(extraction.article.date == "2024-03-05");
    CHECK(extraction.article.published_at == "2024-03-05T08:00:00+01:00");
    CHECK(extraction.article.url == "https://kc.example/news/faehre");
    CHECK(extraction.article.language == "de");
}

TEST_CASE("html page: the capture date is never taken as the publication date")
{
    HtmlPageContext context;
    context.fetched_at = "2024-05-01T12:00:00Z";
    context.url = "https://kc.example/story";
    const Extraction extraction = clean_html_page(page("", story()), context);
    CHECK(extraction.article.date.empty());
    CHECK(extraction.article.url == "https://kc.example/story");
}

TEST_CASE("html page: bylines from class markup, microdata and an unmarked line above the story")
{
    SUBCASE("class")
    {
        const Extraction extraction =
            clean_html_page(page("", "<div class=\"article-byline\">By Ines Dowling and Tom Reyes</div>" + story()), {});
        CHECK(extraction.article.authors == Strings{"Ines Dowling", "Tom Reyes"});
        CHECK(extraction.article.body.size() == 2);
    }
    SUBCASE("microdata")
    {
        const Extraction extraction = clean_html_page(
            page("", R"(<p>By <span itemprop="author">Ines Dowling</span> and <span itemprop="author">Tom Reyes</span></p>)" +
                         story()),
            {});
        CHECK(extraction.article.authors == Strings{"Ines Dowling", "Tom Reyes"});
    }
    SUBCASE("unmarked")
    {
        const Extraction extraction = clean_html_page(page("", "<p>By Ines Dowling</p>" + story()), {});
        CHECK(extraction.article.authors == Strings{"Ines Dowling"});
        CHECK(extraction.article.body.size() == 2);
    }
}

TEST_CASE("html page: related boxes, share bars, adverts and link lists inside the story are dropped")
{
    const std::string article = "<div class=\"story-body\">" + story() +
                                R"(<aside class="related-links"><h3>Related</h3><ul><li><a href="/a">Pier repairs delayed</a></li></ul></aside>
        <div class="social-share"><a href="#">Share on Facebook</a></div><p>Advertisement</p>
        <p><a href="/1">Bus timetable changes</a> <a href="/2">Parking review published</a></p>
        <h2>A costly repair</h2><ul><li>The bill came to forty thousand pounds in all.</li></ul>
        <blockquote><p>"We are relieved," said the skipper.</p></blockquote></div>)";
    const Extraction extraction = clean_html_page(page("", article), {});
    CHECK(extraction.article.body ==
          Strings{k_story_paragraph, "Commuters queued from half past six, many of them clutching coffee and newspapers.",
                  "A costly repair", "The bill came to forty thousand pounds in all.", "\"We are relieved,\" said the skipper."});
}

TEST_CASE("html charset: windows-1252 by HTTP header, meta, and detection; UTF-16 big-endian with BOM")
{
    const std::string latin = "<p>Caf\xE9 cr\xE8me</p>";
    CHECK(dateline::decode_html_bytes(latin, "text/html; charset=iso-8859-1").charset == "windows-1252");
    CHECK(dateline::decode_html_bytes(latin, "").charset == "windows-1252");
    CHECK(dateline::decode_html_bytes("<meta charset=\"windows-1252\">" + latin, "").text.ends_with("Caf\xC3\xA9 cr\xC3\xA8me</p>"));
    CHECK(dateline::decode_html_bytes(std::string("\xFE\xFF\0a\0\xE9", 6), "").text == "a\xC3\xA9");
    // A meta declaration of UTF-16 in ASCII bytes is ignored, as browsers do.
    CHECK(dateline::decode_html_bytes("<meta charset=utf-16><p>plain</p>", "").charset == "utf-8");
    // An unknown label falls back to detection.
    CHECK(dateline::decode_html_bytes("<p>ok</p>", "text/html; charset=x-nonsense").charset == "utf-8");
    // A truncated UTF-16 unit becomes U+FFFD.
    CHECK(dateline::decode_html_bytes(std::string("\xFF\xFE" "a\0b", 5), "").text == "a\xEF\xBF\xBD");
}

TEST_CASE("html page: a page declared in windows-1252 reads its quotes and accents")
{
    const std::string html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
                             "<title>Caf\xE9 reopens</title></head><body><p>\x93It is back,\x94 said the owner of the "
                             "caf\xE9 on the corner, who had waited a long time for this.</p></body></html>";
    const Extraction extraction = clean_html_page(html, {});
    CHECK(extraction.article.title == "Caf\xC3\xA9 reopens");
    REQUIRE(extraction.article.body.size() == 1);
    CHECK(extraction.article.body[0].starts_with("\xE2\x80\x9CIt is back,\xE2\x80\x9D said"));
}

TEST_CASE("html page: damaged input never crashes and never throws")
{
    std::string junk;
    for (int i = 0; i < 20000; ++i) {
        junk += static_cast<char>((i * 7919) % 256);
    }
    std::string deep;
    for (int i = 0; i < 20000; ++i) {
        deep += "<div>";
    }
    deep += "<p>Deep inside many layers a sentence is waiting to be found by the reader.</p>";
    const std::string huge_attribute = "<p class=\"" + std::string(2'000'000, 'a') + "\">text</p>";
    const std::string truncated = page("<title>Cut short", story()).substr(0, 400);
    const std::vector<std::string> inputs = {"", junk, deep, huge_attribute, truncated, "<", "<!--", "<script>",
                                             "\xEF\xBB\xBF", std::string("\xFF\xFE", 2), "<html><body><table><tr><td><p>x"};
    for (const std::string& input : inputs) {
        CHECK_NOTHROW(clean_html_page(input, {}));
    }
    // Moderate nesting is read whole; a page nested past any real one's depth is cut there, so
    // that the parser's time (quadratic in the depth) stays bounded.
    std::string moderate;
    for (int i = 0; i < 1000; ++i) {
        moderate += "<div>";
    }
    moderate += "<p>Deep inside many layers a sentence is waiting to be found by the reader.</p>";
    CHECK(clean_html_page(moderate, {}).article.body ==
          Strings{"Deep inside many layers a sentence is waiting to be found by the reader."});
    const std::string very_deep = "<p>A sentence before the nesting starts, which the reader should still get.</p>" + deep;
    CHECK(clean_html_page(very_deep, {}).article.body ==
          Strings{"A sentence before the nesting starts, which the reader should still get."});
}

TEST_CASE("html metadata: site names come off titles, headlines with dashes stay whole")
{
    CHECK(dateline::strip_site_suffix("Ferry back | Courier", "", "") == "Ferry back");
    CHECK(dateline::strip_site_suffix("Ferry back - Kestrel Courier", "Kestrel Courier", "") == "Ferry back");
    CHECK(dateline::strip_site_suffix("Ferry back - Kestrel", "", "https://www.kestrel.example/x") == "Ferry back");
    CHECK(dateline::strip_site_suffix("Kestrel Courier - Ferry back", "Kestrel Courier", "") == "Ferry back");
    CHECK(dateline::strip_site_suffix("Storm hits coast - thousands without power", "Courier", "") ==
          "Storm hits coast - thousands without power");
}

TEST_CASE("html hints: strong chrome words beat story words, weak ones yield to them")
{
    const std::string html = "<html><body><div class=\"story-body show-more\">" + story() +
                             "</div><section class=\"article-comments\"><p>A reader comment that goes on and on, as "
                             "comments do, about something else entirely.</p></section><div class=\"article-meta\">"
                             "<p>Filed in the harbour section by the night desk of the paper.</p></div></body></html>";
    const Extraction extraction = clean_html_page(html, {});
    CHECK(extraction.article.body ==
          Strings{k_story_paragraph, "Commuters queued from half past six, many of them clutching coffee and newspapers."});
}
