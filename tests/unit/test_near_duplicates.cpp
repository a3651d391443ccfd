// Unit tests of common/index/near_duplicates.h: the fingerprint is stable under the edits a syndicating
// site makes (a word changed, the last paragraph cut, chrome lines around the story), distinct
// stories and formulaic reports with other figures are not copies, and short bodies need
// matching titles. All texts are invented.
#include "common/index/copy_cluster_assignment.h"
#include "common/index/near_duplicates.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

using dateline::Article;
using dateline::are_near_duplicates;
using dateline::BodyFingerprint;
using dateline::fingerprint_article;
using dateline::shingle_resemblance;

namespace {

Article make_story(std::string title, std::vector<std::string> body)
{
    Article article;
    article.id = title;
    article.title = std::move(title);
    article.body = std::move(body);
    return article;
}

Article make_ferry_story()
{
    return make_story(
        "Ferry operator orders two electric vessels for the estuary crossing",
        {"The Calder Ferry Company said on Tuesday it had ordered two battery-powered vessels from a shipyard "
         "in the north, replacing the diesel boats that have crossed the estuary since the late nineteen-eighties.",
         "Each vessel will carry up to 300 passengers and 40 cars, and will recharge at both piers during the "
         "twelve-minute turnaround, the company said in a statement to the regional assembly.",
         "Passenger groups welcomed the order but asked the operator to keep fares at their current level while "
         "the new piers are built, which the company expects to take about eighteen months.",
         "The first of the new boats is due to enter service in the spring of next year, with the second "
         "following six months later if trials on the river go to plan."});
}

} // namespace

