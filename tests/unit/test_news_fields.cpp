// Unit tests of common/cleaning/news_fields.h and common/cleaning/chrome_rules.h, table-driven: bylines, credits,
// datelines and breadcrumbs in their common forms, the lines that merely resemble them, and the
// general chrome rules (with headlines that start with interface words).
#include "common/cleaning/chrome_rules.h"
#include "common/cleaning/news_fields.h"

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

using dateline::RuleChrome;
using Strings = std::vector<std::string>;

TEST_SUITE("news fields")
{
    TEST_CASE("reads bylines in their common forms")
    {
        struct Row {
            std::string line;
            Strings names;
        };
        const std::vector<Row> rows = {
            {"By Jane Okafor", {"Jane Okafor"}},
            {"By Jane Okafor and Tom Reyes", {"Jane Okafor", "Tom Reyes"}},
            {"By Ana de la Cruz, Tom Reyes and Li Wei", {"Ana de la Cruz", "Tom Reyes", "Li Wei"}},
            {"Jane Okafor, Staff Writer", {"Jane Okafor"}},
            {"By Rafe Lindgren, Sports Reporter", {"Rafe Lindgren"}},
            {"Words by Hélène Castell", {"Hélène Castell"}},
            {"Written by Declan Moyo", {"Declan Moyo"}},
            {"BY JANE OKAFOR", {"Jane Okafor"}},
            {"By Jane Okafor in Kestrel Bay", {"Jane Okafor"}},
            {"Author: Jane Okafor", {"Jane Okafor"}},
            {"Posted by Wren Abernathy", {"Wren Abernathy"}},
        };
        for (const Row& row : rows) {
            CAPTURE(row.line);
            const std::optional<Strings> names = dateline::parse_byline(row.line);
            REQUIRE(names.has_value());
            CHECK(*names == row.names);
        }
    }

    TEST_CASE("does not take sentences or headings for bylines")
    {
        for (const std::string line : {"By the end of the year the pier will reopen.", "By the numbers",
                                       "Jane Okafor, who chairs the council", "Written off by the council",
                                       "By continuing you agree to our terms.", "By 2030", "Share on Facebook"}) {
            CAPTURE(line);
            CHECK_FALSE(dateline::parse_byline(line).has_value());
        }
    }

    TEST_CASE("reads credit paragraphs")
    {
        struct Row {
            std::string paragraph;
            std::string source;
            Strings reporters;
        };
        const std::vector<Row> rows = {
            {"(Reuters)", "Reuters", {}},
            {"— Pacific Wire Service", "Pacific Wire Service", {}},
            {"— The Associated Press contributed to this report.", "Associated Press", {}},
            {"Reporting by Jane Okafor; Editing by Tom Reyes", "", {"Jane Okafor"}},
            {"(Additional reporting by Li Wei and Ana Soto)", "", {"Li Wei", "Ana Soto"}},
            {"— Reporting by Meridian News Agency", "Meridian News Agency", {}},
            {"Source: AFP", "AFP", {}},
        };
        for (const Row& row : rows) {
            CAPTURE(row.paragraph);
            const std::optional<dateline::Credit> credit = dateline::parse_credit_paragraph(row.paragraph);
            REQUIRE(credit.has_value());
            CHECK(credit->source == row.source);
            CHECK(credit->reporters == row.reporters);
        }
        for (const std::string paragraph : {"The harbour reopened on Monday.", "(The vote was close.)",
                                            "- the first item of a list"}) {
            CAPTURE(paragraph);
            CHECK_FALSE(dateline::parse_credit_paragraph(paragraph).has_value());
        }
    }

    TEST_CASE("takes a wire credit off the end of the last paragraph")
    {
        struct Row {
            std::string paragraph;
            std::string credit;
            std::string rest;
        };
        const std::vector<Row> rows = {
            {"The pier reopens in May. –Bloomberg", "Bloomberg", "The pier reopens in May."},
            {"Net 4.2 mln vs 3.9 mln –Reuters", "Reuters", "Net 4.2 mln vs 3.9 mln"},
            {"The vote is on Friday. (Meridian News Agency)", "Meridian News Agency", "The vote is on Friday."},
            {"The pier reopens in May, said Jane Okafor - the harbour master.", "",
             "The pier reopens in May, said Jane Okafor - the harbour master."},
            {"Prices rose - Tom Reyes", "", "Prices rose - Tom Reyes"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.paragraph);
            std::string paragraph = row.paragraph;
            CHECK(dateline::take_trailing_credit(paragraph) == row.credit);
            CHECK(paragraph == row.rest);
        }
    }

    TEST_CASE("splits datelines in their common forms")
    {
        struct Row {
            std::string paragraph;
            std::string place;
            std::string agency;
        };
        const std::vector<Row> rows = {
            {"WASHINGTON (Reuters) - The talks ended.", "Washington", "Reuters"},
            {"Washington: The talks ended.", "Washington", ""},
            {"TOKYO — The talks ended.", "Tokyo", ""},
            {"KESTREL BAY — The talks ended.", "Kestrel Bay", ""},
            {"LONDON, June 5 (AP) — The talks ended.", "London", "AP"},
            {"Montreal: The talks ended.", "Montreal", ""},
            {"Port Calder – The talks ended.", "Port Calder", ""},
        };
        for (const Row& row : rows) {
            CAPTURE(row.paragraph);
            const std::optional<dateline::DatelineSplit> split = dateline::split_dateline(row.paragraph);
            REQUIRE(split.has_value());
            CHECK(split->place == row.place);
            CHECK(split->agency == row.agency);
            CHECK(split->rest == "The talks ended.");
        }
        for (const std::string paragraph :
             {"Mr Blair: the country is heading the wrong way.", "Shares - which rose - fell later.",
              "Note: figures are provisional.", "Monday: a quiet day.", "He said: no comment.",
              "The council said on Monday - after a long debate - that it agreed."}) {
            CAPTURE(paragraph);
            CHECK_FALSE(dateline::split_dateline(paragraph).has_value());
        }
    }

    TEST_CASE("reads the section of a breadcrumb")
    {
        CHECK(dateline::section_from_breadcrumb("HomeWorld") == "World");
        CHECK(dateline::section_from_breadcrumb("NewsSport") == "Sport");
        CHECK(dateline::section_from_breadcrumb("Home > World > Europe") == "Europe");
        CHECK(dateline::section_from_breadcrumb("Business | World News") == "Business");
        CHECK(dateline::section_from_breadcrumb("Home") == "");
        CHECK(dateline::section_from_breadcrumb("This is a sentence glued on") == "");
        CHECK(dateline::is_breadcrumb_line("Home > World > Europe"));
        CHECK(dateline::is_breadcrumb_line("Business | World News"));
        CHECK_FALSE(dateline::is_breadcrumb_line("Prices rose | sales fell by a third in the year to June."));
        CHECK_FALSE(dateline::is_breadcrumb_line("Home"));
        CHECK(dateline::section_from_label("Section: Business") == "Business");
        CHECK(dateline::section_from_label("Category: Local news") == "Local news");
        CHECK(dateline::section_from_label("Category: the council voted to close it.") == "");
        CHECK(dateline::section_from_label("Tags: harbour, ferries") == "");
    }
}

