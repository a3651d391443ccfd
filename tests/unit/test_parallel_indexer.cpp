// Unit tests of common/index/parallel_indexer.h in temporary directories: a parallel run gives the
// same documents, cluster keys and spelling data as adding the articles one by one; it replaces
// what the target holds; an abandoned run leaves the target as it was.
#include "common/index/parallel_indexer.h"

#include "common/index/copy_cluster_assignment.h"
#include "common/cli/indexer_commands.h"
#include "common/index/schema.h"
#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

using dateline::Article;
using dateline::ArticleIndexer;
using dateline::ParallelIndexer;
using dateline::ParallelIndexing;
using dateline::testing::TempDir;

namespace {

// Deterministic words, so that stories differ as real ones do.
std::string word(std::uint32_t n)
{
    static const char* const k_syllables[] = {"ka", "lo", "mer", "tin", "sa", "vu", "ren", "do", "pi", "gos", "tal", "bre"};
    std::string text;
    for (int i = 0; i < 3; ++i) {
        text += k_syllables[n % 12];
        n /= 12;
    }
    return text;
}

std::string story_text(int story, int paragraph)
{
    std::string text;
    std::uint32_t state = static_cast<std::uint32_t>(story * 7919 + paragraph * 104729 + 17);
    for (int i = 0; i < 30; ++i) {
        state = state * 1664525u + 1013904223u;
        text += (i == 0 ? "" : " ") + word(state >> 8);
    }
    return text + ".";
}

// Story `story` as published by outlet `copy`: copies change a word and a byline.
Article make_article(const std::string& id, int story, int copy)
{
    Article article;
    article.id = id;
    article.title = "Story " + word(static_cast<std::uint32_t>(story) * 31u) + " " + word(static_cast<std::uint32_t>(story));
    for (int paragraph = 0; paragraph < 3; ++paragraph) {
        article.body.push_back(story_text(story, paragraph));
    }
    if (copy > 0) {
        article.body.back() += " Reported by outlet " + word(static_cast<std::uint32_t>(copy)) + ".";
    }
    article.source = copy % 2 == 0 ? "Wire" : "Herald";
    article.date = "2024-01-" + std::string(story % 9 + 1 < 10 ? "0" : "") + std::to_string(story % 9 + 1);
    return article;
}

// Two parts of one story, and later the whole: a copy of both, which links their clusters.
Article make_part(const std::string& id, std::vector<int> paragraphs)
{
    Article article;
    article.id = id;
    article.title = "Harbour tunnel plans";
    for (const int paragraph : paragraphs) {
        article.body.push_back(story_text(1000, paragraph));
    }
    return article;
}

// 40 stories, a third of them published again later (so copies land in other partials), some
// verbatim, and two clusters that a late copy joins (with verbatim copies before and after it).
std::vector<Article> make_run()
{
    std::vector<Article> articles = {make_part("part-a", {0, 1}), make_part("part-c", {1, 2})};
    for (int story = 0; story < 40; ++story) {
        articles.push_back(make_article("s" + std::to_string(story), story, 0));
    }
    for (int story = 0; story < 40; story += 3) {
        articles.push_back(make_article("s" + std::to_string(story) + "-copy", story, 1 + story % 4));
    }
    for (int story = 0; story < 40; story += 5) {
        articles.push_back(make_article("s" + std::to_string(story) + "-verbatim", story, 0));
    }
    articles.push_back(make_part("part-c-verbatim", {1, 2}));
    articles.push_back(make_part("part-b", {0, 1, 2}));
    articles.push_back(make_part("part-b-verbatim", {0, 1, 2}));
    return articles;
}

struct Snapshot {
    std::map<std::string, std::string> documents; // id -> terms with wdf and positions, values, data
    std::map<std::string, std::string> cluster_keys;
    std::map<std::string, Xapian::doccount> spelling;
    std::string stem_languages;
};

Snapshot take_snapshot(const std::string& db_dir)
{
    const Xapian::Database db(db_dir);
    Snapshot snapshot;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const Article article = dateline::schema::read_stored_article(doc);
        std::string text;
        for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
            text += *term + ":" + std::to_string(term.get_wdf()) + "@";
            for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
                text += std::to_string(*pos) + ",";
            }
            text += " ";
        }
        for (auto value = doc.values_begin(); value != doc.values_end(); ++value) {
            text += "#" + std::to_string(value.get_valueno()) + "=" + *value;
        }
        text += "|" + doc.get_data();
        snapshot.documents[article.id] = text;
        snapshot.cluster_keys[article.id] = dateline::schema::read_cluster_key(doc);
    }
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        snapshot.spelling[*it] = it.get_termfreq();
    }
    snapshot.stem_languages = db.get_metadata("dateline.stem_languages");
    return snapshot;
}

