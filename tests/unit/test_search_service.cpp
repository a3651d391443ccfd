// Unit tests of common/search/search_service.h over small databases that ArticleIndexer writes in
// memory: ranking, phrases, exclusion, the default operator, paging, the note for broken syntax,
// stored articles and snippets; and, in a temporary directory, what needs a database on disk:
// live reopening after a commit, threads, refused databases, revisions and statistics.
#include "common/search/search_service.h"

#include "common/errors.h"
#include "common/index/schema.h"
#include "common/web/api_json.h"
#include "common/web/page_layout.h"
#include "common/web/search_view.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

using dateline::Article;
using dateline::DefaultOperator;
using dateline::Error;
using dateline::SearchRequest;
using dateline::SearchResponse;
using dateline::SearchService;
using dateline::testing::in_memory_db;
using dateline::testing::index_articles;
using dateline::testing::indexed_db;
using dateline::testing::TempDir;
using dateline::testing::catch_error_code;
using Strings = std::vector<std::string>;

namespace {

Article make_article(const std::string& id, const std::string& title, Strings body)
{
    Article article;
    article.id = id;
    article.title = title;
    article.body = std::move(body);
    article.section = "News";
    article.source = "Gull Gazette";
    article.date = "2023-05-01";
    return article;
}

// Invented articles: words shared on purpose ("war", "cold", "central", "bank", "harbour").
std::vector<Article> make_archive()
{
    return {
        make_article("harbour-title", "Harbour dredging begins",
                     {"Dredgers arrived on Monday to deepen the channel by the harbour wall."}),
        make_article("harbour-body", "Ferry timetable changes",
                     {"The ferry will leave the harbour earlier, and return to the harbour later, from May."}),
        make_article("cold-war", "Museum opens cold war exhibition",
                     {"The museum opened an exhibition on the cold war with maps and radio sets."}),
        make_article("price-war", "Supermarkets start a price war",
                     {"A price war broke out during a cold snap as shoppers bought soup.",
                      "The war on prices may last until spring."}),
        make_article("central-bank", "Central bank holds interest rates",
                     {"The central bank kept its main rate unchanged on Thursday, citing slower inflation."}),
        make_article("river-bank", "Flood defences along the river",
                     {"Workers strengthened the bank of the river near the central square."}),
        make_article("pws/2022/07/solar-farm", "Solar farm approved on the old airfield",
                     {"Planners approved a solar farm on the disused airfield <after> a two-year inquiry & a vote."}),
    };
}

SearchRequest make_request(const std::string& query, int page = 1, int size = 10)
{
    SearchRequest request;
    request.query = query;
    request.page = page;
    request.size = size;
    return request;
}

Strings list_hit_ids(const SearchResponse& response)
{
    Strings ids;
    for (const dateline::SearchHit& hit : response.hits) {
        ids.push_back(hit.id);
    }
    return ids;
}

std::set<std::string> collect_hit_ids(const SearchResponse& response)
{
    const Strings ids = list_hit_ids(response);
    return {ids.begin(), ids.end()};
}

using IdSet = std::set<std::string>;

} // namespace

