// Unit tests of common/index/schema.h: an Article indexed into an in-memory database is found through
// every field prefix of the query parser, phrases stay inside one paragraph, stored articles
// round-trip, and the schema version guards the database.
#include "common/index/schema.h"

#include "common/errors.h"
#include "common/search/query_builder.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <set>
#include <string>

namespace schema = dateline::schema;
using dateline::Article;
using dateline::Error;
using dateline::testing::catch_error_code;

namespace {

Article make_lighthouse_article()
{
    Article article;
    article.id = "pws/2023/06/lighthouse";
    article.url = "https://example.test/lighthouse";
    article.title = "Lighthouse keeper retires";
    article.subtitle = "Forty winters on the rock end with a ceremony";
    article.section = "Local";
    article.source = "Pacific Wire Service";
    article.authors = {"Ana Lind", "Bo Park"};
    article.date = "2023-06-05";
    article.dateline = "Kestrel Bay";
    article.tags = {"lighthouses", "maritime history"};
    article.body = {"The keeper climbed the spiral stairs for the last time.", "Gulls circled the lamp room at dusk."};
    return article;
}

Article make_bakery_article()
{
    Article article;
    article.id = "bakery";
    article.title = "Bakery wins a prize";
    article.section = "Business";
    article.source = "Gull Gazette";
    article.authors = {"Cy Moss"};
    article.date = "2022-01-10";
    article.body = {"The bakery on the quay won a regional prize for its rye bread."};
    return article;
}

Xapian::Document make_document(const Article& article)
{
    Xapian::Document doc;
    Xapian::TermGenerator termgen = schema::make_term_generator();
    schema::index_article(doc, termgen, article);
    return doc;
}

// An in-memory database holding the given articles.
class MemoryIndex {
public:
    MemoryIndex() : m_db(std::string(), Xapian::DB_BACKEND_INMEMORY) {}

    void add(const Article& article) { m_db.replace_document(schema::id_term(article.id), make_document(article)); }

    // The ids of the articles the query matches, read as the search service reads it.
    std::set<std::string> search(const std::string& query_text)
    {
        dateline::QueryContext context;
        context.stemmers = {schema::make_stemmer("english")};
        Xapian::Enquire enquire(m_db);
        enquire.set_query(dateline::build_query(query_text, context).query);
        std::set<std::string> ids;
        const Xapian::MSet mset = enquire.get_mset(0, 100);
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            ids.insert(schema::read_stored_article(it.get_document()).id);
        }
        return ids;
    }

    Xapian::WritableDatabase& db() { return m_db; }

private:
    Xapian::WritableDatabase m_db;
};

using Ids = std::set<std::string>;

} // namespace

