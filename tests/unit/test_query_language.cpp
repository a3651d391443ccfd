// Unit tests of the query language (docs/query-language.md), one test case per feature, over
// small invented articles that ArticleIndexer writes into an in-memory database and that
// SearchService searches: operators, brackets, required words, NEAR and ADJ, field prefixes,
// wildcards, date ranges in the query and from=/to=, accents, dotted abbreviations, synonyms,
// tokens searched as typed, per-language stemming, and that case never changes the hits.
#include "common/search/search_service.h"

#include "common/index/schema.h"
#include "common/search/synonyms.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

using dateline::Article;
using dateline::SearchRequest;
using dateline::SearchResponse;
using dateline::SearchService;
using dateline::SearchSettings;
using dateline::SynonymTable;
using dateline::testing::in_memory_db;
using IdSet = std::set<std::string>;
using Strings = std::vector<std::string>;

// Failed checks print the ids: {a, b}.
template <>
struct doctest::StringMaker<IdSet> {
    static doctest::String convert(const IdSet& ids)
    {
        std::string text = "{";
        for (const std::string& id : ids) {
            text += (text.size() > 1 ? ", " : "") + id;
        }
        return (text + "}").c_str();
    }
};

namespace {

Article make_article(const std::string& id, const std::string& title, const std::string& body,
                     const std::string& date = "2019-03-01")
{
    Article article;
    article.id = id;
    article.title = title;
    article.body = {body};
    article.section = "News";
    article.source = "Gull Gazette";
    article.date = date;
    article.language = "en";
    return article;
}

Article with_fields(Article article, const std::string& author, const std::string& place, const std::string& source,
                    const std::string& section, const std::string& tag)
{
    article.authors = {author};
    article.dateline = place;
    article.source = source;
    article.section = section;
    article.tags = {tag};
    return article;
}

// Invented articles; words shared on purpose ("ferry", "harbour", "boat", "crews").
std::vector<Article> make_archive()
{
    return {
        with_fields(make_article("ferry-fares", "Ferry fares rise", "The harbour ferry will cost more from June.",
                                 "2021-12-05"),
                    "Ada Okafor", "Port Calder", "Gull Gazette", "Transport", "ferries"),
        with_fields(make_article("boat-race", "Rowing race on the estuary",
                                 "Crews raced a boat past the harbour wall at dawn.", "2021-11-20"),
                    "Ben Marsh", "Saltmere", "Meridian News", "Sport", "rowing"),
        with_fields(make_article("ferry-strike", "Crews strike",
                                 "No ferry left on Tuesday as crews walked out, and the boat owners said the "
                                 "dispute over pay at the harbour could last weeks.",
                                 "2022-01-10"),
                    "Cara Lind", "Port Calder", "Meridian News", "Business", "strikes"),
        with_fields(make_article("barrage", "Tidal barrage approved",
                                 "The barrage across the estuary won consent near the old barracks.", "2020-06-01"),
                    "Dev Rao", "Estuary Point", "Gull Gazette", "Environment", "fishing"),
        make_article("seals", "Seals counted on the sandbank", "Volunteers counted seals near the harbour.", ""),
    };
}

SearchRequest make_request(const std::string& query)
{
    SearchRequest request;
    request.query = query;
    request.size = 100;
    request.collapse = false; // similar invented articles must not fold into one hit
    request.facets = false;
    return request;
}

IdSet search_ids(SearchService& service, const SearchRequest& request)
{
    IdSet ids;
    for (const dateline::SearchHit& hit : service.search(request).hits) {
        ids.insert(hit.id);
    }
    return ids;
}

IdSet search_ids(SearchService& service, const std::string& query)
{
    return search_ids(service, make_request(query));
}

std::string to_ascii_upper(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

struct Row {
    std::string query;
    IdSet expected;
};

// Each query finds exactly `expected`, and so does the query in capitals.
void check_rows(SearchService& service, const std::vector<Row>& rows)
{
    for (const Row& row : rows) {
        CAPTURE(row.query);
        CHECK(search_ids(service, row.query) == row.expected);
        const std::string upper = to_ascii_upper(row.query);
        CAPTURE(upper);
        CHECK(search_ids(service, upper) == row.expected);
    }
}

} // namespace

TEST_SUITE("Query language")
{
    TEST_CASE("joins words with AND, OR and XOR written in capitals")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                {"ferry AND boat", {"ferry-strike"}},
                                {"ferry AND boat AND crews", {"ferry-strike"}},
                                {"ferry OR seals", {"ferry-fares", "ferry-strike", "seals"}},
                                {"ferry XOR boat", {"ferry-fares", "boat-race"}},
                                {"crews AND NOT ferry", {"boat-race"}},
                            });
    }

    TEST_CASE("reads lower-case and, or, not as words, not operators")
    {
        SearchService service(in_memory_db(make_archive()));
        // "and" and "or" are stop words: left out, the rest is ranked OR.
        CHECK(search_ids(service, "ferry and boat") == IdSet{"ferry-fares", "boat-race", "ferry-strike"});
        CHECK(search_ids(service, "ferry or seals") == IdSet{"ferry-fares", "ferry-strike", "seals"});
        // "not" excludes nothing.
        CHECK(search_ids(service, "crews not ferry") == IdSet{"ferry-fares", "boat-race", "ferry-strike"});
        CHECK(search_ids(service, "crews NOT ferry") == IdSet{"boat-race"});
        CHECK(search_ids(service, "ferry xor boat") == IdSet{"ferry-fares", "boat-race", "ferry-strike"});
        // "near" is a word here, and "near the barracks" has it.
        CHECK(search_ids(service, "ferry near harbour") ==
              IdSet{"ferry-fares", "boat-race", "ferry-strike", "barrage", "seals"});
    }

    TEST_CASE("searches an operator word typed alone or at either end of the query as a word")
    {
        SearchService service(in_memory_db({
            make_article("gates", "Logic gates", "An AND gate, an OR gate, a NOT gate and an XOR gate."),
            make_article("pier", "Crowds at the pier", "Crowds gathered near the pier."),
            make_article("adj", "Dictionary shorthand", "Dictionaries write adj for adjective."),
            make_article("oil", "Oil output", "Oil wells pumped more."),
            make_article("gas", "Gas bills", "Gas bills went up."),
        }));
        const std::vector<Row> rows = {
            {"AND", {"gates"}},  {"OR", {"gates"}},          {"NOT", {"gates"}},
            {"XOR", {"gates"}},  {"NEAR", {"pier"}},         {"ADJ", {"adj"}},
            // "and" and "or" are stop words beside other words.
            {"oil AND", {"oil"}}, {"OR gas", {"gas"}},       {"oil NEAR", {"oil", "pier"}},
            {"ADJ gas", {"adj", "gas"}},
        };
        for (const Row& row : rows) {
            CAPTURE(row.query);
            const SearchResponse response = service.search(make_request(row.query));
            IdSet ids;
            for (const dateline::SearchHit& hit : response.hits) {
                ids.insert(hit.id);
            }
            CHECK(ids == row.expected);
            CHECK(response.note.empty());
        }
        // Between words, or a leading NOT before a word, they stay operators.
        CHECK(search_ids(service, "NOT oil") == IdSet{"gates", "pier", "adj", "gas"});
        CHECK(search_ids(service, "oil OR gas") == IdSet{"oil", "gas"});
    }

    TEST_CASE("groups with brackets")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                {"(ferry OR seals) AND harbour", {"ferry-fares", "ferry-strike", "seals"}},
                                {"(ferry OR seals) AND (boat OR volunteers)", {"ferry-strike", "seals"}},
                                {"ferry OR (seals AND boat)", {"ferry-fares", "ferry-strike"}},
                                {"((estuary))", {"boat-race", "barrage"}},
                            });
    }

    TEST_CASE("requires words marked + and excludes words marked -")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                {"+ferry boat", {"ferry-fares", "ferry-strike"}},
                                {"+ferry +boat", {"ferry-strike"}},
                                {"+harbour -ferry", {"boat-race", "seals"}},
                                {"harbour -ferry -seals", {"boat-race"}},
                            });
    }

    TEST_CASE("finds words near each other with NEAR and in order with ADJ")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                // ferry-strike: "ferry" ... 19 words ... "harbour", beyond the default 10.
                                {"ferry NEAR harbour", {"ferry-fares"}},
                                {"ferry NEAR/25 harbour", {"ferry-fares", "ferry-strike"}},
                                {"harbour ADJ ferry", {"ferry-fares"}},
                                {"ferry ADJ harbour", {}},
                                {"ferry ADJ/25 harbour", {"ferry-strike"}},
                                {"crews NEAR boat", {"boat-race", "ferry-strike"}},
                                // NEAR/n: at most n positions apart ("crews raced a boat": 3).
                                {"crews NEAR/2 boat", {}},
                                {"crews NEAR/3 boat", {"boat-race"}},
                                {"crews NEAR/6 boat", {"boat-race", "ferry-strike"}},
                                {"boat ADJ/6 crews", {}},
                            });
        const SearchResponse zero = service.search(make_request("crews NEAR/0 boat"));
        CHECK(zero.note == "could not read the query as written (NEAR/ wants a number of words from 1 to 1000, as in "
                           "NEAR/5); showing results for the words: crews boat");
    }

    TEST_CASE("restricts words and phrases to a field with a prefix")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                {"title:ferry", {"ferry-fares"}},
                                {"title:crews", {"ferry-strike"}},
                                {"crews", {"boat-race", "ferry-strike"}},
                                {"author:okafor", {"ferry-fares"}},
                                {"author:\"ben marsh\"", {"boat-race"}},
                                {"place:\"port calder\"", {"ferry-fares", "ferry-strike"}},
                                {"place:saltmere", {"boat-race"}},
                                {"source:meridian", {"boat-race", "ferry-strike"}},
                                {"section:sport", {"boat-race"}},
                                {"tag:fishing", {"barrage"}},
                                {"harbour AND section:business", {"ferry-strike"}},
                                {"TITLE:crews OR tag:rowing", {"ferry-strike", "boat-race"}},
                            });
    }

    TEST_CASE("expands a trailing * to the words it starts, at most the 200 most frequent")
    {
        std::vector<Article> archive = make_archive();
        // 205 invented words "zq000".."zq204", one article each; the last six alphabetically are
        // also in one more article, so they are the most frequent and never cut.
        for (int i = 0; i < 205; ++i) {
            const std::string number = std::to_string(1000 + i).substr(1);
            archive.push_back(make_article("zq-" + number, "Code list", "zq" + number));
            if (i >= 199) {
                archive.back().section = "Frequent";
            }
        }
        archive.push_back(make_article("zq-frequent", "Codes", "zq199 zq200 zq201 zq202 zq203 zq204"));
        SearchService service(in_memory_db(archive));
        check_rows(service, {
                                {"barr*", {"barrage"}},
                                {"rac*", {"boat-race"}},
                                {"title:barr*", {"barrage"}},
                                {"ferr* -title:ferr*", {"ferry-strike"}},
                            });
        const SearchResponse many = service.search(make_request("zq*"));
        CHECK(many.total == 201); // the articles of 200 words, one of them holding six
        CHECK(service.search(make_request("ZQ*")).total == 201);
        SearchRequest frequent = make_request("zq*");
        frequent.filters.sections = {"Frequent"};
        CHECK(search_ids(service, frequent) ==
              IdSet{"zq-199", "zq-200", "zq-201", "zq-202", "zq-203", "zq-204"});
        CHECK(search_ids(service, "zq00*") == IdSet{"zq-000", "zq-001", "zq-002", "zq-003", "zq-004", "zq-005",
                                                  "zq-006", "zq-007", "zq-008", "zq-009"});
    }

    TEST_CASE("keeps articles dated within a date: range in the query")
    {
        SearchService service(in_memory_db(make_archive()));
        check_rows(service, {
                                {"date:2021-12-01..2021-12-31", {"ferry-fares"}},
                                {"harbour date:2021-11-20..2022-01-10", {"ferry-fares", "boat-race", "ferry-strike"}},
                                {"harbour date:2021-11-21..2022-01-09", {"ferry-fares"}},
                                {"date:2021-12-01..", {"ferry-fares", "ferry-strike"}},
                                {"date:..2021", {"ferry-fares", "boat-race", "barrage"}},
                                {"date:2021", {"ferry-fares", "boat-race"}},
                                {"date:2021-11", {"boat-race"}},
                                {"date:2020..2021-11", {"boat-race", "barrage"}},
                                {"harbour -date:2021", {"ferry-strike", "seals"}},
                            });
    }

    TEST_CASE("answers a reversed or malformed date range for its words with a note")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse reversed = service.search(make_request("seals date:2021-12-31..2021-12-01"));
        CHECK(reversed.note == "could not read the query as written (\"date:2021-12-31..2021-12-01\" ends before it "
                               "starts); showing results for the words: seals");
        IdSet ids;
        for (const dateline::SearchHit& hit : reversed.hits) {
            ids.insert(hit.id);
        }
        CHECK(ids == IdSet{"seals"});
        const SearchResponse upper = service.search(make_request("SEALS DATE:2021-12-31..2021-12-01"));
        CHECK_FALSE(upper.note.empty());
        CHECK(search_ids(service, "seals date:2021-13") == IdSet{"seals"});
        CHECK_FALSE(service.search(make_request("seals date:2021-13")).note.empty());
    }

    TEST_CASE("combines from= and to= with a query")
    {
        SearchService service(in_memory_db(make_archive()));
        SearchRequest request = make_request("harbour");
        request.filters.from = "2021-12-01";
        CHECK(search_ids(service, request) == IdSet{"ferry-fares", "ferry-strike"});
        request.filters.to = "2021-12-31";
        CHECK(search_ids(service, request) == IdSet{"ferry-fares"});
        request.query = "HARBOUR";
        CHECK(search_ids(service, request) == IdSet{"ferry-fares"});
        request.query = "harbour OR estuary";
        request.filters.from = "";
        CHECK(search_ids(service, request) == IdSet{"ferry-fares", "boat-race", "barrage"});
        request.query = "harbour date:2021";
        request.filters.to = "2021-11-30";
        CHECK(search_ids(service, request) == IdSet{"boat-race"});
    }

    TEST_CASE("finds Muller with or without its umlaut, and any accented word without accents")
    {
        SearchService service(
            in_memory_db({make_article("accented", "M\xC3\xBCller wins the mayoral vote", "Counted."),
                          make_article("plain", "Muller opens a bakery", "Bread."),
                          make_article("cafe", "Caf\xC3\xA9 closes", "Coffee."),
                          make_article("other", "Miller retires", "Flour.")}));
        check_rows(service, {
                                {"M\xC3\xBCller", {"accented", "plain"}},
                                {"muller", {"accented", "plain"}},
                                {"\"muller\"", {"accented", "plain"}},
                                {"title:m\xC3\xBCller", {"accented", "plain"}},
                                {"cafe", {"cafe"}},
                                {"caf\xC3\xA9", {"cafe"}},
                            });
        CHECK(search_ids(service, "M\xC3\x9CLLER") == IdSet{"accented", "plain"});
    }

    TEST_CASE("finds a dotted abbreviation written without dots and the other way round")
    {
        SearchService service(
            in_memory_db({make_article("dotted", "U.S. tariffs on steel", "Imports fall."),
                          make_article("plain", "US tariffs on aluminium", "Imports rise."),
                          make_article("pronoun", "Tell us your news", "Readers write.")}));
        const IdSet us_stories = search_ids(service, "U.S.");
        CHECK(us_stories.count("dotted") == 1);
        CHECK(us_stories.count("plain") == 1);
        CHECK(search_ids(service, "US") == us_stories);
        CHECK(search_ids(service, "u.s.") == us_stories);
        // Case does not matter either, so "us" the word is found too.
        CHECK(us_stories == IdSet{"dotted", "plain", "pronoun"});
        CHECK(search_ids(service, "\"U.S. tariffs\"") == IdSet{"dotted", "plain"});
        CHECK(search_ids(service, "+U.S. +steel") == IdSet{"dotted"});
        CHECK(search_ids(service, "+US +steel") == IdSet{"dotted"});
    }

    TEST_CASE("finds the built-in synonyms of a word, but a quoted word only as written")
    {
        SearchService service(
            in_memory_db({make_article("kyiv", "Talks held in Kyiv", "Delegates met."),
                          make_article("kiev", "Night train to Kiev", "Passengers slept."),
                          make_article("zelenskiy", "Zelenskiy addresses parliament", "A speech."),
                          make_article("zelensky", "Zelensky visits troops", "A visit."),
                          make_article("other", "Talks in Oslo", "Delegates left.")}));
        check_rows(service, {
                                {"kyiv", {"kyiv", "kiev"}},
                                {"kiev", {"kyiv", "kiev"}},
                                {"zelensky", {"zelenskiy", "zelensky"}},
                                {"zelenskyy", {"zelenskiy", "zelensky"}},
                                {"\"kiev\"", {"kiev"}},
                                {"\"zelenskiy\"", {"zelenskiy"}},
                                {"+kiev +talks", {"kyiv"}},
                            });
    }

    TEST_CASE("uses a custom synonym table in place of the built-in one")
    {
        const Xapian::WritableDatabase db =
            in_memory_db({make_article("kyiv", "Talks held in Kyiv", "Delegates met."),
                          make_article("kiev", "Night train to Kiev", "Passengers slept."),
                          make_article("lorry", "Lorry sheds its load", "Traffic stopped."),
                          make_article("truck", "Truck drivers protest", "Horns sounded.")});
        SearchSettings settings;
        settings.synonyms = SynonymTable::parse("# test\nlorry, truck\n", "test synonyms");
        SearchService service(db, settings);
        check_rows(service, {
                                {"lorry", {"lorry", "truck"}},
                                {"truck", {"lorry", "truck"}},
                                {"\"truck\"", {"truck"}},
                                {"kiev", {"kiev"}}, // the built-in list is replaced
                            });
    }

    TEST_CASE("matches a phrase whose words are written as possessives, in NEAR and ADJ too")
    {
        // The indexer keeps "bank's" as one word (a curly apostrophe folds to a straight one).
        CHECK(dateline::schema::split_into_words("The central bank's rate") ==
              Strings{"the", "central", "bank's", "rate"});
        CHECK(dateline::schema::split_into_words("The central bank\u2019s rate") ==
              Strings{"the", "central", "bank's", "rate"});
        SearchService service(in_memory_db({
            make_article("straight", "Rates", "The central bank's rate rose."),
            make_article("curly", "Rates", "The central bank\u2019s rate rose."),
            make_article("plain", "Rates", "The central bank met on Monday."),
            make_article("river", "Rivers", "A central river bank's edge gave way."),
            make_article("owner", "Owners", "The bank's central rate fell."),
        }));
        check_rows(service, {
                                {"\"central bank\"", {"straight", "curly", "plain"}},
                                {"\"central bank rate\"", {"straight", "curly"}},
                                {"\"the central bank's rate\"", {"straight", "curly"}},
                                {"\"bank's rate\"", {"straight", "curly"}},
                                {"\"bank central\"", {"owner"}},
                                // One quoted word matches only as written.
                                {"\"bank\"", {"plain"}},
                                {"central ADJ/1 bank", {"straight", "curly", "plain"}},
                                {"bank ADJ/1 rate", {"straight", "curly"}},
                                {"rate NEAR/1 bank", {"straight", "curly"}},
                            });
    }

    TEST_CASE("searches tokens with symbols and numbers as typed")
    {
        SearchService service(
            in_memory_db({make_article("sp500", "S&P 500 closes higher", "Shares rose."),
                          make_article("sp-party", "SP party rally", "Flags waved."),
                          make_article("covid", "COVID-19 ward reopens", "Beds freed."),
                          make_article("covid19", "Covid19 cases fall", "Fewer beds."),
                          make_article("memorial", "9/11 memorial visited", "Wreaths laid."),
                          make_article("number", "The 911 call", "Operators answered."),
                          make_article("loan", "Council borrows $1.2bn", "Interest due."),
                          make_article("five-hundred", "500 runners finish", "Medals given.")}));
        check_rows(service, {
                                {"\"S&P 500\"", {"sp500"}},
                                {"covid-19", {"covid", "covid19"}},
                                {"covid19", {"covid", "covid19"}},
                                {"\"9/11\"", {"memorial"}},
                                {"9/11", {"memorial"}},
                                {"\"$1.2bn\"", {"loan"}},
                            });
        CHECK(search_ids(service, "S&P 500").count("sp500") == 1);
        CHECK(search_ids(service, "S&P 500").count("sp-party") == 0);
    }

    TEST_CASE("stems each article in its own language and each query word in every language")
    {
        Article german = make_article("de", "Die Kinder der Stadt spielen", "Im Park spielen viele Kinder.");
        german.language = "de";
        Article french = make_article("fr", "Les enfants mangeaient au parc", "Ils mangeaient des pommes.");
        french.language = "fr";
        Article english = make_article("en", "Children played in the park", "They were playing all day.");
        SearchService service(in_memory_db({german, french, english}));
        check_rows(service, {
                                {"Kindern", {"de"}},
                                {"kind", {"de"}},
                                {"manger", {"fr"}},
                                {"mangeait", {"fr"}},
                                {"play", {"en"}},
                            });
    }

    TEST_CASE("reads every feature the same in capitals as in lower case")
    {
        SearchService service(in_memory_db(make_archive()));
        const Strings queries = {"ferry",
                                 "\"harbour ferry\"",
                                 "ferry AND boat",
                                 "+ferry -boat",
                                 "(ferry OR seals) AND harbour",
                                 "ferry NEAR/3 harbour",
                                 "harbour ADJ ferry",
                                 "title:ferry",
                                 "author:okafor",
                                 "place:\"port calder\"",
                                 "source:meridian",
                                 "section:sport",
                                 "tag:fishing",
                                 "barr*",
                                 "harbour date:2021"};
        for (const std::string& query : queries) {
            CAPTURE(query);
            const IdSet lower = search_ids(service, query);
            CHECK_FALSE(lower.empty());
            CHECK(search_ids(service, to_ascii_upper(query)) == lower);
        }
    }
}