void index_sequentially(const std::string& db_dir, const std::vector<Article>& articles)
{
    ArticleIndexer indexer(db_dir, 5);
    for (const Article& article : articles) {
        indexer.add(article);
    }
    indexer.commit();
}

void index_in_parallel(const std::string& db_dir, const std::vector<Article>& articles,
                       const dateline::MissingScope* missing = nullptr)
{
    ArticleIndexer target(db_dir, 5);
    ParallelIndexer parallel(target, db_dir, ParallelIndexing{2, 7, 3});
    for (Article article : articles) {
        parallel.add(std::move(article));
    }
    parallel.finish(dateline::ChromeModel(), missing);
}

std::size_t count_entries(const std::filesystem::path& dir)
{
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) {
        ++entries;
    }
    return entries;
}

} // namespace

TEST_SUITE("ParallelIndexer")
{
    TEST_CASE("gives the same documents, cluster keys and spelling data as adding one by one")
    {
        TempDir dir;
        const std::vector<Article> articles = make_run();
        index_sequentially(dir.sub("sequential"), articles);
        index_in_parallel(dir.sub("parallel"), articles);

        const Snapshot sequential = take_snapshot(dir.sub("sequential"));
        const Snapshot parallel = take_snapshot(dir.sub("parallel"));
        REQUIRE(sequential.documents.size() == articles.size());
        CHECK(parallel.documents == sequential.documents);
        CHECK(parallel.cluster_keys == sequential.cluster_keys);
        CHECK(parallel.spelling == sequential.spelling);
        CHECK(parallel.stem_languages == sequential.stem_languages);
        // The copies really are linked across partial databases (7 articles each).
        CHECK(parallel.cluster_keys.at("s0-copy") == parallel.cluster_keys.at("s0"));
        CHECK(parallel.cluster_keys.at("s39-copy") == parallel.cluster_keys.at("s39"));
        CHECK(parallel.cluster_keys.at("s3") != parallel.cluster_keys.at("s0"));
        CHECK(parallel.cluster_keys.at("part-a") == parallel.cluster_keys.at("part-c"));
        CHECK(parallel.cluster_keys.at("part-b") == parallel.cluster_keys.at("part-a"));
        CHECK(parallel.cluster_keys.at("s15-verbatim") == parallel.cluster_keys.at("s15"));
        CHECK(parallel.cluster_keys.at("s15-verbatim") == parallel.cluster_keys.at("s15-copy"));
        CHECK(parallel.cluster_keys.at("part-c-verbatim") == parallel.cluster_keys.at("part-a"));
        CHECK(parallel.cluster_keys.at("part-b-verbatim") == parallel.cluster_keys.at("part-a"));
        // Only the database is left beside the work: no partial directories.
        CHECK(count_entries(dir.path()) == 2);
        const Xapian::Database db(dir.sub("parallel"));
        CHECK_FALSE(dateline::schema::read_commit_time(db).empty());
    }

    TEST_CASE("replaces the articles the target holds and lets a repeated id replace the earlier one")
    {
        TempDir dir;
        std::vector<Article> first = {make_article("a", 1, 0), make_article("b", 2, 0), make_article("c", 3, 0)};
        first[1].body = {"Obsolete harbourmaster wording vanishes."};
        index_sequentially(dir.sub("db"), first);
        index_sequentially(dir.sub("expected"), first);

        std::vector<Article> second = {make_article("b", 2, 0), make_article("d", 4, 0), make_article("d", 5, 0)};
        for (int story = 10; story < 30; ++story) {
            second.push_back(make_article("n" + std::to_string(story), story, 0));
        }
        index_in_parallel(dir.sub("db"), second);
        index_sequentially(dir.sub("expected"), second);

        const Snapshot parallel = take_snapshot(dir.sub("db"));
        const Snapshot expected = take_snapshot(dir.sub("expected"));
        CHECK(parallel.documents.size() == 3 + 1 + 20);
        CHECK(parallel.documents == expected.documents);
        CHECK(parallel.cluster_keys == expected.cluster_keys);
        CHECK(parallel.spelling == expected.spelling);
        CHECK(parallel.spelling.count("harbourmaster") == 0); // the replaced words are gone
        CHECK(Xapian::Database(dir.sub("db")).get_termfreq(dateline::schema::id_term("d")) == 1);
    }

    TEST_CASE("an abandoned run leaves the target as it was and no work directory behind")
    {
        TempDir dir;
        index_sequentially(dir.sub("db"), {make_article("a", 1, 0)});
        {
            ArticleIndexer target(dir.sub("db"), 5);
            ParallelIndexer parallel(target, dir.sub("db"), ParallelIndexing{2, 2, 1});
            for (int story = 0; story < 9; ++story) {
                parallel.add(make_article("x" + std::to_string(story), story, 0));
            }
        } // destroyed without finish(), as when reading fails
        CHECK(Xapian::Database(dir.sub("db")).get_doccount() == 1);
        CHECK(count_entries(dir.path()) == 1);
    }

    TEST_CASE("a stopped run commits what its workers indexed; what it left out keeps its earlier version")
    {
        TempDir dir;
        std::vector<Article> earlier;
        for (int story = 0; story < 40; ++story) {
            earlier.push_back(make_article("n" + std::to_string(story), story, 0));
            earlier.back().title = "Earlier title";
        }
        index_sequentially(dir.sub("db"), earlier);
        // Asked to stop after 25 polls: a few chunks (7 articles each, 8 polls) are indexed.
        std::atomic<int> polls = 0;
        dateline::ParallelOutcome outcome;
        {
            ArticleIndexer target(dir.sub("db"), 5);
            ParallelIndexer parallel(target, dir.sub("db"), ParallelIndexing{2, 7, 3}, [&polls] { return ++polls > 25; });
            for (int story = 0; story < 80; ++story) {
                parallel.add(make_article("n" + std::to_string(story), story, 0));
            }
            outcome = parallel.finish(dateline::ChromeModel(), nullptr);
        }
        CHECK(outcome.stopped);
        CHECK(outcome.left_out > 0);
        CHECK(outcome.left_out < 80);
        const Xapian::Database db(dir.sub("db"));
        std::size_t updated = 0;
        for (int story = 0; story < 80; ++story) {
            CAPTURE(story);
            const std::string term = dateline::schema::id_term("n" + std::to_string(story));
            const Xapian::doccount copies = db.get_termfreq(term);
            if (story < 40) {
                REQUIRE(copies == 1); // never lost: either replaced or kept as it was
            }
            if (copies == 1) {
                const Article stored = dateline::schema::read_stored_article(db.get_document(*db.postlist_begin(term)));
                updated += stored.title == "Earlier title" ? 0 : 1;
            }
        }
        CHECK(updated == 80 - outcome.left_out);
        CHECK(db.get_doccount() == outcome.documents);
        CHECK(count_entries(dir.path()) == 1); // no work directory left
    }

    TEST_CASE("abandon() removes the work directory and forbids the swap")
    {
        TempDir dir;
        index_sequentially(dir.sub("db"), {make_article("a", 1, 0)});
        ArticleIndexer target(dir.sub("db"), 5);
        ParallelIndexer parallel(target, dir.sub("db"), ParallelIndexing{2, 2, 1});
        for (int story = 0; story < 9; ++story) {
            parallel.add(make_article("x" + std::to_string(story), story, 0));
        }
        parallel.abandon();
        CHECK(count_entries(dir.path()) == 1);
        CHECK_THROWS(parallel.finish(dateline::ChromeModel(), nullptr)); // never swapped in
        CHECK(Xapian::Database(dir.sub("db")).get_doccount() == 1);
        CHECK(count_entries(dir.path()) == 1);
    }

    TEST_CASE("runs in parallel only for large known input with more than one thread")
    {
        struct Row {
            unsigned jobs;
            std::uintmax_t bytes;
            bool known;
            unsigned expected;
        };
        const Row rows[] = {
            {2, 20'000'000, true, 2}, {4, 20'000'000, true, 4}, {1, 20'000'000, true, 1},
            {2, 15'000'000, true, 1}, {2, 20'000'000, false, 1},
        };
        for (const Row& row : rows) {
            CAPTURE(row.jobs);
            CAPTURE(row.bytes);
            dateline::IndexerOptions options;
            options.jobs = row.jobs;
            dateline::InputTotals totals;
            totals.bytes = row.bytes;
            totals.known = row.known;
            CHECK(dateline::choose_index_threads(options, totals) == row.expected);
        }
    }
}
