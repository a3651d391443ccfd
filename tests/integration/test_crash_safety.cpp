// Crash safety: dateline-indexer killed with SIGKILL at random moments loses at most the batch
// it was building; the database always opens at its last commit, and a re-run completes it.
#include "tests/integration/process.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <thread>

namespace fs = std::filesystem;
using dateline::testing::BackgroundProgram;
using dateline::testing::run_program;
using dateline::testing::TempDir;

namespace {

const std::string k_indexer = DATELINE_INDEXER_BIN;
constexpr int k_articles = 4000;
constexpr int k_batch = 250;

std::string article_id(int i)
{
    return "crash-" + std::to_string(i);
}

// Ids present in the database, read with Xapian directly (the test must not trust Dateline's code).
std::set<std::string> stored_ids(const fs::path& db_path)
{
    std::set<std::string> ids;
    const Xapian::Database db(db_path.string());
    for (auto it = db.allterms_begin("Q"); it != db.allterms_end("Q"); ++it) {
        ids.insert((*it).substr(1));
    }
    return ids;
}

} // namespace

TEST_SUITE("reliability")
{
    TEST_CASE("an indexer killed with SIGKILL keeps exactly its committed batches and a re-run completes")
    {
        TempDir dir;
        const fs::path input = dir.path() / "articles.jsonl";
        {
            std::ofstream out(input);
            for (int i = 0; i < k_articles; ++i) {
                out << nlohmann::json{{"id", article_id(i)},
                                      {"title", "Crash test bulletin " + std::to_string(i)},
                                      {"body", "Paragraph one of bulletin " + std::to_string(i) +
                                                   " about tides and ferries.\n\nParagraph two with more words "
                                                   "so that each article takes a little time to index."}}
                           .dump()
                    << '\n';
            }
        }
        const fs::path db = dir.path() / "db";
        std::mt19937 random(20261128);
        int kills = 0;
        for (int round = 0; round < 5; ++round) {
            CAPTURE(round);
            BackgroundProgram indexer(
                {k_indexer, "--quiet", "--db", db.string(), "--batch-size", std::to_string(k_batch), input.string()});
            std::this_thread::sleep_for(std::chrono::milliseconds(100 + random() % 900));
            if (indexer.exited()) {
                break; // it finished before the kill: nothing left to prove this round
            }
            CHECK(indexer.kill_and_wait(SIGKILL) == 128 + SIGKILL);
            ++kills;
            if (!fs::exists(db / "iamglass")) {
                continue; // killed before the database was created
            }
            const std::set<std::string> ids = stored_ids(db);
            // The input is read in order, so the committed articles are a whole number of batches
            // from the start, or everything from an earlier complete run.
            CHECK(ids.size() % k_batch == 0);
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (ids.count(article_id(static_cast<int>(i))) == 0) {
                    FAIL("article " << article_id(static_cast<int>(i)) << " missing after a kill with " << ids.size()
                                    << " stored");
                }
            }
        }
        MESSAGE("indexer killed " << kills << " times");
        const dateline::testing::ProgramResult final_run =
            run_program({k_indexer, "--db", db.string(), "--batch-size", std::to_string(k_batch), input.string()});
        CHECK(final_run.exit_code == 0);
        const std::set<std::string> ids = stored_ids(db);
        CHECK(ids.size() == static_cast<std::size_t>(k_articles));
        CHECK(Xapian::Database(db.string()).get_doccount() == static_cast<Xapian::doccount>(k_articles));
    }
}
