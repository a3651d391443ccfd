// Unit tests of wildcard expansion within the search deadline (issue 15, point 6): the most
// frequent words a wildcard stands for, and a walk over very many words cut at the deadline
// with the answer marked partial.
#include "common/search/search_service.h"
#include "common/search/wildcard_expansion.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;

namespace {

Xapian::Document document_with(const Strings& terms)
{
    Xapian::Document doc;
    for (const std::string& term : terms) {
        doc.add_term(term);
    }
    return doc;
}

Strings query_terms(const Xapian::Query& query)
{
    return {query.get_unique_terms_begin(), query.get_unique_terms_end()};
}

dateline::Article fowl_article()
{
    dateline::Article article;
    article.id = "wildfowl";
    article.title = "Wildfowl count on the marsh";
    article.body = {"Volunteers counted wildfowl on the marsh at dawn."};
    return article;
}

} // namespace

TEST_SUITE("wildcard expansion")
{
    TEST_CASE("keeps the most frequent words starting with the prefix, the first in term order on a tie")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        db.add_document(document_with({"barrage", "barrel", "barrier", "barn"}));
        db.add_document(document_with({"barrage", "barrel"}));
        db.add_document(document_with({"barrage", "barrow"}));
        const dateline::WildcardExpansion two = dateline::expand_wildcard(db, "barr", 2, Clock::now() + 10s);
        CHECK(query_terms(two.query) == Strings{"barrage", "barrel"});
        CHECK(two.walked == 4);
        CHECK_FALSE(two.cut_short);
        // barrier and barrow are found once each: barrier comes first.
        CHECK(query_terms(dateline::expand_wildcard(db, "barr", 3, Clock::now() + 10s).query) ==
              Strings{"barrage", "barrel", "barrier"});
        CHECK(query_terms(dateline::expand_wildcard(db, "barri", 5, Clock::now() + 10s).query) == Strings{"barrier"});
        const dateline::WildcardExpansion none = dateline::expand_wildcard(db, "zz", 5, Clock::now() + 10s);
        CHECK(query_terms(none.query).empty());
        CHECK_FALSE(none.cut_short);
    }

    TEST_CASE("stops at the deadline and says so")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        db.add_document(document_with({"barrage", "barrel"}));
        const dateline::WildcardExpansion late = dateline::expand_wildcard(db, "barr", 5, Clock::now() - 1ms);
        CHECK(late.cut_short);
        CHECK(late.walked == 0);
        CHECK(query_terms(late.query).empty());
    }

    TEST_CASE("a wildcard standing for very many words is answered within the deadline, marked partial")
    {
        Xapian::WritableDatabase db = dateline::testing::in_memory_db({fowl_article()});
        // Half a million words starting "wq", a thousand to a document.
        Strings many;
        for (int i = 0; i < 500000; ++i) {
            many.push_back("wq" + std::to_string(i));
            if (many.size() % 1000 == 0) {
                db.add_document(document_with(Strings(many.end() - 1000, many.end())));
            }
        }
        // What any expansion of "wq*" that looks at every word costs at least: one walk over them.
        auto start = Clock::now();
        Xapian::doccount seen = 0;
        for (auto it = db.allterms_begin("wq"); it != db.allterms_end("wq"); ++it) {
            seen += it.get_termfreq();
        }
        const auto walk = Clock::now() - start;
        REQUIRE(seen == many.size());
        start = Clock::now();
        const dateline::WildcardExpansion alone = dateline::expand_wildcard(db, "wq", 200, start + 1ms);
        const double alone_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        CAPTURE(alone_ms);
        CHECK(alone.cut_short);

        dateline::SearchSettings settings;
        settings.deadline = 1ms;
        settings.cache_entries = 0;
        dateline::SearchService service(db, settings);
        dateline::SearchRequest request;
        request.query = "wq*";
        request.facets = false;
        start = Clock::now();
        const dateline::SearchResponse response = service.search(request);
        const auto took = Clock::now() - start;
        const double walk_ms = std::chrono::duration<double, std::milli>(walk).count();
        const double took_ms = std::chrono::duration<double, std::milli>(took).count();
        CAPTURE(walk_ms);
        CAPTURE(took_ms);
        CHECK(response.partial);
        CHECK_FALSE(response.total_exact());
        CHECK(took < walk / 4);

        // In time, the same archive answers a wildcard whole.
        dateline::SearchRequest fowl;
        fowl.query = "wildf*";
        const dateline::SearchResponse whole = dateline::SearchService(db).search(fowl);
        CHECK_FALSE(whole.partial);
        REQUIRE(whole.hits.size() == 1);
        CHECK(whole.hits[0].id == "wildfowl");
        MESSAGE("walk " << walk_ms << " ms, search " << took_ms << " ms, expansion alone " << alone_ms << " ms");
    }
}
