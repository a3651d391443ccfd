// Unit tests of common/cleaning/cleaner.h on small invented pages laid out like real scrapes: banner
// date, glued breadcrumb, repeated title, dek, page chrome, dateline, wire credit and byline.
#include "common/cleaning/cleaner.h"

#include "common/text/text_utils.h"

#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using dateline::clean_scrape;

using dateline::ChromeModel;
using dateline::Extraction;
using dateline::testing::lantern_page;
using dateline::testing::lantern_story;
using dateline::testing::lantern_title;
using Strings = std::vector<std::string>;

namespace {

// Laid out like a scraped news site: banner date, support link, breadcrumb glued to the title,
// the title again, dek, a font-size control, the story, a related link and the page's tail.
constexpr const char* k_cannery_page = R"(Tuesday, March 12, 2024
Support Harbour Journalism
HomeBusinessCannery reopens after a decade of silence

Cannery reopens after a decade of silence

The old fish cannery on the east pier hires forty workers for the spring season.

Text Size:

Port Calder: The cannery on the east pier opened its doors again on Tuesday, ten years after it closed.

The new owners said the first tins would ship to inland shops in April.

Workers welcomed the jobs but asked for a longer contract. –Meridian News Agency

Also read: Harbour dredging plan wins approval


Subscribe to our newsletter for the morning briefing

Support Harbour Journalism

Readers like you keep local reporting alive. Take a subscription today.

Most Popular
)";

// A wire story: headline, byline, and a dateline naming the agency.
constexpr const char* k_lighthouse_page = R"(Lighthouse keeper retires after forty years

By Jane Okafor and Tom Reyes

KESTREL BAY (Pacific Wire Service) — The last keeper of the Kestrel Bay light retired on Friday after forty years on the rock.

She will move to the mainland, she said.
)";

bool contains_text(const Strings& paragraphs, const std::string& needle)
{
    return std::any_of(paragraphs.begin(), paragraphs.end(),
                       [&](const std::string& paragraph) { return paragraph.find(needle) != std::string::npos; });
}

} // namespace

