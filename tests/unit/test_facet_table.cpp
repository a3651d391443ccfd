// The in-memory facet table: the values it holds are the documents' own, counting with it gives
// the counts that reading each document gives (over an in-memory database), and its cache follows
// the database's revisions (on disk: Xapian's InMemory backend has none).
#include "common/search/facet_counter.h"
#include "common/search/facet_table.h"
#include "common/index/schema.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using dateline::Article;
using dateline::FacetCounter;
using dateline::FacetTable;
using dateline::FacetTableCache;
using dateline::testing::TempDir;

namespace {

// Two stories, each sent out by the wire and copied word for word by two papers, and a story of
// one paper's own; one article without a date.
std::vector<Article> make_articles()
{
    const std::vector<std::string> sources = {"Wire", "Herald", "Courier"};
    std::vector<Article> articles;
    for (int story = 0; story < 2; ++story) {
        for (int copy = 0; copy < 3; ++copy) {
            Article article;
            article.id = "story" + std::to_string(story) + "-" + sources[copy];
            article.title = story == 0 ? "Harbour tolls rise for cargo ships" : "Rail line to reopen after floods";
            article.body = {story == 0 ? "The harbour board said tolls for cargo ships will rise by a tenth from "
                                         "the first of next month, after a year of dredging works and repairs."
                                       : "The coastal rail line closed by floods in the spring will reopen on "
                                         "Monday, the operator said, with buses still running at weekends."};
            article.source = sources[copy];
            article.section = "News";
            article.date = story == 0 ? "2024-03-0" + std::to_string(copy + 1) : "2023-11-20";
            articles.push_back(article);
        }
    }
    Article own;
    own.id = "own";
    own.title = "Harbour festival draws record crowds";
    own.body = {"Crowds filled the harbour for the summer festival, the organisers said, with ships open to "
                "visitors and music on the quay until late."};
    own.source = "Herald";
    own.section = "Culture";
    articles.push_back(own);
    return articles;
}

// Counts `db`'s matches for `words` with the counter given.
dateline::Facets count_facets(const Xapian::Database& db, const std::string& words, const FacetTable* table)
{
    Xapian::QueryParser parser;
    parser.set_database(db);
    Xapian::Enquire enquire(db);
    enquire.set_query(parser.parse_query(words));
    FacetCounter counter(true, true, true, table);
    enquire.add_matchspy(&counter);
    enquire.get_mset(0, 10, 1000);
    return counter.facets(true, 0);
}

std::string describe(const std::vector<dateline::FacetBucket>& buckets)
{
    std::string text;
    for (const dateline::FacetBucket& bucket : buckets) {
        text += bucket.value + "=" + std::to_string(bucket.count) + " ";
    }
    return text;
}

} // namespace

