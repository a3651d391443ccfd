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

    TEST_CASE("reads every author of a byline, in order, with the forms real sites use")
    {
        struct Row {
            std::string line;
            Strings names;
        };
        const Strings three = {"Mara Quinlan", "Joel Fenwick", "Ada Brightwater"};
        const Strings two = {"Mara Quinlan", "Joel Fenwick"};
        const std::vector<Row> rows = {
            {"By Mara Quinlan, Joel Fenwick, and Ada Brightwater", three},  // Oxford comma
            {"By Mara Quinlan, Joel Fenwick & Ada Brightwater", three},
            {"By Mara Quinlan & Joel Fenwick", two},
            {"Words by Mara Quinlan and Joel Fenwick", two},
            {"By Mara Quinlan and Joel Fenwick, Staff Writers", two},
            {"By Mara Quinlan, Staff Writer, and Joel Fenwick, Senior Reporter", two},
            {"By Mara Quinlan, Environment Correspondent & Joel Fenwick", two},
            {"Mara Quinlan and Joel Fenwick, Staff Writers", two},
            {"By Mara Quinlan and Joel Fenwick, Reuters", two},
            {"Reporting by Mara Quinlan; Editing by Joel Fenwick", {"Mara Quinlan"}},
            {"Reporting by Mara Quinlan and Joel Fenwick; Editing by Ada Brightwater", two},
            {"Reporting by Mara Quinlan, Joel Fenwick and Ada Brightwater; Writing by Ode Tran; Editing by Lise Marr",
             {"Mara Quinlan", "Joel Fenwick", "Ada Brightwater", "Ode Tran"}},
            {"Reporting by Mara Quinlan; Editing by Joel Fenwick.", {"Mara Quinlan"}},
            {"BY MARA QUINLAN, JOEL FENWICK AND ADA BRIGHTWATER", three},
            {"By Mara Quinlan; Joel Fenwick", two},
            {"BY KARIN ENGSTRÖM-VALE AND ÉMILE DURAND", {"Karin Engström-Vale", "Émile Durand"}},
        };
        for (const Row& row : rows) {
            CAPTURE(row.line);
            const std::optional<Strings> names = dateline::parse_byline(row.line);
            REQUIRE(names.has_value());
            CHECK(*names == row.names);
        }
        for (const std::string line : {"Edited by Joel Fenwick", "By Mara Quinlan, who chairs the council",
                                       "Mara Quinlan and Joel Fenwick", "By the river and the sea"}) {
            CAPTURE(line);
            CHECK_FALSE(dateline::parse_byline(line).has_value());
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

    TEST_CASE("names a wire or agency the way it signs, whatever describes it")
    {
        struct Row {
            std::string credit;
            std::string name;
        };
        const std::vector<Row> rows = {
            {"Reuters news agency", "Reuters"},
            {"the Reuters news agency", "Reuters"},
            {"(AP)", "Associated Press"},
            {"The Associated Press", "Associated Press"},
            {"Associated Press writer", "Associated Press"},
            {"Associated Press Writers", "Associated Press"},
            {"— Agence France-Presse", "AFP"},
            {"AFP via Getty Images", "AFP"},
            {"Bloomberg News", "Bloomberg"},
            {"Xinhua News Agency", "Xinhua"},
            {"Press Trust of India", "PTI"},
            {"Meridian news agency", "Meridian"},
            {"Meridian News Agency", "Meridian News Agency"},
            {"Pacific Wire Service", "Pacific Wire Service"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.credit);
            CHECK(dateline::canonical_source(row.credit) == row.name);
        }
        // Every parser that finds a source names it the same way.
        CHECK(dateline::parse_credit_paragraph("— Agence France-Presse")->source == "AFP");
        CHECK(dateline::parse_credit_paragraph("(Reuters news agency)")->source == "Reuters");
        CHECK(dateline::parse_credit_paragraph("The Associated Press contributed to this report.")->source ==
              "Associated Press");
        std::string paragraph = "The pier reopens in May. — Agence France-Presse";
        CHECK(dateline::take_trailing_credit(paragraph) == "AFP");
        CHECK(dateline::split_dateline("PARIS (AFP) — The talks ended.")->agency == "AFP");
        CHECK(dateline::parse_byline("By Jane Okafor, Associated Press Writer") == Strings{"Jane Okafor"});
        CHECK(dateline::parse_byline("By Jane Okafor and Tom Reyes, Associated Press") == Strings{"Jane Okafor", "Tom Reyes"});
        CHECK(dateline::byline_source("By Jane Okafor, Associated Press Writer") == "Associated Press");
        CHECK(dateline::byline_source("By Jane Okafor and Tom Reyes, Reuters") == "Reuters");
        CHECK(dateline::byline_source("By Jane Okafor, Agence France-Presse") == "AFP");
        CHECK(dateline::byline_source("By Jane Okafor & Tom Reyes, The Associated Press") == "Associated Press");
        CHECK(dateline::parse_byline("By Jane Okafor & Tom Reyes, The Associated Press") == Strings{"Jane Okafor", "Tom Reyes"});
        CHECK(dateline::byline_source("By Jane Okafor, Staff Writer") == "");
        CHECK(dateline::byline_source("The harbour reopened on Monday.") == "");
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
            {"LONDON, June 5 (AP) — The talks ended.", "London", "Associated Press"},
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

    TEST_CASE("a navigation menu is not a section")
    {
        for (const std::string line : {"Home | World | Business | Sport", "News \xC2\xB7 Sport \xC2\xB7 Culture",
                                       "Home | Local | Weather", "UK | World | Business | Politics | Tech | Science | Health",
                                       "Home > News > World > Europe > France > Paris > Culture"}) {
            CAPTURE(line);
            CHECK(dateline::is_navigation_menu(line));
            CHECK(dateline::is_breadcrumb_line(line));
            CHECK(dateline::section_from_breadcrumb(line) == "");
        }
        for (const std::string line : {"Home > World > Europe", "Business | World News", "News / Politics",
                                       "Storm closes the harbour | Photos"}) {
            CAPTURE(line);
            CHECK_FALSE(dateline::is_navigation_menu(line));
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

    TEST_CASE("tells a strip of other headlines from a headline")
    {
        for (const std::string line :
             {"Trending: Ferry strike enters third day | Council tax to rise", "BREAKING: Ferry strike enters third day",
              "Breaking news \xE2\x80\x94 Ferry strike enters third day", "BREAKING NEWS Ferry strike enters third day",
              "Most read: Ferry strike enters third day", "Latest \xC2\xB7 Ferry strike enters third day",
              "Just in: Council tax to rise four per cent", "Top stories | Stadium plan approved | Ferry strike",
              "LIVE: Count under way in the harbour ward", "Trending now - Stadium plan approved",
              "Trending \xE2\x96\xB8 Stadium plan approved \xE2\x96\xB8 Ferry strike"}) {
            CAPTURE(line);
            CHECK(dateline::is_headline_strip(line));
            CHECK(dateline::classify_chrome(dateline::describe_block(line)) == RuleChrome::ticker);
        }
        for (const std::string line :
             {"Latest figures show more visitors to the bay", "Live-streamed concert draws record crowd",
              "Breaking the deadlock over the ferry contract", "Trending topics dominate the council debate",
              "Live music returns to the pier", "Latest: the council said the road would reopen at six.",
              "LIVE MUSIC RETURNS TO THE PIER", "Popular cafe closes after forty years"}) {
            CAPTURE(line);
            CHECK_FALSE(dateline::is_headline_strip(line));
        }
        for (const std::string line : {"Breaking", "BREAKING NEWS", "Just in", "Latest:", "Top stories", "Trending"}) {
            CAPTURE(line);
            CHECK(dateline::classify_chrome(dateline::describe_block(line)) == RuleChrome::list_heading);
        }
    }

    TEST_CASE("tells captions and notices about the page from a dek")
    {
        for (const std::string line : {"Boats moored behind the damaged wall on Sunday. Photo: Ines Calloway",
                                       "Boats moored behind the damaged wall on Sunday. (Photograph: Harbour Authority)",
                                       "Boats moored behind the wall. Image: Getty Images",
                                       "Boats moored behind the damaged wall on Sunday. (AP Photo/Ines Calloway)"}) {
            CAPTURE(line);
            CHECK(dateline::is_caption(line));
            CHECK(dateline::classify_chrome(dateline::describe_block(line)) == RuleChrome::interface);
        }
        for (const std::string line :
             {"This article is more than 2 years old", "Listen to this article, 4 minutes", "Reading time: 4 minutes",
              "5 min read", "Editor's note: This story was updated on Tuesday with comment from the authority.",
              "Correction: An earlier version gave the wrong date for the vote.",
              "Updated with comment from the fishing association in paragraph five.",
              "Image 1 of 5: The damaged breakwater seen from the harbour wall",
              "In pictures: The storm that battered the bay last winter",
              "Sponsored content from Harbour Bank and its partners",
              "Published in the print edition of 6 June 2023 under the headline Wall to be rebuilt"}) {
            CAPTURE(line);
            CHECK(dateline::is_page_notice(line));
        }
        for (const std::string line :
             {"The authority says the new wall will be built further out to sea.", "Update on the ferry strike talks",
              "Photographers gather at the harbour for the regatta", "Notes from a flooded valley",
              "This story began in a fishing village forty years ago.", "Image of the week wins award",
              "Photo 4 shows the damaged breakwater."}) {
            CAPTURE(line);
            CHECK_FALSE(dateline::is_page_notice(line));
            CHECK_FALSE(dateline::is_caption(line));
        }
    }

    TEST_CASE("leaves headlines and story sentences alone")
    {
        for (const std::string line :
             {"Share prices tumble", "Search for missing trawler widens", "Home sales slump in the spring",
              "Most of the harbour reopened on Monday.", "The newsletter reached 3,000 homes, the council said.",
              "“Subscribe to nothing,” she told readers.", "Advertising revenue fell", "Related party deals",
              "Latest figures show more visitors to the bay", "Breaking the deadlock over the ferry contract",
              "Live music returns to the pier"}) {
            CAPTURE(line);
            CHECK(dateline::classify_chrome(dateline::describe_block(line)) == RuleChrome::none);
        }
    }
}