TEST_SUITE("cleaner")
{
    TEST_CASE("reads the headline the dek and the section from a glued breadcrumb")
    {
        const Extraction extraction = clean_scrape(k_cannery_page);
        CHECK(extraction.article.title == "Cannery reopens after a decade of silence");
        CHECK(extraction.article.section == "Business");
        CHECK(extraction.article.subtitle ==
              "The old fish cannery on the east pier hires forty workers for the spring season.");
    }

    TEST_CASE("takes a bare date above the headline as the page banner")
    {
        const Extraction extraction = clean_scrape(k_cannery_page);
        CHECK(extraction.article.date == "2024-03-12");
        CHECK(extraction.article.date_kind == "page-banner");
    }

    TEST_CASE("takes a labelled date above the headline as what it says")
    {
        std::string page = k_cannery_page;
        page.replace(0, page.find('\n'), "Updated: 12 March 2024, 09:15");
        const Extraction extraction = clean_scrape(page);
        CHECK(extraction.article.date == "2024-03-12");
        CHECK(extraction.article.date_kind == "updated");
    }

    TEST_CASE("takes the dateline off the first paragraph and the wire credit off the last")
    {
        const Extraction extraction = clean_scrape(k_cannery_page);
        CHECK(extraction.article.dateline == "Port Calder");
        CHECK(extraction.article.source == "Meridian News Agency");
        CHECK(extraction.article.body ==
              Strings{"The cannery on the east pier opened its doors again on Tuesday, ten years after it closed.",
                      "The new owners said the first tins would ship to inland shops in April.",
                      "Workers welcomed the jobs but asked for a longer contract."});
    }

    TEST_CASE("leaves page chrome related links and the subscription pitch out of the body")
    {
        const Extraction extraction = clean_scrape(k_cannery_page);
        const Strings& body = extraction.article.body;
        CHECK_FALSE(contains_text(body, "Text Size"));
        CHECK_FALSE(contains_text(body, "Also read"));
        CHECK_FALSE(contains_text(body, "dredging"));
        CHECK_FALSE(contains_text(body, "Subscribe"));
        CHECK_FALSE(contains_text(body, "Support Harbour Journalism"));
        CHECK_FALSE(contains_text(body, "subscription"));
        CHECK_FALSE(contains_text(body, "Most Popular"));
        CHECK_FALSE(contains_text(body, "Meridian"));
        CHECK_FALSE(contains_text(body, "Port Calder:"));
    }

    TEST_CASE("skips a related link in the middle of the story and keeps what follows")
    {
        const Extraction extraction = clean_scrape(R"(Council approves the new harbour wall

The council approved a new harbour wall on Monday after a long debate.

Also read: Storm damage along the coast

Work is due to start in the autumn and last two years.
)");
        CHECK(extraction.article.title == "Council approves the new harbour wall");
        CHECK(extraction.article.body ==
              Strings{"The council approved a new harbour wall on Monday after a long debate.",
                      "Work is due to start in the autumn and last two years."});
    }

    TEST_CASE("lists exactly the fields it could not find")
    {
        CHECK(clean_scrape(k_cannery_page).missing == Strings{"authors", "url"});
        CHECK(clean_scrape(k_lighthouse_page).missing == Strings{"subtitle", "section", "date", "date_kind", "url"});
    }

    TEST_CASE("reads a byline with two authors")
    {
        const Extraction extraction = clean_scrape(k_lighthouse_page);
        CHECK(extraction.article.authors == Strings{"Jane Okafor", "Tom Reyes"});
        CHECK_FALSE(contains_text(extraction.article.body, "Okafor"));
    }

    TEST_CASE("reads the place and the agency of a capitalised dateline")
    {
        const Extraction extraction = clean_scrape(k_lighthouse_page);
        CHECK(extraction.article.title == "Lighthouse keeper retires after forty years");
        CHECK(extraction.article.dateline == "Kestrel Bay");
        CHECK(extraction.article.source == "Pacific Wire Service");
        CHECK(extraction.article.body ==
              Strings{"The last keeper of the Kestrel Bay light retired on Friday after forty years on the rock.",
                      "She will move to the mainland, she said."});
    }

    TEST_CASE("gives an empty article for an empty page")
    {
        for (const std::string page : {"", "\n\n   \n", "Text Size:\n\nMost Popular\n"}) {
            CAPTURE(page);
            const Extraction extraction = clean_scrape(page);
            CHECK(extraction.article.title.empty());
            CHECK(extraction.article.body.empty());
        }
        CHECK(clean_scrape("").missing ==
              Strings{"title", "subtitle", "section", "date", "date_kind", "dateline", "source", "authors", "body",
                      "url", "language"});
    }

    TEST_CASE("repairs invalid UTF-8 instead of throwing")
    {
        const std::string page =
            "Bad \xFF\xFE bytes in a headline here\n\nA body paragraph with \xC0\xAF junk in it.\n";
        Extraction extraction;
        CHECK_NOTHROW(extraction = clean_scrape(page));
        CHECK(extraction.article.title == "Bad \xEF\xBF\xBD\xEF\xBF\xBD bytes in a headline here");
        CHECK(dateline::is_valid_utf8(extraction.article.title));
        REQUIRE(extraction.article.body.size() == 1);
        CHECK(dateline::is_valid_utf8(extraction.article.body.front()));
    }

    TEST_CASE("reads a page with Windows line endings like one with Unix ones")
    {
        std::string crlf;
        for (const char* c = k_lighthouse_page; *c != '\0'; ++c) {
            if (*c == '\n') {
                crlf += '\r';
            }
            crlf += *c;
        }
        const Extraction unix_page = clean_scrape(k_lighthouse_page);
        const Extraction windows_page = clean_scrape(crlf);
        CHECK(windows_page.article == unix_page.article);
        CHECK(windows_page.missing == unix_page.missing);
    }

    TEST_CASE("removes chrome no rule knows once it is learned from the site's pages")
    {
        ChromeModel model;
        for (int n = 0; n < 8; ++n) {
            model.learn_page("/archive/lantern", lantern_page(n));
        }
        model.finish_learning();
        const Extraction learned = clean_scrape(lantern_page(3), model, "/archive/lantern");
        CHECK(learned.article.title == lantern_title(3));
        CHECK(learned.article.body == Strings{lantern_story(3)});

        // The general rules alone cannot tell this site's furniture from its story.
        const Extraction unlearned = clean_scrape(lantern_page(3));
        CHECK(unlearned.article.body != Strings{lantern_story(3)});
    }

    TEST_CASE("keeps the story of pages syndicated within one site")
    {
        // Three copies of one story in a site of three pages: every line repeats on every page.
        ChromeModel model;
        const std::string copy = "Wire copy shared by every page\n\nThe ferry timetable changes on Monday, the "
                                 "operator said in a statement.\n";
        for (int n = 0; n < 3; ++n) {
            model.learn_page("/archive/copies", copy + "Copy " + std::to_string(n) + " footer line\n");
        }
        model.finish_learning();
        const Extraction extraction = clean_scrape(copy, model, "/archive/copies");
        CHECK(extraction.article.body ==
              Strings{"The ferry timetable changes on Monday, the operator said in a statement."});
    }
}