TEST_SUITE("FacetTable")
{
    TEST_CASE("holds each document's facet values and copy group")
    {
        const Xapian::Database db = dateline::testing::in_memory_db(make_articles());
        const FacetTable table(db);
        for (Xapian::docid docid = 1; docid <= db.get_lastdocid(); ++docid) {
            const Xapian::Document doc = db.get_document(docid);
            REQUIRE(table.covers(docid));
            CHECK(table.facet_values(docid) == doc.get_value(dateline::schema::k_slot_facets));
            CHECK(table.group(docid) == dateline::copy_group(doc.get_value(dateline::schema::k_slot_cluster), docid));
        }
        CHECK_FALSE(table.covers(db.get_lastdocid() + 1));
        // Word-for-word copies are one group; the paper's own story is another.
        CHECK(table.group(1) == table.group(2));
        CHECK(table.group(1) != table.group(4));
        CHECK(table.group(1) != table.group(7));
        // Copies share their group; the paper's own story has it alone.
        CHECK(table.group_shared(1));
        CHECK(table.group_shared(4));
        CHECK_FALSE(table.group_shared(7));
    }

    TEST_CASE("counting with the table gives the counts that reading each document gives")
    {
        const Xapian::Database db = dateline::testing::in_memory_db(make_articles());
        const FacetTable table(db);
        for (const std::string words : {"harbour", "ships OR rail", "said"}) {
            CAPTURE(words);
            const dateline::Facets read = count_facets(db, words, nullptr);
            const dateline::Facets tabled = count_facets(db, words, &table);
            CHECK(describe(tabled.source) == describe(read.source));
            CHECK(describe(tabled.section) == describe(read.section));
            CHECK(describe(tabled.tag) == describe(read.tag));
            CHECK(describe(tabled.year) == describe(read.year));
            CHECK(describe(tabled.month) == describe(read.month));
        }
        // Copies count once per bucket: "harbour" is one story (three copies) and the festival.
        const dateline::Facets harbour = count_facets(db, "harbour", &table);
        CHECK(describe(harbour.section) == "Culture=1 News=1 ");
        CHECK(describe(harbour.source) == "Herald=2 Courier=1 Wire=1 ");
    }

    TEST_CASE("decodes each distinct value once into spellings, a tag spelt two ways counted once")
    {
        std::vector<Article> articles = make_articles();
        articles[0].tags = {"Ports", "ports ", "Shipping"};
        articles[6].tags = {"Ports"};
        const Xapian::Database db = dateline::testing::in_memory_db(articles);
        const FacetTable table(db);
        std::vector<std::string> spelt;
        for (const std::uint32_t id : table.spellings(table.value_id(1))) {
            spelt.push_back(table.spelling(id).value);
        }
        // Source, section, the tags (one per bucket, first spelling) and the year.
        CHECK(spelt == std::vector<std::string>{"Wire", "News", "Ports", "Shipping", "2024"});
        CHECK(table.spelling(table.month_spelling(table.value_id(1))).value == "2024-03");
        CHECK(table.spelling(table.month_spelling(table.value_id(7))).value.empty()); // undated
        // Same value, same number: the papers' copies of story 1 share one date, source aside.
        CHECK(table.value_id(4) != table.value_id(5));
        const dateline::Facets tabled = count_facets(db, "harbour", &table);
        const dateline::Facets read = count_facets(db, "harbour", nullptr);
        CHECK(describe(tabled.tag) == "Ports=2 Shipping=1 ");
        CHECK(describe(read.tag) == describe(tabled.tag));
    }

    TEST_CASE("groups of one document count as groups seen, and scale the estimate")
    {
        const Xapian::Database db = dateline::testing::in_memory_db(make_articles());
        const FacetTable table(db);
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::QueryParser().parse_query("harbour"));
        FacetCounter counter(true, false, true, &table);
        enquire.add_matchspy(&counter);
        enquire.get_mset(0, 10, 1000);
        // The harbour story's three copies and the festival: two groups, one of them alone.
        CHECK(counter.documents_seen() == 4);
        CHECK(counter.groups_seen() == 2);
        // Estimated at four groups: each count doubles.
        CHECK(describe(counter.facets(false, 4).section) == "Culture=2 News=2 ");
    }

    TEST_CASE("the cache builds one table per revision and none for a request on an older one")
    {
        TempDir dir;
        std::vector<Article> articles = make_articles();
        dateline::testing::index_articles(dir.sub("db"), articles);
        FacetTableCache cache;
        const Xapian::Database old_db(dir.sub("db"));
        const auto first = cache.get(old_db);
        REQUIRE(first != nullptr);
        CHECK(cache.get(Xapian::Database(dir.sub("db"))) == first);

        articles.back().section = "Arts";
        dateline::testing::index_articles(dir.sub("db"), {articles.back()});
        const Xapian::Database new_db(dir.sub("db"));
        const auto second = cache.get(new_db);
        REQUIRE(second != nullptr);
        CHECK(second != first);
        const Xapian::docid own = static_cast<Xapian::docid>(articles.size());
        CHECK(second->facet_values(own) == new_db.get_document(own).get_value(dateline::schema::k_slot_facets));
        CHECK(cache.get(old_db) == nullptr); // leased before the commit: reads its documents
        CHECK(cache.get(new_db) == second);
    }
}
