// Crash safety: dateline-indexer killed with SIGKILL at random moments loses at most the batch
// it was building; the database always opens at its last commit, and a re-run completes it.
// Stopped with SIGTERM or SIGINT it commits everything it read, says so and exits 128+signal.
#include "tests/integration/process.h"
#include "tests/support/temp_dir.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <memory>
#include <string>
#include <vector>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
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


// The large-run stop tests: 3 chunks of 10,000 articles (--batch-size 5000 makes chunks of
// 10,000) for 2 workers, so the reading ends while both workers are still on their first
// chunk and the third waits in the queue.
constexpr int k_large = 30000;
constexpr const char* k_large_batch = "5000";

void write_large_input(const fs::path& path)
{
    std::ofstream out(path);
    for (int i = 0; i < k_large; ++i) {
        out << nlohmann::json{{"id", article_id(i)},
                              {"title", "Large run bulletin " + std::to_string(i)},
                              {"body", "Ferries crossed the estuary at dawn, bulletin " + std::to_string(i) +
                                           ".\n\nThe harbour council met about tides, tolls and timetables " +
                                           std::to_string(i % 97) + " times."}}
                   .dump()
            << '\n';
    }
}

std::string read_text(const fs::path& path)
{
    std::ifstream in(path);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The parallel work directories ("db.parallel-XXXXXX") in `dir`, and the partial databases in them.
std::size_t count_work_entries(const fs::path& dir, bool partials)
{
    std::size_t found = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().filename().string().find(".parallel-") == std::string::npos) {
            continue;
        }
        if (!partials) {
            ++found;
            continue;
        }
        std::error_code error;
        for (const auto& part : fs::directory_iterator(entry.path(), error)) {
            found += part.path().filename().string().rfind("part-", 0) == 0 ? 1 : 0;
        }
    }
    return found;
}

// Starts a parallel run of `input` into `db`, logging to `log`, and returns once the reading is
// over (a progress line counts every article) and a worker builds a partial database.
std::unique_ptr<BackgroundProgram> start_large_run(const fs::path& input, const fs::path& db, const fs::path& log)
{
    auto indexer = std::make_unique<BackgroundProgram>(
        std::vector<std::string>{k_indexer, "--db", db.string(), "--jobs", "2", "--parallel-min-mb", "1",
                                 "--batch-size", k_large_batch, "--progress-interval", "0", input.string()},
        log);
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (!indexer->exited() && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        if (read_text(log).find("progress: files 1/1 · articles " + std::to_string(k_large) + " ") != std::string::npos &&
            count_work_entries(db.parent_path(), true) > 0) {
            return indexer;
        }
    }
    FAIL("the parallel run finished or never finished reading: " << read_text(log));
    return indexer;
}

// Ids and a search of the database, read with Xapian directly.
std::size_t count_matches(const fs::path& db_path, const std::string& word)
{
    const Xapian::Database db(db_path.string());
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(word));
    return enquire.get_mset(0, 10).size();
}

} // namespace