TEST_SUITE("chrome rules")
{
    TEST_CASE("recognises page furniture on any site")
    {
        struct Row {
            std::string line;
            RuleChrome kind;
        };
        const std::vector<Row> rows = {
            {"Skip to main content", RuleChrome::interface},
            {"Share on Facebook", RuleChrome::interface},
            {"Copy link", RuleChrome::interface},
            {"Comments (309)", RuleChrome::interface},
            {"Text Size:", RuleChrome::interface},
            {"Sign in | Subscribe", RuleChrome::interface},
            {"Photo: Jane Okafor for the Ledger", RuleChrome::interface},
            {"Advertisement", RuleChrome::advert},
            {"Advertisement · Scroll to continue", RuleChrome::advert},
            {"Most Read", RuleChrome::list_heading},
            {"Related stories", RuleChrome::list_heading},
            {"Also read: Harbour dredging plan wins approval", RuleChrome::related_link},
            {"READ MORE: Harbour dredging plan wins approval", RuleChrome::related_link},
            {"Tags: harbour, ferries, council", RuleChrome::tags},
            {"© 2023 Harbour Ledger Ltd", RuleChrome::copyright},
            {"All rights reserved.", RuleChrome::copyright},
            {"Subscribe to our newsletter for the morning briefing", RuleChrome::pitch},
            {"Sustaining this needs support from wonderful readers like you.", RuleChrome::pitch},
            {"We use cookies to improve your experience.", RuleChrome::pitch},
        };
        for (const Row& row : rows) {
            CAPTURE(row.line);
            CHECK(dateline::classify_chrome(dateline::describe_block(row.line)) == row.kind);
        }
    }

    TEST_CASE("leaves headlines and story sentences alone")
    {
        for (const std::string line :
             {"Share prices tumble", "Search for missing trawler widens", "Home sales slump in the spring",
              "Most of the harbour reopened on Monday.", "The newsletter reached 3,000 homes, the council said.",
              "“Subscribe to nothing,” she told readers.", "Advertising revenue fell", "Related party deals"}) {
            CAPTURE(line);
            CHECK(dateline::classify_chrome(dateline::describe_block(line)) == RuleChrome::none);
        }
    }
}