TEST_SUITE("schema")
{
    TEST_CASE("finds an article by each field prefix")
    {
        MemoryIndex index;
        index.add(make_lighthouse_article());
        index.add(make_bakery_article());
        const Ids lighthouse{"pws/2023/06/lighthouse"};
        struct Row {
            std::string query;
            Ids expected;
        };
        const Row rows[] = {
            {"title:lighthouse", lighthouse},
            {"title:keeper", lighthouse},
            {"title:bakery", {"bakery"}},
            {"title:stairs", {}}, // a body word is not a title word
            {"author:lind", lighthouse},
            {"author:park", lighthouse},
            {"author:moss", {"bakery"}},
            {"place:kestrel", lighthouse},
            {"place:\"kestrel bay\"", lighthouse},
            {"source:pacific", lighthouse},
            {"source:gazette", {"bakery"}},
            {"section:local", lighthouse},
            {"section:business", {"bakery"}},
            {"tag:lighthouses", lighthouse},
            {"tag:maritime", lighthouse},
            {"spiral", lighthouse},
            {"rye", {"bakery"}},
            {"winters", lighthouse}, // the subtitle is searchable text
            {"\"spiral stairs\"", lighthouse},
            {"\"lamp room\"", lighthouse},
            {"\"stairs spiral\"", {}},
            {"title:lighthouse section:local", lighthouse},
        };
        for (const Row& row : rows) {
            CAPTURE(row.query);
            CHECK(index.search(row.query) == row.expected);
        }
    }

    TEST_CASE("does not match a phrase across two paragraphs or across title and body")
    {
        Article article = make_lighthouse_article();
        article.subtitle.clear(); // so that the body follows the title directly
        MemoryIndex index;
        index.add(article);
        const Ids lighthouse{"pws/2023/06/lighthouse"};
        // The same words do match as phrases inside one field.
        CHECK(index.search("\"last time\"") == lighthouse);
        CHECK(index.search("\"gulls circled\"") == lighthouse);
        CHECK(index.search("\"lighthouse keeper retires\"") == lighthouse);
        CHECK(index.search("\"the keeper climbed\"") == lighthouse);
        // Words that are adjacent only across a boundary do not.
        CHECK(index.search("\"time gulls\"").empty());         // end of paragraph 1, start of paragraph 2
        CHECK(index.search("\"retires the keeper\"").empty()); // end of title, start of body
        CHECK(index.search("\"retires the\"").empty());
    }

    TEST_CASE("does not match a phrase across title and subtitle")
    {
        MemoryIndex index;
        index.add(make_lighthouse_article());
        CHECK(index.search("\"forty winters\"") == Ids{"pws/2023/06/lighthouse"});
        CHECK(index.search("\"retires forty\"").empty());
        CHECK(index.search("\"ceremony the keeper\"").empty()); // end of subtitle, start of body
    }

    TEST_CASE("stores the whole article and reads it back")
    {
        Article article = make_lighthouse_article();
        article.origin = "archive.jsonl:12";
        const Article stored = schema::read_stored_article(make_document(article));
        // The origin says where the article was read; it is not part of the stored record.
        article.origin.clear();
        CHECK(stored == article);
        CHECK(stored.id == "pws/2023/06/lighthouse");
        CHECK(stored.subtitle == "Forty winters on the rock end with a ceremony");
        CHECK(stored.body.size() == 2);
    }

    TEST_CASE("stores an undated article without date values")
    {
        Article article = make_bakery_article();
        article.date.clear();
        const Xapian::Document doc = make_document(article);
        CHECK(doc.get_value(schema::k_slot_date).empty());
        CHECK(doc.get_value(schema::k_slot_year).empty());
        CHECK(schema::read_stored_article(doc).date.empty());
    }

    TEST_CASE("keeps the date as YYYYMMDD and the year in their value slots")
    {
        const Xapian::Document doc = make_document(make_lighthouse_article());
        CHECK(doc.get_value(schema::k_slot_date) == "20230605");
        CHECK(doc.get_value(schema::k_slot_year) == "2023");
        CHECK(doc.get_value(schema::k_slot_source) == "Pacific Wire Service");
        CHECK(doc.get_value(schema::k_slot_section) == "Local");
    }

    TEST_CASE("maps a very long id to a short unique term")
    {
        const std::string shared(300, 'a');
        const std::string long_id = shared + std::string(700, 'b');
        const std::string other_id = shared + std::string(700, 'c');
        REQUIRE(long_id.size() == 1000);
        const std::string term = schema::id_term(long_id);
        CHECK(term.size() <= 245);
        CHECK(term != schema::id_term(other_id));
        CHECK(term == schema::id_term(long_id));
        CHECK(schema::id_term("short/id") != schema::id_term("short/id2"));

        // Xapian accepts the term, and replacing by it finds the same document.
        MemoryIndex index;
        Article article = make_bakery_article();
        article.id = long_id;
        index.add(article);
        index.add(article);
        article.id = other_id;
        index.add(article);
        CHECK(index.db().get_doccount() == 2);
        CHECK(index.db().get_termfreq(schema::id_term(long_id)) == 1);
    }

    TEST_CASE("records the schema version in a new database")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        schema::prepare_writable_database(db, "mem");
        CHECK(db.get_metadata("dateline.schema_version") == std::to_string(schema::k_schema_version));
        CHECK_NOTHROW(schema::check_schema_version(db, "mem"));
        // Preparing again leaves it alone.
        CHECK_NOTHROW(schema::prepare_writable_database(db, "mem"));
        CHECK(db.get_metadata("dateline.schema_version") == std::to_string(schema::k_schema_version));
    }

    TEST_CASE("refuses a database of another schema version naming both versions")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        db.set_metadata("dateline.schema_version", "999");
        const std::string message = "/srv/news-db was built with schema version 999 but this program uses version " +
                                    std::to_string(schema::k_schema_version) +
                                    "; it was written by a newer Dateline: use that version (or rebuild the "
                                    "archive into a new --db directory)";
        CHECK_THROWS_WITH_AS(schema::prepare_writable_database(db, "/srv/news-db"), message.c_str(), Error);
        CHECK_THROWS_WITH_AS(schema::check_schema_version(db, "/srv/news-db"), message.c_str(), Error);
        CHECK(catch_error_code([&] { schema::check_schema_version(db, "/srv/news-db"); }) == "unavailable");
        CHECK(catch_error_code([&] { schema::prepare_writable_database(db, "/srv/news-db"); }) == "unavailable");
    }

    TEST_CASE("refuses a database of an older schema version and says how to reindex it")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        db.set_metadata("dateline.schema_version", "1");
        CHECK(schema::read_schema_version(db) == 1);
        const std::string message = "/srv/news-db was built with schema version 1 but this program uses version " +
                                    std::to_string(schema::k_schema_version) +
                                    "; upgrade it with: dateline-indexer reindex --db /srv/news-db (it rebuilds from "
                                    "the stored articles and keeps the old database until the new one is complete)";
        CHECK_THROWS_WITH_AS(schema::check_schema_version(db, "/srv/news-db"), message.c_str(), Error);
        CHECK_THROWS_WITH_AS(schema::prepare_writable_database(db, "/srv/news-db"), message.c_str(), Error);
    }

    TEST_CASE("reads the schema version as a number, 0 when missing or not a number")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        CHECK(schema::read_schema_version(db) == 0);
        db.set_metadata("dateline.schema_version", "two");
        CHECK(schema::read_schema_version(db) == 0);
        db.set_metadata("dateline.schema_version", "12");
        CHECK(schema::read_schema_version(db) == 12);
    }

    TEST_CASE("indexes the url as an exact boolean term and keeps the source path in its slot")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        Xapian::TermGenerator termgen = schema::make_term_generator();
        dateline::Article article;
        article.id = "a-1";
        article.title = "Harbour lights";
        article.url = "https://news.example/2023/harbour-lights?x=1";
        article.source_path = "/archive/site/harbour.txt";
        Xapian::Document doc;
        schema::index_article(doc, termgen, article);
        db.add_document(doc);
        CHECK(db.get_termfreq(schema::url_term(article.url)) == 1);
        CHECK(db.get_termfreq(schema::url_term("https://news.example/2023/harbour-lights")) == 0);
        const dateline::Article stored = schema::read_stored_article(db.get_document(1));
        CHECK(stored.source_path == "/archive/site/harbour.txt");
        CHECK(stored.url == article.url);
        // A very long URL still maps to one exact term.
        const std::string long_url = "https://news.example/" + std::string(500, 'p');
        CHECK(schema::url_term(long_url).size() < 245);
        CHECK(schema::url_term(long_url) != schema::url_term(long_url + "q"));
    }

    TEST_CASE("records and reads the time of the last commit")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        CHECK(schema::read_commit_time(db).empty());
        schema::record_commit_time(db);
        const std::string time = schema::read_commit_time(db);
        CHECK(time.size() == 20);
        CHECK(time.back() == 'Z');
        CHECK(time[10] == 'T');
    }

    TEST_CASE("refuses a database that Dateline did not write")
    {
        Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
        CHECK_THROWS_WITH_AS(schema::check_schema_version(db, "/srv/other"),
                             "/srv/other is not a Dateline database (no schema version); "
                             "build one with: dateline-indexer --db /srv/other PATH...",
                             Error);
        db.add_document(Xapian::Document());
        CHECK_THROWS_WITH_AS(schema::prepare_writable_database(db, "/srv/other"),
                             "/srv/other holds documents that Dateline did not write; "
                             "choose an empty or new --db directory",
                             Error);
        CHECK(catch_error_code([&] { schema::prepare_writable_database(db, "/srv/other"); }) == "unavailable");
    }

    TEST_CASE("facet values round-trip through their one dense slot, separators inside values included")
    {
        schema::FacetValues values;
        values.source = "Meridian\x1FNews";
        values.section = "";
        values.date = "20230605";
        values.tags = {"port", "tide\x1Etables"};
        const std::string encoded = schema::encode_facet_values(values);
        const schema::FacetValueViews decoded = schema::decode_facet_values(encoded);
        CHECK(decoded.source == "Meridian News");
        CHECK(decoded.section.empty());
        CHECK(decoded.date == "20230605");
        CHECK(decoded.tags == std::vector<std::string_view>{"port", "tide tables"});
        CHECK_FALSE(schema::encode_facet_values({}).empty()); // never empty: the slot stays dense
        CHECK(schema::decode_facet_values("").source.empty());
        CHECK(schema::decode_facet_values("garbage").tags.empty());
    }


    TEST_CASE("classifies every kind of term it makes, by kind and text")
    {
        const Xapian::Stem english("english");
        struct Row {
            std::string term;
            schema::TermKind kind;
            std::string text;
        };
        const std::vector<Row> rows = {
            {"harbour", schema::TermKind::word, "harbour"},
            {"19", schema::TermKind::word, "19"},
            {"", schema::TermKind::word, ""},
            {schema::stemmed_term(english, "", "harbours"), schema::TermKind::stem, "harbour"},
            {schema::word_term(*schema::field_prefix("title"), "harbour"), schema::TermKind::field_word, "harbour"},
            {schema::title_word_term("harbour"), schema::TermKind::field_word, "harbour"},
            {schema::word_term(*schema::field_prefix("author"), "lind"), schema::TermKind::field_word, "lind"},
            {schema::word_term(*schema::field_prefix("place"), "kestrel"), schema::TermKind::field_word, "kestrel"},
            {schema::word_term(*schema::field_prefix("source"), "wire"), schema::TermKind::field_word, "wire"},
            {schema::word_term(*schema::field_prefix("section"), "local"), schema::TermKind::field_word, "local"},
            {schema::word_term(*schema::field_prefix("tag"), "maritime"), schema::TermKind::field_word, "maritime"},
            {schema::stemmed_term(english, *schema::field_prefix("title"), "harbours"), schema::TermKind::field_stem,
             "harbour"},
            {schema::stemmed_term(english, *schema::field_prefix("tag"), "lighthouses"), schema::TermKind::field_stem,
             "lighthous"},
            {schema::source_filter_term("Pacific Wire"), schema::TermKind::filter, "pacific wire"},
            {schema::section_filter_term("Local"), schema::TermKind::filter, "local"},
            {schema::tag_filter_term("Maritime History"), schema::TermKind::filter, "maritime history"},
            {schema::id_term("ABC/2023/1"), schema::TermKind::id, "ABC/2023/1"},
            {schema::url_term("https://example.test/a"), schema::TermKind::url, "https://example.test/a"},
            {schema::cluster_term("0123456789abcdef"), schema::TermKind::cluster, "0123456789abcdef"},
            {schema::duplicate_band_term(0x0123456789abcdefULL), schema::TermKind::duplicate_band, "01234567"},
            {schema::title_pair_term("central", "bank"), schema::TermKind::title_pair, "central bank"},
            {"XNEWPREFIXvalue", schema::TermKind::unknown, "value"},
            {"XNEW:Value", schema::TermKind::unknown, "Value"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.term);
            const schema::ClassifiedTerm classified = schema::classify_term(row.term);
            CHECK(static_cast<int>(classified.kind) == static_cast<int>(row.kind));
            CHECK(classified.text == row.text);
        }
    }

    TEST_CASE("knows the kind of every term index_article writes")
    {
        Xapian::Document clustered = make_document(make_lighthouse_article());
        schema::set_cluster(clustered, "0123456789abcdef", {0x0123456789abcdefULL});
        std::set<int> kinds;
        for (auto term = clustered.termlist_begin(); term != clustered.termlist_end(); ++term) {
            CAPTURE(*term);
            const schema::TermKind kind = schema::classify_term(*term).kind;
            CHECK(kind != schema::TermKind::unknown);
            kinds.insert(static_cast<int>(kind));
        }
        CHECK(kinds.size() == static_cast<std::size_t>(schema::TermKind::unknown)); // every kind but unknown
    }

}