TEST_SUITE("reliability")
{
    TEST_CASE("an indexer killed with SIGKILL keeps exactly its committed batches and a re-run completes" * doctest::test_suite("slow"))
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

TEST_SUITE("reliability")
{
    TEST_CASE("an indexer stopped with SIGTERM or SIGINT commits what it read, says so, and a re-run completes" * doctest::test_suite("slow"))
    {
        TempDir dir;
        constexpr int k_many = 3000;
        const fs::path input = dir.path() / "articles.jsonl";
        {
            std::ofstream out(input);
            for (int i = 0; i < k_many; ++i) {
                out << nlohmann::json{{"id", article_id(i)},
                                      {"title", "Stop test bulletin " + std::to_string(i)},
                                      {"body", "A bulletin about tides and ferries, number " + std::to_string(i) + "."}}
                           .dump()
                    << '\n';
            }
        }
        const fs::path db = dir.path() / "db";
        std::size_t stored_before = 0;
        for (const int signal : {SIGTERM, SIGINT}) {
            CAPTURE(signal);
            const fs::path log = dir.path() / ("run-" + std::to_string(signal) + ".log");
            BackgroundProgram indexer({k_indexer, "--db", db.string(), "--batch-size", "250", input.string()}, log);
            // Wait for this run's first commit beyond what earlier runs stored: it is mid-run.
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
            bool mid_run = false;
            while (!indexer.exited() && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds(20));
                try {
                    if (fs::exists(db / "iamglass") && Xapian::Database(db.string()).get_revision() >= 2 &&
                        stored_ids(db).size() > stored_before) {
                        mid_run = true;
                        break;
                    }
                } catch (const Xapian::Error&) {
                    // being created: try again
                }
            }
            REQUIRE_MESSAGE(mid_run, "the indexer finished before it could be stopped");
            CHECK(indexer.kill_and_wait(signal) == 128 + signal);
            std::ifstream in(log);
            const std::string output((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            CAPTURE(output);
            const std::string said = std::string("dateline-indexer: stopped by ") +
                                     (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ": committed the ";
            const std::size_t at = output.find(said);
            REQUIRE(at != std::string::npos);
            const std::size_t committed = std::stoul(output.substr(at + said.size()));
            // Exactly the articles read, in input order: none lost, none beyond.
            const std::set<std::string> ids = stored_ids(db);
            CHECK(ids.size() == committed);
            for (std::size_t i = 0; i < ids.size(); ++i) {
                if (ids.count(article_id(static_cast<int>(i))) == 0) {
                    FAIL("article " << article_id(static_cast<int>(i)) << " missing after a stop with " << ids.size()
                                    << " stored");
                }
            }
            CHECK(committed < static_cast<std::size_t>(k_many));
            MESSAGE("stopped with signal " << signal << " after committing " << committed << " articles");
            stored_before = ids.size();
        }
        const dateline::testing::ProgramResult final_run =
            run_program({k_indexer, "--quiet", "--db", db.string(), "--batch-size", "250", input.string()});
        CHECK(final_run.exit_code == 0);
        CHECK(stored_ids(db).size() == static_cast<std::size_t>(k_many));
        CHECK(Xapian::Database(db.string()).get_doccount() == static_cast<Xapian::doccount>(k_many));
    }

    TEST_CASE("a full disk stops the indexer with a clear error and the database keeps its last commit" * doctest::test_suite("slow"))
    {
        TempDir dir;
        const fs::path mount_point = dir.path() / "small-disk";
        fs::create_directories(mount_point);
        const std::string mount_command = "mount -t tmpfs -o size=4m tmpfs '" + mount_point.string() + "' 2>/dev/null";
        if (std::system(mount_command.c_str()) != 0) {
            MESSAGE("skipped: cannot mount a small tmpfs here (needs root and mount permission)");
            return;
        }
        struct Unmount {
            fs::path path;
            ~Unmount() { std::system(("umount '" + path.string() + "'").c_str()); }
        } unmount{mount_point};

        const fs::path db = mount_point / "db";
        const fs::path first = dir.path() / "first.jsonl";
        {
            std::ofstream out(first);
            for (int i = 0; i < 50; ++i) {
                out << nlohmann::json{{"id", "small-" + std::to_string(i)}, {"title", "Small " + std::to_string(i)},
                                      {"body", "A short story."}}
                           .dump()
                    << '\n';
            }
        }
        REQUIRE(run_program({k_indexer, "--quiet", "--db", db.string(), first.string()}).exit_code == 0);

        // Far more text than the 4 MiB disk holds.
        const fs::path big = dir.path() / "big.jsonl";
        {
            std::ofstream out(big);
            std::mt19937 random(7);
            for (int i = 0; i < 3000; ++i) {
                std::string body;
                for (int w = 0; w < 400; ++w) {
                    body += "w" + std::to_string(random() % 100000) + ' ';
                }
                out << nlohmann::json{{"id", "big-" + std::to_string(i)}, {"title", "Big"}, {"body", body}}.dump() << '\n';
            }
        }
        const dateline::testing::ProgramResult full =
            run_program({k_indexer, "--db", db.string(), "--batch-size", "500", big.string()});
        CAPTURE(full.err);
        CHECK(full.exit_code == 1);
        CHECK(full.err.find("dateline-indexer: error:") != std::string::npos);
        CHECK(full.err.find("No space left on device") != std::string::npos);
        // Whatever batches fitted are committed whole; the first run's articles are all there.
        const std::set<std::string> ids = stored_ids(db);
        for (int i = 0; i < 50; ++i) {
            CHECK(ids.count("small-" + std::to_string(i)) == 1);
        }
        CHECK((ids.size() - 50) % 500 == 0);
    }
}

TEST_SUITE("reliability")
{
    TEST_CASE("a large parallel run stopped with SIGTERM or SIGINT commits what its workers indexed and leaves no work directory" * doctest::test_suite("slow"))
    {
        TempDir dir;
        const fs::path input = dir.path() / "large.jsonl";
        write_large_input(input);
        for (const int signal : {SIGTERM, SIGINT}) {
            CAPTURE(signal);
            const fs::path db = dir.path() / ("db-" + std::to_string(signal));
            const fs::path log = dir.path() / ("large-" + std::to_string(signal) + ".log");
            const std::unique_ptr<BackgroundProgram> indexer = start_large_run(input, db, log);
            const auto signalled = std::chrono::steady_clock::now();
            indexer->send(signal);
            const int exit_code = indexer->wait();
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
            const std::string output = read_text(log);
            CAPTURE(output);
            CHECK(exit_code == 128 + signal);
            const std::string said = std::string("dateline-indexer: stopped by ") +
                                     (signal == SIGTERM ? "SIGTERM" : "SIGINT") + ": committed the ";
            const std::size_t at = output.find(said);
            REQUIRE(at != std::string::npos);
            const std::size_t committed = std::stoul(output.substr(at + said.size()));
            CHECK(output.find(" of the " + std::to_string(k_large) + " articles read so far (the other ") !=
                  std::string::npos);
            // A consistent commit of part of the run: what the message says, searchable, and
            // not everything (the queued chunk at least was left out).
            const std::set<std::string> ids = stored_ids(db);
            CHECK(ids.size() == committed);
            CHECK(committed > 0);
            CHECK(committed < static_cast<std::size_t>(k_large));
            CHECK(count_matches(db, "ferries") == std::min<std::size_t>(committed, 10));
            CHECK(count_work_entries(dir.path(), false) == 0);
            MESSAGE("stopped with signal " << signal << " in " << seconds << " s after committing " << committed
                                           << " of " << k_large << " articles");
        }
    }

    TEST_CASE("a second Ctrl-C ends a large parallel run at once, removing its work directory" * doctest::test_suite("slow"))
    {
        TempDir dir;
        const fs::path input = dir.path() / "large.jsonl";
        write_large_input(input);
        bool at_once = false;
        // The second SIGINT must come before the run has committed and merged what it had: a
        // few tries, in case a run is quicker than the test.
        for (int attempt = 0; attempt < 3 && !at_once; ++attempt) {
            CAPTURE(attempt);
            const fs::path db = dir.path() / ("db-" + std::to_string(attempt));
            const fs::path log = dir.path() / ("twice-" + std::to_string(attempt) + ".log");
            const std::unique_ptr<BackgroundProgram> indexer = start_large_run(input, db, log);
            indexer->send(SIGINT);
            const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (read_text(log).find("SIGINT: committing what was read") == std::string::npos &&
                   !indexer->exited() && std::chrono::steady_clock::now() < give_up) {
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
            indexer->send(SIGINT);
            CHECK(indexer->wait() == 128 + SIGINT);
            const std::string output = read_text(log);
            CAPTURE(output);
            at_once = output.find("stopping at once on a second SIGINT") != std::string::npos;
            CHECK(count_work_entries(dir.path(), false) == 0);
            // The database opens, at its last commit (nothing, or what the stopped run merged).
            const std::size_t stored = stored_ids(db).size();
            CHECK(stored < static_cast<std::size_t>(k_large));
            MESSAGE("attempt " << attempt << ": " << (at_once ? "ended at once" : "finished first") << " with "
                               << stored << " articles stored");
        }
        CHECK(at_once);
    }
}
