// Unit tests of long queries (issue 15): a query up to 16 KB is read, not refused, and a search
// keeps its most informative words (common/search/long_query.h) and says so in its note.
#include "common/errors.h"
#include "common/index/schema.h"
#include "common/search/long_query.h"
#include "common/search/query_text.h"
#include "common/search/search_request.h"
#include "common/search/search_service.h"
#include "common/web/api_json.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <string>
#include <vector>

namespace {

dateline::Article make_article(const std::string& id, const std::string& title, const std::string& body)
{
    dateline::Article article;
    article.id = id;
    article.title = title;
    article.body = {body};
    article.source = "Gull Gazette";
    article.date = "2023-05-01";
    return article;
}

// "harbour" in every article, "ferry" in two, "dredgers" in one.
Xapian::WritableDatabase harbour_archive()
{
    return dateline::testing::in_memory_db({
        make_article("dredging", "Harbour dredging begins", "Dredgers deepen the harbour channel."),
        make_article("ferry", "Ferry timetable changes", "The ferry leaves the harbour earlier."),
        make_article("ferry-fares", "Ferry fares rise", "Tickets for the harbour ferry cost more."),
        make_article("wall", "Harbour wall repaired", "Masons repaired the harbour wall."),
    });
}

// `count` words the archive does not hold: "qzv0 qzv1 …".
std::string unknown_words(std::size_t count)
{
    std::string text;
    for (std::size_t i = 0; i < count; ++i) {
        text += (text.empty() ? "qzv" : " qzv") + std::to_string(i);
    }
    return text;
}

} // namespace

TEST_SUITE("long queries")
{
    TEST_CASE("a query of up to 16 KB and any number of words is read, one byte more is refused")
    {
        const std::string longest(dateline::k_max_query_bytes, 'a');
        CHECK(dateline::k_max_query_bytes == 16384);
        CHECK(dateline::parse_search_request({{"q", longest}}).query == longest);
        const std::string many_words = unknown_words(2000); // 15,780 bytes
        REQUIRE(many_words.size() <= dateline::k_max_query_bytes);
        CHECK(dateline::parse_search_request({{"q", many_words}}).query == many_words);
        CHECK_THROWS_WITH_AS(dateline::parse_search_request({{"q", longest + "a"}}),
                             "\"q\" is too long: 16385 bytes, at most 16384", dateline::Error);
    }

    TEST_CASE("counts the words of a query, not its operators")
    {
        CHECK(dateline::count_query_words("") == 0);
        CHECK(dateline::count_query_words("central bank") == 2);
        CHECK(dateline::count_query_words("(cold AND war) OR \"price war\" NEAR/3 ADJ x") == 5);
    }

    TEST_CASE("keeps a query within the bound as typed")
    {
        const Xapian::WritableDatabase db = harbour_archive();
        const std::vector<Xapian::Stem> stemmers = {Xapian::Stem("english")};
        const dateline::ShortenedQuery kept = dateline::shorten_long_query(db, "\"harbour wall\" -ferry", stemmers, 3);
        CHECK(kept.text == "\"harbour wall\" -ferry");
        CHECK(kept.note.empty());
    }

    TEST_CASE("keeps the words found in the fewest articles, in the order typed")
    {
        const Xapian::WritableDatabase db = harbour_archive();
        const std::vector<Xapian::Stem> stemmers = {Xapian::Stem("english")};
        // Frequencies: harbour 4, ferry (and "ferries", the same stem) 2, dredgers 1, qzv0 none.
        const dateline::ShortenedQuery shortened =
            dateline::shorten_long_query(db, "Harbour ferries qzv0 \"dredgers\" harbour ferry", stemmers, 3);
        CHECK(shortened.text == "ferries dredgers ferry");
        CHECK(shortened.note == "the query has 6 words, more than the 3 a search takes: searched for the 3 found in "
                                "the fewest articles, as plain words");
        // A word the archive lacks comes after every word it holds; ties keep the earlier word.
        CHECK(dateline::shorten_long_query(db, "qzv0 harbour harbour dredgers", stemmers, 3).text ==
              "harbour harbour dredgers");
        CHECK(dateline::shorten_long_query(db, "qzv0 qzv1 qzv2 qzv3", stemmers, 2).text == "qzv0 qzv1");
        // Without stemmers the unstemmed words count: "ferries" is then a word of its own, found nowhere.
        CHECK(dateline::shorten_long_query(db, "ferries ferry harbour wall", {}, 2).text == "ferry wall");
    }

    TEST_CASE("a search answers a pasted text longer than the bound for its rarest words, with a note")
    {
        dateline::SearchService service(harbour_archive());
        dateline::SearchRequest request;
        // 300 words the archive lacks, then the article's rare word and a common one.
        request.query = unknown_words(300) + " dredgers harbour";
        const dateline::SearchResponse response = service.search(request);
        REQUIRE_FALSE(response.hits.empty());
        CHECK(response.hits[0].id == "dredging");
        CHECK(response.total == 4);
        CHECK(response.note == "the query has 302 words, more than the 256 a search takes: searched for the 256 "
                               "found in the fewest articles, as plain words");
        CHECK(response.query == request.query);
        // At the bound the query is read as typed, without a note.
        request.query = unknown_words(255) + " dredgers";
        CHECK(service.search(request).note.empty());
    }
}

TEST_SUITE("search parameters as JSON")
{
    using Params = std::multimap<std::string, std::string>;

    TEST_CASE("reads strings, numbers, true/false and lists as URL parameters would carry them")
    {
        CHECK(dateline::read_json_parameters(R"({"q": "harbour seals", "size": 20, "facets": false,
                                                 "source": ["A", "B"], "recency": 7.5, "tag": null})") ==
              Params{{"facets", "false"}, {"q", "harbour seals"}, {"recency", "7.5"}, {"size", "20"},
                     {"source", "A"}, {"source", "B"}});
        CHECK(dateline::read_json_parameters("{}").empty());
        const std::string longest(dateline::k_max_query_bytes, 'a');
        CHECK(dateline::parse_search_request(dateline::read_json_parameters(R"({"q": ")" + longest + "\"}")).query ==
              longest);
    }

    TEST_CASE("refuses a body that is not an object of such values, saying what to send")
    {
        CHECK_THROWS_WITH_AS(dateline::read_json_parameters(R"({"q": )"),
                             R"(the request body is not valid JSON (at byte 7); send an object such as )"
                             R"({"q": "harbour seals", "size": 20})",
                             dateline::Error);
        CHECK_THROWS_WITH_AS(dateline::read_json_parameters(R"(["harbour"])"),
                             R"(the request body must be a JSON object of search parameters, such as )"
                             R"({"q": "harbour seals", "size": 20})",
                             dateline::Error);
        CHECK_THROWS_WITH_AS(dateline::read_json_parameters(R"({"q": {"text": "harbour"}})"),
                             R"("q" must be a string, a number, true or false, or a list of them, got {"text":"harbour"})",
                             dateline::Error);
        CHECK_THROWS_WITH_AS(dateline::read_json_parameters(R"({"source": ["A", ["B"]]})"),
                             R"("source" must be a string, a number, true or false, or a list of them, got ["A",["B"]])",
                             dateline::Error);
    }
}
