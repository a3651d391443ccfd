// Unit tests of common/cleaning/chrome_model.h: what repeats across the pages of an invented site is
// learned as chrome (exact lines, number shapes, labels), what two syndicated pages share is
// not, a page counts once, memory stays bounded and what was learned survives serialisation.
#include "common/cleaning/chrome_model.h"

#include "common/cleaning/page_blocks.h"

#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

using dateline::ChromeMatch;
using dateline::ChromeModel;
using dateline::LineKeys;
using dateline::make_line_keys;
using dateline::testing::counted_pages;
using dateline::testing::lantern_page;

namespace {

ChromeModel learn_lantern(int pages)
{
    ChromeModel model;
    for (int n = 0; n < pages; ++n) {
        model.learn_page("/archive/lantern", lantern_page(n));
    }
    model.finish_learning();
    return model;
}

ChromeMatch match_on(const ChromeModel& model, const std::string& site, const std::string& line)
{
    return model.chrome_for(site, {}).match(make_line_keys(line));
}

} // namespace

TEST_SUITE("chrome model")
{
    TEST_CASE("keys fold case spacing and numbers but keep words")
    {
        CHECK(make_line_keys("Most READ").exact == make_line_keys("most read").exact);
        CHECK(make_line_keys("Notes (12)").exact != make_line_keys("Notes (345)").exact);
        CHECK(make_line_keys("Notes (12)").shape == make_line_keys("Notes (345)").shape);
        CHECK(make_line_keys("Notes (12)").shape != make_line_keys("Letters (12)").shape);
        CHECK(make_line_keys("Filed in: Fell 1").label == make_line_keys("Filed in: Harbour").label);
        CHECK(make_line_keys("No digits here").shape == 0);
        CHECK(make_line_keys("No label here").label == 0);
        // A long story sentence gets no shape: numbers in prose are not furniture.
        CHECK(make_line_keys("The council voted 12 to 3 on Monday to close the old ferry pier after a long and "
                             "bitter debate about the cost")
                  .shape == 0);
    }

    TEST_CASE("learns the lines every page of a site repeats")
    {
        const ChromeModel model = learn_lantern(10);
        CHECK(counted_pages(model, "/archive/lantern") == 10);
        CHECK(match_on(model, "/archive/lantern", "Lowmoor Lantern, lit since 1921") == ChromeMatch::exact);
        CHECK(match_on(model, "/archive/lantern", "Carry the Lantern home each Thursday for two farthings.") ==
              ChromeMatch::exact);
        CHECK(match_on(model, "/archive/lantern", "Lantern-bearers' notes (999)") == ChromeMatch::pattern);
        CHECK(match_on(model, "/archive/lantern", "Filed in: Somewhere new") == ChromeMatch::pattern);
        CHECK(match_on(model, "/archive/lantern", "Scarth choir contest draws a crowd (part 7)") == ChromeMatch::none);
        CHECK(match_on(model, "/archive/lantern", "The choir contest at Scarth went ahead on day 7, organisers said.") ==
              ChromeMatch::none);
    }

    TEST_CASE("does not take a paragraph two syndicated pages share for chrome")
    {
        ChromeModel model;
        const std::string shared = "The same wire paragraph appears on both copies of the story.";
        for (int n = 0; n < 20; ++n) {
            std::string page = lantern_page(n);
            if (n < 2) {
                page += shared + "\n";
            }
            model.learn_page("/archive/lantern", page);
        }
        model.finish_learning();
        CHECK(match_on(model, "/archive/lantern", shared) == ChromeMatch::none);
    }

    TEST_CASE("learns nothing from fewer than three pages")
    {
        const ChromeModel model = learn_lantern(2);
        CHECK(match_on(model, "/archive/lantern", "Lowmoor Lantern, lit since 1921") == ChromeMatch::none);
    }

    TEST_CASE("counts a page once however often it is read")
    {
        ChromeModel model;
        for (int round = 0; round < 3; ++round) {
            model.learn_page("/archive/lantern", lantern_page(1));
            model.learn_page("/archive/lantern", lantern_page(2));
        }
        CHECK(counted_pages(model, "/archive/lantern") == 2);
    }

    TEST_CASE("cleans a page filed on its own with the site whose chrome it shares")
    {
        ChromeModel model;
        for (int n = 0; n < 10; ++n) {
            model.learn_page("/archive/lantern", lantern_page(n));
            model.learn_page("/archive/other", "Other Site masthead\n\nOther story " + std::to_string(n) +
                                                   " is about something else entirely.\n");
        }
        model.finish_learning();
        std::vector<LineKeys> page_keys;
        for (const dateline::PageBlock& block : dateline::split_page_blocks(lantern_page(99))) {
            page_keys.push_back(make_line_keys(block.text));
        }
        const dateline::SiteChrome chrome = model.chrome_for("/elsewhere/new-folder", page_keys);
        REQUIRE_FALSE(chrome.empty());
        CHECK(chrome.match(make_line_keys("Lowmoor Lantern, lit since 1921")) == ChromeMatch::exact);
        CHECK(chrome.match(make_line_keys("Other Site masthead")) == ChromeMatch::none);
        // A page that shares nothing gets no learned chrome.
        CHECK(model.chrome_for("/elsewhere/new-folder", {make_line_keys("Unrelated line")}).empty());
    }

    TEST_CASE("keeps what it learned through serialisation and adds to it")
    {
        const ChromeModel learned = learn_lantern(6);
        const std::string stored = learned.serialise_site("/archive/lantern");
        CHECK(stored.starts_with("dateline-chrome 1\nsite\t/archive/lantern\npages\t6\n"));

        ChromeModel restored;
        restored.merge_serialised_site(stored);
        // The same six pages read again are not counted twice; four new ones are.
        for (int n = 0; n < 10; ++n) {
            restored.learn_page("/archive/lantern", lantern_page(n));
        }
        restored.finish_learning();
        CHECK(counted_pages(restored, "/archive/lantern") == 10);
        CHECK(match_on(restored, "/archive/lantern", "Lowmoor Lantern, lit since 1921") == ChromeMatch::exact);
        CHECK(restored.serialise_site("/archive/lantern") == learn_lantern(10).serialise_site("/archive/lantern"));
    }

    TEST_CASE("refuses a damaged serialisation with a message")
    {
        ChromeModel model;
        CHECK_THROWS_WITH_AS(model.merge_serialised_site("something else"),
                             "not learned site chrome (want the \"dateline-chrome 1\" format)", std::runtime_error);
        CHECK_THROWS_WITH_AS(
            model.merge_serialised_site("dateline-chrome 1\nsite\tx\npages\tmany\nseen\nkeys\n"),
            "bad count \"many\"", std::runtime_error);
        CHECK(model.sites().empty());
    }

    TEST_CASE("keeps memory bounded on an archive of unique pages")
    {
        ChromeModel model;
        for (int n = 0; n < 3000; ++n) {
            std::string page = "Masthead of the big site\n";
            for (int line = 0; line < 30; ++line) {
                page += "Unique line " + std::to_string(n) + "-" + std::to_string(line) + " of the archive\n\n";
            }
            model.learn_page("/archive/big", page);
        }
        model.finish_learning();
        // 3000 pages of 31 lines with 3 keys each would be about 180,000 keys without pruning.
        CHECK(model.tracked_keys() <= 50'000);
        CHECK(match_on(model, "/archive/big", "Masthead of the big site") == ChromeMatch::exact);
    }
}
