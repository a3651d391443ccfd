// Unit tests of common/index/article_indexer.h in a temporary directory: creation, batches and
// explicit commits, idempotent re-adding by id, the writer lock and the schema version.
#include "common/index/article_indexer.h"

#include "common/index/copy_cluster_assignment.h"
#include "common/errors.h"
#include "common/index/schema.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <unistd.h>
#include <string>
#include <vector>

using dateline::Article;
using dateline::ArticleIndexer;
using dateline::Error;
using dateline::testing::TempDir;
using dateline::testing::catch_error_code;

namespace {

Article make_article(const std::string& id)
{
    Article article;
    article.id = id;
    article.title = "Article " + id;
    article.body = {"Body of article " + id + "."};
    return article;
}

// Documents a fresh reader sees: only what was committed.
Xapian::doccount count_committed_documents(const std::string& db_dir)
{
    return Xapian::Database(db_dir).get_doccount();
}

} // namespace

TEST_SUITE("ArticleIndexer")
{
    TEST_CASE("creates the database and its parent directories when missing")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("nested/deeper/db");
        ArticleIndexer indexer(db_dir, 10);
        CHECK(std::filesystem::is_directory(db_dir));
        CHECK(indexer.document_count() == 0);
        indexer.commit();
        CHECK(Xapian::Database(db_dir).get_metadata("dateline.schema_version") ==
              std::to_string(dateline::schema::k_schema_version));
    }

    TEST_CASE("commits explicitly and when a batch is full")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        ArticleIndexer indexer(db_dir, 3);
        indexer.add(make_article("a"));
        indexer.add(make_article("b"));
        CHECK(indexer.document_count() == 2);
        CHECK(count_committed_documents(db_dir) == 0);

        indexer.add(make_article("c")); // fills the batch
        CHECK(count_committed_documents(db_dir) == 3);

        indexer.add(make_article("d"));
        CHECK(indexer.document_count() == 4);
        CHECK(count_committed_documents(db_dir) == 3);
        indexer.commit();
        CHECK(count_committed_documents(db_dir) == 4);
    }

    TEST_CASE("treats a batch size of zero as one")
    {
        TempDir dir;
        ArticleIndexer indexer(dir.sub("db"), 0);
        indexer.add(make_article("a"));
        CHECK(count_committed_documents(dir.sub("db")) == 1);
    }

    TEST_CASE("replaces an article re-added with the same id")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const std::vector<std::string> ids = {"a", "b/with/slashes", std::string(400, 'x')};
        {
            ArticleIndexer indexer(db_dir, 100);
            for (const std::string& id : ids) {
                indexer.add(make_article(id));
            }
            indexer.commit();
            CHECK(indexer.document_count() == ids.size());
        }
        {
            // A second run over the same input, as when the indexer is run again.
            ArticleIndexer indexer(db_dir, 100);
            for (const std::string& id : ids) {
                indexer.add(make_article(id));
            }
            indexer.add(make_article("a"));
            indexer.commit();
            CHECK(indexer.document_count() == ids.size());
        }
        CHECK(count_committed_documents(db_dir) == ids.size());
    }

    TEST_CASE("refuses a database another indexer is writing")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        ArticleIndexer first(db_dir, 10);
        const std::string message = db_dir + " is being written by another dateline-indexer; wait for it to finish";
        CHECK_THROWS_WITH_AS(ArticleIndexer(db_dir, 10), message.c_str(), Error);
        CHECK(catch_error_code([&] { ArticleIndexer second(db_dir, 10); }) == "unavailable");
    }

    TEST_CASE("says why the writer lock could not be taken (issue 15)")
    {
        struct Row {
            const char* xapian_message;
            const char* expected;
        };
        const Row rows[] = {
            {"Unable to get write lock on /srv/db: already locked",
             "/srv/db is being written by another dateline-indexer; wait for it to finish"},
            {"Unable to get write lock on /srv/db: Couldn't open lockfile: Permission denied",
             "permission denied writing /srv/db: run the indexer as a user who may write that directory, "
             "or choose another --db"},
            {"Unable to get write lock on /srv/db: Couldn't open lockfile: Operation not permitted",
             "permission denied writing /srv/db: run the indexer as a user who may write that directory, "
             "or choose another --db"},
            {"Unable to get write lock on /srv/db: Couldn't open lockfile: Read-only file system",
             "cannot write /srv/db: it is on a read-only file system; remount it read-write or choose another --db"},
        };
        for (const Row& row : rows) {
            const std::string xapian_message = row.xapian_message;
            CAPTURE(xapian_message);
            CHECK(dateline::describe_lock_failure("/srv/db", xapian_message) == std::string(row.expected));
        }
    }

    TEST_CASE("a database the user cannot write says permission denied (issue 15)")
    {
        if (geteuid() == 0) {
            MESSAGE("SKIPPED: running as root, where permissions are not enforced");
            return;
        }
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        {
            ArticleIndexer indexer(db_dir, 10);
            indexer.add(make_article("a"));
            indexer.commit();
        }
        const auto read_only = std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                               std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                               std::filesystem::perms::others_read | std::filesystem::perms::others_exec;
        for (const auto& entry : std::filesystem::directory_iterator(db_dir)) {
            std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_write,
                                         std::filesystem::perm_options::remove);
        }
        std::filesystem::permissions(db_dir, read_only);
        const std::string message = "permission denied writing " + db_dir +
                                    ": run the indexer as a user who may write that directory, or choose another --db";
        CHECK_THROWS_WITH_AS(ArticleIndexer(db_dir, 10), message.c_str(), Error);
        std::filesystem::permissions(db_dir, std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
        CHECK(count_committed_documents(db_dir) == 1);
    }

    TEST_CASE("refuses a database of another schema version")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        {
            Xapian::WritableDatabase db(db_dir, Xapian::DB_CREATE);
            db.set_metadata("dateline.schema_version", "999");
            db.commit();
        }
        const std::string message = db_dir + " was built with schema version 999 but this program uses version " +
                                    std::to_string(dateline::schema::k_schema_version) +
                                    "; it was written by a newer Dateline: use that version (or rebuild the "
                                    "archive into a new --db directory)";
        CHECK_THROWS_WITH_AS(ArticleIndexer(db_dir, 10), message.c_str(), Error);
        CHECK(catch_error_code([&] { ArticleIndexer indexer(db_dir, 10); }) == "unavailable");
    }

    TEST_CASE("refuses a path that cannot be a database directory")
    {
        TempDir dir;
        const std::string file = dir.sub("plain-file");
        {
            std::FILE* handle = std::fopen(file.c_str(), "w");
            REQUIRE(handle != nullptr);
            std::fclose(handle);
        }
        CHECK(catch_error_code([&] { ArticleIndexer indexer(file + "/db", 10); }) == "unavailable");
    }

    TEST_CASE("removes an article by id and reports an unknown id")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        ArticleIndexer indexer(db_dir, 100);
        indexer.add(make_article("keep"));
        indexer.add(make_article("drop/with/slash"));
        indexer.commit();
        CHECK(indexer.remove("drop/with/slash"));
        CHECK_FALSE(indexer.remove("drop/with/slash"));
        CHECK_FALSE(indexer.remove("never-indexed"));
        CHECK(count_committed_documents(db_dir) == 2); // the removal waits for the commit
        indexer.commit();
        const Xapian::Database db(db_dir);
        CHECK(db.get_doccount() == 1);
        CHECK(db.get_termfreq(dateline::schema::id_term("keep")) == 1);
        CHECK(db.get_termfreq(dateline::schema::id_term("drop/with/slash")) == 0);
        // Its words are gone from the index too.
        CHECK(db.get_termfreq("drop") == 0);
    }

    TEST_CASE("takes a deleted or replaced article's words back out of the spelling data")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const auto spelling_frequency = [&](const std::string& word) {
            const Xapian::Database db(db_dir);
            for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
                if (*it == word) {
                    return it.get_termfreq();
                }
            }
            return Xapian::doccount{0};
        };
        ArticleIndexer indexer(db_dir, 100);
        Article quokka = make_article("q");
        quokka.title = "Quokkas return";
        quokka.body = {"The quokkas came back to the island, and more quokkas followed."};
        indexer.add(quokka);
        Article island = make_article("i");
        island.body = {"An island ferry timetable."};
        indexer.add(island);
        indexer.commit();
        CHECK(spelling_frequency("quokkas") == 3);
        CHECK(spelling_frequency("island") == 2);

        quokka.body = {"Only the title mentions them now."};
        indexer.add(quokka); // replaced: the old body's words leave, the new ones enter
        indexer.commit();
        CHECK(spelling_frequency("quokkas") == 1);
        CHECK(spelling_frequency("island") == 1);
        CHECK(spelling_frequency("mentions") == 1);

        CHECK(indexer.remove("q"));
        indexer.commit();
        CHECK(spelling_frequency("quokkas") == 0);
        CHECK(spelling_frequency("mentions") == 0);
        CHECK(spelling_frequency("island") == 1); // still in the other article
    }

    TEST_CASE("copies linked only through a later copy end up in one cluster")
    {
        // The full story (six paragraphs) arrives last; one site ran its first four paragraphs,
        // another its last four: each is a copy of the full story, not of each other.
        const std::vector<std::string> paragraphs = {
            "Lantern makers along the quay worked through the night to finish the paper boats for the river parade.",
            "Organisers said the procession would start at dusk from the old customs house and end beneath the bridge.",
            "Volunteers from the rowing club will steer the largest boats, which carry candles inside painted shades.",
            "The council closed the embankment road to traffic and asked visitors to use the park and ride service.",
            "Stallholders selling roasted chestnuts and spiced cider expect the busiest evening of their whole winter.",
            "Weather forecasters promised a dry and still night, ideal for floating lanterns on the slow brown water.",
        };
        Article full = make_article("full");
        full.title = "Lantern parade on the river tonight";
        full.body = paragraphs;
        Article head = make_article("head");
        head.title = "River parade tonight";
        head.body = {paragraphs.begin(), paragraphs.begin() + 4};
        Article tail = make_article("tail");
        tail.title = "Lanterns to float on the river";
        tail.body = {paragraphs.begin() + 2, paragraphs.end()};

        TempDir dir;
        const std::string db_dir = dir.sub("db");
        ArticleIndexer indexer(db_dir, 100);
        indexer.add(head);
        indexer.add(tail);
        indexer.add(make_article("unrelated"));
        indexer.commit();
        const auto cluster_of = [&](const std::string& id) {
            const Xapian::Database db(db_dir);
            return dateline::schema::read_cluster_key(db.get_document(*db.postlist_begin(dateline::schema::id_term(id))));
        };
        REQUIRE(cluster_of("head") != cluster_of("tail")); // not copies of each other
        indexer.add(full);
        indexer.commit();
        CHECK(cluster_of("full") == cluster_of("head"));
        CHECK(cluster_of("full") == cluster_of("tail"));
        CHECK(cluster_of("unrelated") != cluster_of("full"));
        const Xapian::Database db(db_dir);
        CHECK(db.get_termfreq(dateline::schema::cluster_term(cluster_of("full"))) == 3);
    }

    TEST_CASE("a copy is found among look-alike articles that crowd its bands beyond the postings read")
    {
        // Template notices share their body word for word, so every band, but not their titles
        // (short bodies need alike titles to be copies). Copy detection reads a bounded number
        // of band postings per article (else a folder of such files indexes in quadratic time);
        // a copy of a recent notice is still found when every band holds more documents.
        const auto notice = [](int n) {
            Article article = make_article("notice-" + std::to_string(n));
            article.title = "Harbour notice " + std::to_string(n);
            article.body = {"The harbour office posts this notice for pilots and masters on the inner estuary."};
            return article;
        };
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        constexpr int k_notices = 400;
        {
            ArticleIndexer indexer(db_dir, 1000);
            for (int n = 0; n < k_notices; ++n) {
                indexer.add(notice(n));
            }
            indexer.commit();
        }
        const Xapian::Database db(db_dir);
        const auto cluster_of = [&](const std::string& id) {
            return dateline::schema::read_cluster_key(db.get_document(*db.postlist_begin(dateline::schema::id_term(id))));
        };
        CHECK(cluster_of("notice-1") != cluster_of("notice-2"));
        Article copy = notice(k_notices - 3);
        copy.id = "copy";
        const dateline::BodyFingerprint fingerprint = dateline::fingerprint_article(copy);
        std::size_t crowded = 0;
        for (const std::uint64_t band : fingerprint.bands) {
            crowded += db.get_termfreq(dateline::schema::duplicate_band_term(band)) > 64 ? 1 : 0;
        }
        REQUIRE(crowded == fingerprint.bands.size());
        const dateline::ClusterAssignment assignment =
            dateline::assign_cluster(db, copy, fingerprint, dateline::CopySearchLimits{8, 64});
        CHECK(assignment.key == cluster_of("notice-" + std::to_string(k_notices - 3)));
    }

    TEST_CASE("records the time of each commit that changed something")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        ArticleIndexer indexer(db_dir, 100);
        indexer.commit();
        CHECK(dateline::schema::read_commit_time(Xapian::Database(db_dir)).empty());
        indexer.add(make_article("a"));
        indexer.commit();
        const std::string time = dateline::schema::read_commit_time(Xapian::Database(db_dir));
        CHECK(time.size() == 20);
        CHECK(time.starts_with("20"));
    }

    TEST_CASE("opens only an existing database when asked to")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("missing");
        CHECK_THROWS_WITH_AS(ArticleIndexer(db_dir, 10, ArticleIndexer::Open::existing),
                             ("no database at " + db_dir + "; check --db").c_str(), Error);
        CHECK_FALSE(std::filesystem::exists(db_dir));
    }

    TEST_CASE("removes the articles of missing files within the scope only")
    {
        TempDir dir;
        const std::string db_dir = dir.sub("db");
        const auto from = [](const std::string& id, const std::string& path) {
            Article article = make_article(id);
            article.source_path = path;
            return article;
        };
        {
            ArticleIndexer first_run(db_dir, 100);
            first_run.add(from("a1", "/archive/a/one.txt"));
            first_run.add(from("a2", "/archive/a/two.txt"));
            first_run.add(from("a3", "/archive/a/sub/three.jsonl"));
            first_run.add(from("a4", "/archive/a/bad.jsonl"));
            first_run.add(from("ab", "/archive/ab/other.txt")); // a sibling whose name starts like "a"
            first_run.add(from("b1", "/archive/b/one.txt"));
            first_run.add(from("stdin", ""));
            first_run.commit();
        }
        ArticleIndexer second_run(db_dir, 100);
        second_run.add(from("a1", "/archive/a/one.txt"));
        second_run.add(from("a3", "/archive/a/sub/three.jsonl"));
        dateline::MissingScope scope;
        scope.roots = {"/archive/a"};
        scope.kept = {"/archive/a/bad.jsonl"};
        const std::vector<std::string> removed = second_run.remove_missing(scope);
        CHECK(removed == std::vector<std::string>{"a2"});
        second_run.commit();
        CHECK(count_committed_documents(db_dir) == 6);
        CHECK(Xapian::Database(db_dir).get_termfreq(dateline::schema::id_term("a2")) == 0);
    }

    TEST_CASE("tells whether a path is a root or lies under it")
    {
        CHECK(dateline::is_same_or_under("/a/b", "/a/b"));
        CHECK(dateline::is_same_or_under("/a/b/c.txt", "/a/b"));
        CHECK(dateline::is_same_or_under("/a/b/c.txt", "/"));
        CHECK_FALSE(dateline::is_same_or_under("/a/bc/c.txt", "/a/b"));
        CHECK_FALSE(dateline::is_same_or_under("/a", "/a/b"));
        CHECK_FALSE(dateline::is_same_or_under("", "/a"));
    }
}