TEST_SUITE("SearchService")
{
    TEST_CASE("ranks the article with the query word in its title first")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse response = service.search(make_request("harbour"));
        REQUIRE(response.hits.size() == 2);
        CHECK(list_hit_ids(response) == Strings{"harbour-title", "harbour-body"});
        CHECK(response.hits[0].score > response.hits[1].score);
        CHECK(response.total == 2);
        CHECK(response.note.empty());
    }

    TEST_CASE("returns only articles with the exact phrase")
    {
        SearchService service(in_memory_db(make_archive()));
        CHECK(collect_hit_ids(service.search(make_request("cold war"))) == IdSet{"cold-war", "price-war"});
        CHECK(list_hit_ids(service.search(make_request("\"cold war\""))) == Strings{"cold-war"});
        CHECK(list_hit_ids(service.search(make_request("\"war cold\""))).empty());
    }

    TEST_CASE("excludes articles with a NOT or minus word")
    {
        SearchService service(in_memory_db(make_archive()));
        CHECK(collect_hit_ids(service.search(make_request("war"))) == IdSet{"cold-war", "price-war"});
        CHECK(list_hit_ids(service.search(make_request("war NOT price"))) == Strings{"cold-war"});
        CHECK(list_hit_ids(service.search(make_request("war -price"))) == Strings{"cold-war"});
        CHECK(list_hit_ids(service.search(make_request("war AND NOT museum"))) == Strings{"price-war"});
    }

    TEST_CASE("requires every word with op and but not by default")
    {
        SearchService service(in_memory_db(make_archive()));
        SearchRequest request = make_request("cold soup");
        CHECK(collect_hit_ids(service.search(request)) == IdSet{"cold-war", "price-war"});
        request.op = DefaultOperator::op_and;
        CHECK(list_hit_ids(service.search(request)) == Strings{"price-war"});
        request.op = DefaultOperator::op_or;
        CHECK(collect_hit_ids(service.search(request)) == IdSet{"cold-war", "price-war"});
    }

    TEST_CASE("pages through the hits")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse first = service.search(make_request("war", 1, 1));
        const SearchResponse second = service.search(make_request("war", 2, 1));
        const SearchResponse third = service.search(make_request("war", 3, 1));
        REQUIRE(first.hits.size() == 1);
        REQUIRE(second.hits.size() == 1);
        CHECK(first.hits[0].id != second.hits[0].id);
        CHECK(third.hits.empty());
        CHECK(first.total == 2);
        CHECK(second.total == 2);
        CHECK(second.page == 2);
        CHECK(second.size == 1);
        CHECK(first.total_exact());
    }

    TEST_CASE("reports a total that is exact, a labelled lower bound or an estimate within 10%, never less unlabelled")
    {
        // Words that go together in the archive: Xapian estimates "oil AND gas" as if they did not.
        std::vector<Article> articles;
        std::size_t both = 0;
        for (int i = 0; i < 3000; ++i) {
            const bool energy = i % 2 == 0;
            both += energy ? 1 : 0;
            articles.push_back(make_article("a" + std::to_string(i), "Report " + std::to_string(i),
                                            {energy ? "Oil and gas prices moved." : "Tides and seals were counted."}));
        }
        for (int i = 0; i < 1500; ++i) {
            articles.push_back(make_article("o" + std::to_string(i), "Oil note " + std::to_string(i), {"Oil only."}));
            articles.push_back(make_article("g" + std::to_string(i), "Gas note " + std::to_string(i), {"Gas only."}));
        }
        SearchService service(in_memory_db(articles));
        for (const std::string query : {"oil AND gas", "oil", "tides", "seals AND tides", "note"}) {
            CAPTURE(query);
            SearchRequest request = make_request(query);
            request.facets = false;
            const SearchResponse response = service.search(request);
            const std::size_t matching = query == "oil AND gas" ? both
                                         : query == "oil"        ? both + 1500
                                         : query == "note"       ? 3000
                                                                 : 3000 - both;
            const nlohmann::json total = dateline::search_response_to_json(response)["total"];
            CAPTURE(total.dump());
            const std::string relation = total.value("relation", "");
            const auto value = total["value"].get<std::size_t>();
            CHECK((relation == "eq" || relation == "gte" || relation == "about"));
            CHECK(total["exact"].get<bool>() == (relation == "eq"));
            if (relation == "eq") {
                CHECK(value == matching);
            } else if (relation == "gte") {
                CHECK(value <= matching);
            } else {
                CHECK(std::abs(static_cast<double>(value) - static_cast<double>(matching)) <= 0.1 * matching);
            }
            const std::string summary = dateline::render_search_view(dateline::PageQuery{}, response);
            if (relation == "gte") {
                CHECK(summary.find("at least " + dateline::format_count(value)) != std::string::npos);
            }
        }
    }

    TEST_CASE("lists every article for an empty query")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse response = service.search(make_request("", 1, 100));
        CHECK(response.hits.size() == make_archive().size());
        CHECK(response.total == make_archive().size());
    }

    TEST_CASE("answers a query with an unbalanced quote for its words with a note")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse response = service.search(make_request("\"cold war"));
        CHECK(collect_hit_ids(response) == IdSet{"cold-war", "price-war"});
        CHECK(response.note == "could not read the query as written (unbalanced quotation marks); showing results "
                               "for the words: cold war");
        CHECK(response.query == "\"cold war");

        const SearchResponse doubled = service.search(make_request("cold AND OR war"));
        CHECK(collect_hit_ids(doubled) == IdSet{"cold-war", "price-war"});
        CHECK(doubled.note == "could not read the query as written (AND needs a word on each side); showing results "
                              "for the words: cold war");

        const SearchResponse misplaced = service.search(make_request("(cold AND) war"));
        CHECK(collect_hit_ids(misplaced) == IdSet{"cold-war", "price-war"});
        CHECK(misplaced.note == "could not read the query as written (AND needs a word on each side); "
                                "showing results for the words: cold war");
    }

    TEST_CASE("finds a hyphenated query word written as one word, but not S&P as sp")
    {
        const Xapian::WritableDatabase db =
            in_memory_db({make_article("email", "Council replies by email", {"Residents wrote in."}),
                          make_article("mail", "Post office keeps its mail round", {"Letters still come."}),
                          make_article("sp", "SP rally", {"A rally of the SP party."})});
        SearchService service(db);
        CHECK(collect_hit_ids(service.search(make_request("e-mail"))) == IdSet{"email", "mail"});
        CHECK(list_hit_ids(service.search(make_request("e-mail"))).front() == "email");
        CHECK(list_hit_ids(service.search(make_request("S&P"))).empty());

        dateline::SearchSettings apart;
        apart.ranking.join_typed_words = false;
        SearchService split(db, apart);
        CHECK(collect_hit_ids(split.search(make_request("e-mail"))) == IdSet{"mail"});
    }

    TEST_CASE("finds letters and a number, and a Greek letter and its name, written either way")
    {
        SearchService service(
            in_memory_db({make_article("apart", "IL-10 levels rise", {"Cytokines were measured."}),
                          make_article("together", "IL10 levels fall", {"Cytokines were measured."}),
                          make_article("number", "The 911 call", {"An emergency call."}),
                          make_article("mir-apart", "miR-7a in the testis", {"Small RNAs."}),
                          make_article("mir-together", "miR7a in the testis", {"Small RNAs."}),
                          make_article("symbol", "TGF-\xCE\xB2 signalling", {"In mice."}),
                          make_article("name", "TGF-beta signalling", {"In rats."}),
                          make_article("variant", "The \xCE\x94 variant spreads", {"Cases rise."})}));
        const std::vector<std::pair<std::string, IdSet>> rows = {
            {"IL10", {"apart", "together"}},
            {"il-10", {"apart", "together"}},
            {"9/11", {}}, // never read as 911
            {"miR7a", {"mir-apart", "mir-together"}},
            {"MIR-7A", {"mir-apart", "mir-together"}},
            {"\"TGF-beta\"", {"symbol", "name"}},
            {"\"TGF-\xCE\xB2\"", {"symbol", "name"}},
            {"\"delta variant\"", {"variant"}},
        };
        for (const auto& [query, expected] : rows) {
            CAPTURE(query);
            CHECK(collect_hit_ids(service.search(make_request(query))) == expected);
        }
    }

    TEST_CASE("leaves function words out of free words unless nothing else is left")
    {
        SearchService service(
            in_memory_db({make_article("harbour", "Harbour dredging begins", {"Boats wait."}),
                          make_article("can", "Recycling the drinks can", {"Every can counts."}),
                          make_article("browser", "IE browser retired", {"Users move on."}),
                          make_article("eg", "EG group buys garages", {"Forecourts sold."})}));
        const std::vector<std::pair<std::string, IdSet>> rows = {
            {"how can the harbour be dredged", {"harbour"}},
            {"harbour, e.g. dredging, i.e. boats etc.", {"harbour"}},
            {"IE harbour", {"browser", "harbour"}}, // without dots, IE may be a name
            {"E.G. harbour", {"harbour"}},
            {"can", {"can"}}, // nothing else left: kept
            {"+can harbour", {"can"}},
        };
        for (const auto& [query, expected] : rows) {
            CAPTURE(query);
            CHECK(collect_hit_ids(service.search(make_request(query))) == expected);
        }
    }

    TEST_CASE("ranks query words near each other in either order above scattered ones")
    {
        // The same words in two orders: only the distance between "budget" and "harbour" differs.
        const Strings filler = {"The", "council", "met", "on", "Monday", "and", "talked", "for", "hours", "about",
                                "many", "things", "before", "the", "vote", "was", "taken", "late", "at", "night"};
        std::string scattered = "Harbour";
        std::string close;
        for (std::size_t i = 0; i < filler.size(); ++i) {
            scattered += " " + filler[i];
            close += (i == 0 ? "" : " ") + filler[i];
            if (i == 9) {
                close += " budget";
            } else if (i == 12) {
                close += " harbour"; // four words after "budget": in the wider window, not the phrase one
            }
        }
        scattered += " budget";
        const Xapian::WritableDatabase db =
            in_memory_db({make_article("scattered", "Council news", {scattered}),
                          make_article("close", "Council news", {close})});
        SearchService service(db);
        const SearchResponse response = service.search(make_request("harbour budget"));
        CHECK(list_hit_ids(response) == Strings{"close", "scattered"});
        REQUIRE(response.hits.size() == 2);
        CHECK(response.hits[0].score > response.hits[1].score);

        dateline::SearchSettings ordered_only;
        ordered_only.ranking.proximity_near_window = 0;
        SearchService without(db, ordered_only);
        const SearchResponse plain = without.search(make_request("harbour budget"));
        REQUIRE(plain.hits.size() == 2);
        CHECK(plain.hits[0].score == doctest::Approx(plain.hits[1].score));
    }

    TEST_CASE("folds an upper-case query to the same hits as a lower-case one")
    {
        SearchService service(in_memory_db(make_archive()));
        const Strings lower = list_hit_ids(service.search(make_request("central bank")));
        CHECK(lower.size() == 2);
        CHECK(list_hit_ids(service.search(make_request("CENTRAL BANK"))) == lower);
        CHECK(list_hit_ids(service.search(make_request("Central Bank"))) == lower);
        CHECK(list_hit_ids(service.search(make_request("\"CENTRAL BANK\""))) == Strings{"central-bank"});
    }

    TEST_CASE("marks query words in the snippet and escapes the body's HTML")
    {
        SearchService service(in_memory_db(make_archive()));
        const SearchResponse response = service.search(make_request("airfield inquiry"));
        REQUIRE(response.hits.size() == 1);
        const std::string& snippet = response.hits[0].snippet;
        CAPTURE(snippet);
        CHECK(snippet.find("<mark>airfield</mark>") != std::string::npos);
        CHECK(snippet.find("<mark>inquiry</mark>") != std::string::npos);
        CHECK(snippet.find("&lt;after&gt;") != std::string::npos);
        CHECK(snippet.find("&amp;") != std::string::npos);
        CHECK(snippet.find("<after>") == std::string::npos);
    }

    TEST_CASE("fills each hit from the stored article")
    {
        Article article = make_article("full", "Tide tables for the summer", {"High water at noon."});
        article.url = "https://example.test/tides";
        article.dateline = "Port Calder";
        SearchService service(in_memory_db({article}));
        const SearchResponse response = service.search(make_request("tide"));
        REQUIRE(response.hits.size() == 1);
        const dateline::SearchHit& hit = response.hits[0];
        CHECK(hit.id == "full");
        CHECK(hit.title == "Tide tables for the summer");
        CHECK(hit.url == "https://example.test/tides");
        CHECK(hit.date == "2023-05-01");
        CHECK(hit.source == "Gull Gazette");
        CHECK(hit.section == "News");
        CHECK(hit.dateline == "Port Calder");
        CHECK(hit.score > 0);
    }

    TEST_CASE("returns every field of a stored article by id")
    {
        Article article =
            make_article("full-article", "Tide tables for the summer", {"High water at noon.", "Low at six."});
        article.url = "https://example.test/tides";
        article.subtitle = "Print them out";
        article.authors = {"Ana Lind", "Bo Park"};
        article.dateline = "Port Calder";
        article.tags = {"tides", "summer"};
        SearchService service(in_memory_db({article}));
        CHECK(service.get_article("full-article") == article);
    }

    TEST_CASE("reports an unknown article id as not found")
    {
        SearchService service(in_memory_db(make_archive()));
        CHECK_THROWS_WITH_AS(service.get_article("no-such-id"), "no article with id \"no-such-id\"", Error);
        CHECK(catch_error_code([&] { service.get_article("no-such-id"); }) == "not_found");
        CHECK(catch_error_code([&] { service.get_article(""); }) == "not_found");
    }

    TEST_CASE("finds an article whose id contains slashes")
    {
        SearchService service(in_memory_db(make_archive()));
        CHECK(service.get_article("pws/2022/07/solar-farm").title == "Solar farm approved on the old airfield");
        CHECK(list_hit_ids(service.search(make_request("solar"))) == Strings{"pws/2022/07/solar-farm"});
        CHECK_THROWS_AS(service.get_article("pws/2022/07"), Error);
    }

    TEST_CASE("sees articles committed after it was opened without a restart")
    {
        TempDir dir;
        SearchService service(indexed_db(dir, make_archive()));
        CHECK(service.search(make_request("lighthouse")).hits.empty());
        CHECK(service.document_count() == make_archive().size());

        index_articles(dir.sub("db"), {make_article("lighthouse", "Lighthouse keeper retires", {"Forty years."})});
        CHECK(list_hit_ids(service.search(make_request("lighthouse"))) == Strings{"lighthouse"});
        CHECK(service.get_article("lighthouse").title == "Lighthouse keeper retires");
        CHECK(service.document_count() == make_archive().size() + 1);
    }

    TEST_CASE("sees a replaced article's new text after a commit")
    {
        TempDir dir;
        SearchService service(indexed_db(dir, make_archive()));
        CHECK(list_hit_ids(service.search(make_request("dredging"))) == Strings{"harbour-title"});
        index_articles(dir.sub("db"), {make_article("harbour-title", "Harbour works postponed", {"No dredgers."})});
        CHECK(service.search(make_request("dredging")).hits.empty());
        CHECK(list_hit_ids(service.search(make_request("postponed"))) == Strings{"harbour-title"});
        CHECK(service.document_count() == make_archive().size());
    }

    TEST_CASE("searches a database given open, and sees what is indexed into it later")
    {
        const Xapian::WritableDatabase db = in_memory_db(make_archive());
        SearchService service(db);
        CHECK(service.search(make_request("lighthouse")).hits.empty());
        index_articles(db, {make_article("lighthouse", "Lighthouse keeper retires", {"Forty years."})});
        CHECK(list_hit_ids(service.search(make_request("lighthouse"))) == Strings{"lighthouse"});
        CHECK(service.database_info().documents == make_archive().size() + 1);
        CHECK(service.database_info().revision == 0); // the InMemory backend keeps no revisions
        CHECK(service.counters().cache_hits == 0);    // so nothing tells cached answers apart
    }

    TEST_CASE("refuses a database given open that is not of this schema version")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        CHECK(catch_error_code([&] { SearchService service(db); }) == "unavailable");
        db.set_metadata("dateline.schema_version", "999");
        CHECK_THROWS_WITH_AS(SearchService{db},
                             ("the open database was built with schema version 999 but this program uses version " +
                              std::to_string(dateline::schema::k_schema_version) +
                              "; it was written by a newer Dateline: use that version (or rebuild the archive into a "
                              "new --db directory)")
                                 .c_str(),
                             Error);
    }

    TEST_CASE("answers searches from several threads at once")
    {
        TempDir dir;
        SearchService service(indexed_db(dir, make_archive()));
        const Strings expected = list_hit_ids(service.search(make_request("war")));
        REQUIRE(expected.size() == 2);
        // Assertions stay on this thread; the workers only count wrong answers.
        std::atomic<int> wrong{0};
        std::atomic<int> failed{0};
        std::vector<std::thread> workers;
        for (int t = 0; t < 4; ++t) {
            workers.emplace_back([&] {
                for (int i = 0; i < 25; ++i) {
                    try {
                        if (list_hit_ids(service.search(make_request("war"))) != expected ||
                            service.get_article("cold-war").id != "cold-war") {
                            ++wrong;
                        }
                    } catch (...) {
                        ++failed;
                    }
                }
            });
        }
        for (std::thread& worker : workers) {
            worker.join();
        }
        CHECK(wrong == 0);
        CHECK(failed == 0);
    }

    TEST_CASE("refuses a missing database and says how to build one")
    {
        TempDir dir;
        const std::string missing = dir.sub("missing");
        const std::string message =
            "no database at " + missing + "; build one with: dateline-indexer --db " + missing + " PATH...";
        CHECK_THROWS_WITH_AS(SearchService{missing}, message.c_str(), Error);
        CHECK(catch_error_code([&] { SearchService service(missing); }) == "unavailable");
    }

    TEST_CASE("refuses an empty directory as unavailable")
    {
        TempDir dir;
        CHECK(catch_error_code([&] { SearchService service(dir.path().string()); }) == "unavailable");
    }

    TEST_CASE("refuses a Xapian database that Dateline did not write or of another schema version")
    {
        TempDir dir;
        const std::string foreign = dir.sub("foreign");
        {
            Xapian::WritableDatabase db(foreign, Xapian::DB_CREATE);
            db.add_document(Xapian::Document());
            db.commit();
        }
        const std::string foreign_message = foreign + " is not a Dateline database (no schema version); "
                                                      "build one with: dateline-indexer --db " + foreign + " PATH...";
        CHECK_THROWS_WITH_AS(SearchService{foreign}, foreign_message.c_str(), Error);

        const std::string future = dir.sub("future");
        {
            Xapian::WritableDatabase db(future, Xapian::DB_CREATE);
            db.set_metadata("dateline.schema_version", "999");
            db.commit();
        }
        const std::string future_message = future + " was built with schema version 999 but this program uses version " +
                                           std::to_string(dateline::schema::k_schema_version) +
                                           "; it was written by a newer Dateline: use that version (or rebuild the "
                                           "archive into a new --db directory)";
        CHECK_THROWS_WITH_AS(SearchService{future}, future_message.c_str(), Error);
        CHECK(catch_error_code([&] { SearchService service(future); }) == "unavailable");
    }

    TEST_CASE("finds an article by its original url, the newest when several share it")
    {
        std::vector<Article> articles = make_archive();
        articles[0].url = "https://gull.example/2023/05/harbour";
        articles[1].url = "https://gull.example/2023/05/ferry";
        articles[2].url = "https://gull.example/2023/05/ferry";
        SearchService service(in_memory_db(articles));
        CHECK(service.find_article_by_url("https://gull.example/2023/05/harbour").id == "harbour-title");
        CHECK(service.find_article_by_url("https://gull.example/2023/05/ferry").id == "cold-war");
        CHECK_THROWS_WITH_AS(service.find_article_by_url("https://gull.example/2023/05/harbou"),
                             "no article with url \"https://gull.example/2023/05/harbou\"", Error);
        CHECK(catch_error_code([&] { service.find_article_by_url("x"); }) == "not_found");
    }

    TEST_CASE("visits every article matching a query in the order they were added")
    {
        const std::vector<Article> articles = make_archive();
        SearchService service(in_memory_db(articles));
        Strings all;
        CHECK(service.for_each_article("", [&](const Article& article) { all.push_back(article.id); }) ==
              articles.size());
        Strings expected;
        for (const Article& article : articles) {
            expected.push_back(article.id);
        }
        CHECK(all == expected);

        std::vector<Article> wars;
        CHECK(service.for_each_article("war", [&](const Article& article) { wars.push_back(article); }) == 2);
        REQUIRE(wars.size() == 2);
        CHECK(wars[0] == articles[2]);
        CHECK(wars[1] == articles[3]);

        CHECK_THROWS_WITH_AS(service.for_each_article("\"cold war", [](const Article&) {}),
                             "cannot read the query \"\"cold war\": unbalanced quotation marks", Error);
    }

    TEST_CASE("reports documents, revision and reopens, and counts failed searches")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        index_articles(db_dir, make_archive());
        SearchService service(db_dir);
        const dateline::DatabaseInfo before = service.database_info();
        CHECK(before.documents == 7);
        CHECK(before.revision >= 1);
        CHECK(service.counters().reopens == 0);
        index_articles(db_dir, {make_article("late", "Late news", {"Something late."})});
        const dateline::DatabaseInfo after = service.database_info();
        CHECK(after.documents == 8);
        CHECK(after.revision > before.revision);
        CHECK(service.counters().reopens >= 1);
        CHECK(service.counters().failed_searches == 0);

        // The database disappears: the next search fails and is counted.
        std::filesystem::rename(db_dir, dir.sub("gone"));
        CHECK(catch_error_code([&] { service.search(make_request("harbour")); }) == "unavailable");
        CHECK(service.counters().failed_searches == 1);
    }

    TEST_CASE("picks up a database swapped into place even at the same revision")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const std::string other_dir = dir.sub("other");
        index_articles(db_dir, {make_article("first", "First edition", {"Printed first."})});
        index_articles(other_dir, {make_article("second", "Second edition", {"Printed second."})});
        SearchService service(db_dir);
        CHECK(list_hit_ids(service.search(make_request("edition"))) == Strings{"first"});
        std::filesystem::rename(db_dir, dir.sub("db.old"));
        std::filesystem::rename(other_dir, db_dir);
        CHECK(list_hit_ids(service.search(make_request("edition"))) == Strings{"second"});
    }

    TEST_CASE("computes the statistics of the newest revision")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        std::vector<Article> articles = make_archive();
        articles[0].date = "2021-02-03";
        articles[1].date.clear();
        articles[2].source = "Harbour Herald";
        articles[3].source.clear();
        index_articles(db_dir, articles);
        SearchService service(db_dir);
        const dateline::DatabaseStats stats = service.database_stats();
        CHECK(stats.documents == 7);
        CHECK(stats.schema_version == dateline::schema::k_schema_version);
        CHECK(stats.first_date == "2021-02-03");
        CHECK(stats.last_date == "2023-05-01");
        CHECK(stats.undated == 1);
        REQUIRE(stats.sources.size() == 2);
        CHECK(stats.sources[0].name == "Gull Gazette");
        CHECK(stats.sources[0].documents == 5);
        CHECK(stats.sources[1].name == "Harbour Herald");
        CHECK(stats.without_source == 1);
        CHECK(stats.size_bytes > 0);
        CHECK(stats.last_commit.size() == 20);
        CHECK(stats.revision >= 1);
    }
}