TEST_SUITE("near_duplicates")
{
    TEST_CASE("a fingerprint never changes: its bands are stored in databases")
    {
        const Article article = make_story(
            "Ferry fares rise 1.5 pct",
            {"KESTREL BAY, June 5 (Harbour Wire) - Ferry fares across the bay will rise 1.5 pct from July, the "
             "operator said on Monday, citing fuel costs of 20,029,000 dlrs.",
             "The operator said twelve routes were affected and 12-1/2 pct of sailings would be cut in winter, while "
             "the harbour board said it would review the timetable."});
        const BodyFingerprint fingerprint = fingerprint_article(article);
        CHECK(fingerprint.shingles.size() == 49);
        CHECK(fingerprint.shingles.front() == 527714462032908440ULL);
        CHECK(fingerprint.shingles.back() == 18280901188747187834ULL);
        CHECK(fingerprint.numbers == std::vector<std::string>{"1.5", "12-1/2", "20,029,000", "5", "twelve"});
        CHECK(fingerprint.title_words == std::vector<std::string>{"1.5", "fares", "ferry", "pct", "rise"});
        CHECK(fingerprint.bands ==
              std::vector<std::uint64_t>{12125276598942252376ULL, 7513065623172046136ULL, 17717299656368603567ULL,
                                         16371570405853778726ULL, 11540499130724894224ULL, 9840920485571173408ULL,
                                         18415514695700621712ULL, 8347824772763003178ULL, 6411658521772254621ULL,
                                         13251615516985818598ULL, 5962752913754245493ULL, 13270294936882105857ULL});
    }

    TEST_CASE("an article is a copy of itself and its fingerprint is reproducible")
    {
        const Article story = make_ferry_story();
        const BodyFingerprint a = fingerprint_article(story);
        const BodyFingerprint b = fingerprint_article(story);
        CHECK(a.shingles == b.shingles);
        CHECK(a.bands == b.bands);
        CHECK(a.bands.size() == 12);
        CHECK(shingle_resemblance(a, b) == doctest::Approx(1.0));
        CHECK(are_near_duplicates(a, b));
    }

    TEST_CASE("a copy with a few words changed keeps most bands and is a copy")
    {
        const Article story = make_ferry_story();
        Article copy = story;
        copy.body[0].replace(copy.body[0].find("Tuesday"), 7, "Monday");
        copy.body[2].replace(copy.body[2].find("welcomed"), 8, "praised");
        const BodyFingerprint a = fingerprint_article(story);
        const BodyFingerprint b = fingerprint_article(copy);
        CHECK(shingle_resemblance(a, b) > 0.8);
        CHECK(are_near_duplicates(a, b));
        std::size_t shared = 0;
        for (std::size_t i = 0; i < a.bands.size(); ++i) {
            shared += a.bands[i] == b.bands[i] ? 1 : 0;
        }
        CHECK(shared >= 6); // most of the 12 bands: the indexer finds it as a candidate
    }

    TEST_CASE("a copy with its last paragraph cut and site chrome around it is a copy")
    {
        const Article story = make_ferry_story();
        Article copy = story;
        copy.title = "Electric ferries ordered";
        copy.body.pop_back();
        copy.body.insert(copy.body.begin(), "Advertisement");
        copy.body.insert(copy.body.begin() + 2, "READ MORE: Harbour fees to rise");
        copy.body.push_back("Comments (14)");
        copy.body.push_back("Share this story");
        CHECK(are_near_duplicates(fingerprint_article(story), fingerprint_article(copy)));
    }

    TEST_CASE("a long copy with one figure respelt is a copy; with two figures changed it is not")
    {
        const Article story = make_ferry_story();
        Article respelt = story;
        respelt.body[1].replace(respelt.body[1].find("twelve-minute"), 13, "12-minute");
        CHECK(are_near_duplicates(fingerprint_article(story), fingerprint_article(respelt)));

        Article refigured = story;
        refigured.body[1].replace(refigured.body[1].find("300 passengers and 40 cars"), 26, "350 passengers and 45 cars");
        CHECK_FALSE(are_near_duplicates(fingerprint_article(story), fingerprint_article(refigured)));
    }

    TEST_CASE("a different story on the same subject is not a copy")
    {
        const Article other = make_story(
            "Ferry fares to stay frozen while new piers are built",
            {"The regional assembly voted on Thursday to freeze fares on the estuary crossing until the new piers "
             "open, after passenger groups said the electric vessels should not be paid for by daily commuters.",
             "The Calder Ferry Company said it would accept the decision and that the battery-powered boats it "
             "ordered this month would still enter service in the spring.",
             "Members of the assembly asked for a report on the cost of recharging the vessels at both piers."});
        const BodyFingerprint a = fingerprint_article(make_ferry_story());
        const BodyFingerprint b = fingerprint_article(other);
        CHECK(shingle_resemblance(a, b) < 0.2);
        CHECK_FALSE(are_near_duplicates(a, b));
    }

    TEST_CASE("formulaic reports with other figures are not copies, even under the same title")
    {
        // Same template and title; only the figures differ (two weeks' bulletins).
        const Article first = make_story("Grain barges waiting at Port Calder",
                                         {"There were seven grain barges loading and six barges waiting to load at "
                                          "Port Calder, according to the harbour exchange."});
        const Article second = make_story("Grain barges waiting at Port Calder",
                                          {"There were six grain barges loading and eight barges waiting to load at "
                                           "Port Calder, according to the harbour exchange."});
        const BodyFingerprint a = fingerprint_article(first);
        const BodyFingerprint b = fingerprint_article(second);
        CHECK(shingle_resemblance(a, b) > 0.3);
        CHECK_FALSE(are_near_duplicates(a, b));

        const Article earnings_a = make_story("Gull Freight Inc 1st qtr net",
                                              {"Shr 37 cts vs 29 cts", "Net 1,204,000 vs 951,000", "Revs 12.4 mln vs 10.9 mln"});
        const Article earnings_b = make_story("Gull Freight Inc 1st qtr net",
                                              {"Shr 41 cts vs 29 cts", "Net 1,338,000 vs 951,000", "Revs 12.4 mln vs 10.9 mln"});
        CHECK_FALSE(are_near_duplicates(fingerprint_article(earnings_a), fingerprint_article(earnings_b)));
    }

    TEST_CASE("the same short report under another company's title is not a copy")
    {
        const std::vector<std::string> body = {"Qtly div 12 cts vs 12 cts prior", "Pay April 15", "Record March 30"};
        const BodyFingerprint kestrel = fingerprint_article(make_story("Kestrel Mills Inc sets quarterly", body));
        const BodyFingerprint heron = fingerprint_article(make_story("Heron Paper Co declares dividend", body));
        const BodyFingerprint kestrel_again =
            fingerprint_article(make_story("Kestrel Mills Inc sets quarterly dividend", body));
        CHECK(shingle_resemblance(kestrel, heron) == doctest::Approx(1.0));
        CHECK_FALSE(are_near_duplicates(kestrel, heron));
        CHECK(are_near_duplicates(kestrel, kestrel_again));
        // Half the title words in common is not enough: two markets, one report text.
        const std::vector<std::string> report = {"Hog prices opened 1.00 dlr higher, private sources said.",
                                                 "Top 51.50 dlrs per cwt."};
        CHECK_FALSE(are_near_duplicates(fingerprint_article(make_story("Joliet hogs up 1.00 dlr - private sources", report)),
                                        fingerprint_article(make_story("Calder hogs open up 1.00 dlr - private", report))));
    }

    TEST_CASE("a short copy whose scrape took a chrome line for the title still matches by its lead line")
    {
        const std::vector<std::string> body = {"Kestrel Mills said it raised the price it pays for barley by 50 cents a "
                                               "tonne from Monday.",
                                               "The mill last changed its prices on March 4."};
        const Article story = make_story("Kestrel Mills raises barley prices", body);
        Article scraped = make_story("Skip to main content", body);
        scraped.body.insert(scraped.body.begin(), "Kestrel Mills raises barley prices");
        CHECK(are_near_duplicates(fingerprint_article(story), fingerprint_article(scraped)));
        // Two other short stories whose lead lines match each other are still not copies.
        Article other = make_story("Heron Paper raises prices", body);
        other.body.insert(other.body.begin(), "Prices");
        scraped.body.front() = "Prices";
        CHECK_FALSE(are_near_duplicates(fingerprint_article(other), fingerprint_article(scraped)));
    }

    TEST_CASE("an article without a body has no bands and is nobody's copy")
    {
        const BodyFingerprint empty = fingerprint_article(make_story("Only a title here", {}));
        CHECK(empty.bands.empty());
        CHECK_FALSE(are_near_duplicates(empty, empty));
    }

    TEST_CASE("verbatim copies share their default cluster key; short texts alike do not")
    {
        Article original = make_ferry_story();
        Article verbatim = original;
        verbatim.id = "another-outlet-17";
        CHECK(dateline::default_cluster_key(verbatim, fingerprint_article(verbatim)) ==
              dateline::default_cluster_key(original, fingerprint_article(original)));
        Article edited = verbatim;
        edited.body.back() += " It was the first such order.";
        CHECK(dateline::default_cluster_key(edited, fingerprint_article(edited)) !=
              dateline::default_cluster_key(original, fingerprint_article(original)));

        // No fingerprint, so not copies of one story: two "Untitled" pages keep apart.
        const Article first = make_story("Untitled", {"1010"});
        Article second = first;
        second.id = "Untitled-2";
        CHECK(dateline::default_cluster_key(first, fingerprint_article(first)) !=
              dateline::default_cluster_key(second, fingerprint_article(second)));
    }
}
