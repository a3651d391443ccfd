// Unit tests of common/cli/progress.h: the progress style for each situation, the progress line,
// ETA and durations, the summary line, table and JSON, and when the reporter prints.
#include "common/cli/progress.h"

#include "tests/unit/test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

using dateline::IndexOutcome;
using dateline::IngestReport;
using dateline::InputTotals;
using dateline::ProgressReporter;
using dateline::ProgressStyle;

namespace {

IngestReport make_report()
{
    IngestReport report;
    report.files_read = 12;
    report.files_skipped = 1;
    report.articles_indexed = 5210;
    report.bytes_read = 48'200'000;
    report.seconds = 2.5;
    report.duplicate_ids = 2;
    report.rejections.push_back({"corpus/a.jsonl", 3, "\"title\" must be a string, not number"});
    report.rejections.push_back({"corpus/empty.txt", 0, "no article text found"});
    return report;
}

} // namespace

TEST_SUITE("progress")
{
    TEST_CASE("chooses a live line on a terminal and plain lines in a pipe or under CI")
    {
        CHECK(dateline::choose_progress_style(false, true, false) == ProgressStyle::live);
        CHECK(dateline::choose_progress_style(false, false, false) == ProgressStyle::lines);
        CHECK(dateline::choose_progress_style(false, true, true) == ProgressStyle::lines);
        CHECK(dateline::choose_progress_style(true, true, false) == ProgressStyle::none);
        CHECK(dateline::choose_progress_style(true, false, true) == ProgressStyle::none);
    }

    TEST_CASE("formats files, articles, megabytes, rate and ETA")
    {
        const IngestReport report = make_report();
        const InputTotals totals{340, 310'000'000, true};
        CHECK(dateline::format_progress(report, totals, 10.0) ==
              "files 13/340 · articles 5210 (2 rejected) · 48.2/310.0 MB · 521 articles/s · ETA 54s");
        // Standard input: no totals, no ETA.
        CHECK(dateline::format_progress(report, InputTotals{0, 0, false}, 10.0) ==
              "files 13 · articles 5210 (2 rejected) · 48.2 MB · 521 articles/s");
    }

    TEST_CASE("formats durations for people")
    {
        CHECK(dateline::format_duration(0.2) == "0s");
        CHECK(dateline::format_duration(9.4) == "9s");
        CHECK(dateline::format_duration(141) == "2m21s");
        CHECK(dateline::format_duration(3840) == "1h04m");
    }

    TEST_CASE("summarises a run in one line, a table and JSON")
    {
        const IngestReport report = make_report();
        IndexOutcome outcome;
        outcome.db = "/srv/news-db";
        outcome.documents = 65000;
        outcome.deleted = {"gone-1"};
        CHECK(dateline::format_summary_line(report) ==
              "12 files read (1 skipped), 5212 articles read: 5210 indexed, 2 rejected; 48.2 MB in 2.50 s "
              "(2084 articles/s)");
        // extract counts what it extracted (issue 15).
        CHECK(dateline::format_summary_line(report, dateline::SummaryVerb::extracted) ==
              "12 files read (1 skipped), 5212 articles read: 5210 extracted, 2 rejected; 48.2 MB in 2.50 s "
              "(2084 articles/s)");
        const std::string table = dateline::format_summary_table(report, outcome);
        CHECK(table.find("  files read          12 (1 skipped)\n") != std::string::npos);
        CHECK(table.find("    indexed           5210 (2 repeated ids)\n") != std::string::npos);
        CHECK(table.find("    rejected          2\n") != std::string::npos);
        CHECK(table.find("  deleted (missing)   1\n") != std::string::npos);
        CHECK(table.find("  database            /srv/news-db: 65000 articles\n") != std::string::npos);

        const nlohmann::json json = dateline::summary_to_json(report, outcome);
        CHECK(json["articles_read"] == 5212);
        CHECK(json["indexed"] == 5210);
        CHECK(json["rejected"] == 2);
        CHECK(json["deleted"] == nlohmann::json::array({"gone-1"}));
        CHECK(json["documents"] == 65000);
        CHECK(json["rejections"][0] ==
              nlohmann::json{{"file", "corpus/a.jsonl"}, {"line", 3}, {"reason", "\"title\" must be a string, not number"}});
        CHECK(json["rejections"][1]["line"].is_null());
        CHECK(json["articles_read"] == json["indexed"].get<int>() + json["rejected"].get<int>());
    }

    TEST_CASE("prints plain lines at most once per interval, and nothing when quiet")
    {
        const IngestReport report = make_report();
        std::ostringstream lines;
        ProgressReporter every_time(lines, ProgressStyle::lines, InputTotals{340, 310'000'000, true},
                                    std::chrono::milliseconds(0));
        every_time.update(report);
        every_time.update(report);
        every_time.finish();
        const std::string text = lines.str();
        CHECK(text.starts_with("dateline-indexer: progress: files 13/340 · articles 5210"));
        CHECK(std::count(text.begin(), text.end(), '\n') == 2);

        std::ostringstream rare;
        ProgressReporter hourly(rare, ProgressStyle::lines, {}, std::chrono::hours(1));
        hourly.update(report);
        CHECK(rare.str().empty());

        std::ostringstream quiet;
        ProgressReporter none(quiet, ProgressStyle::none, {}, std::chrono::milliseconds(0));
        none.update(report);
        none.update([](double) { return std::string("reindexed"); });
        CHECK(quiet.str().empty());
    }

    TEST_CASE("redraws the live line in place and clears it at the end")
    {
        std::ostringstream out;
        ProgressReporter live(out, ProgressStyle::live, {}, std::chrono::milliseconds(0));
        // The first update shows at once; then at most five redraws a second.
        live.update([](double) { return std::string("reindexed 10/20 articles"); });
        live.update([](double) { return std::string("reindexed 11/20 articles"); });
        live.finish();
        CHECK(out.str() == "\r\x1b[Kreindexed 10/20 articles\r\x1b[K");
    }

    TEST_CASE("measures the inputs as the walk will see them")
    {
        dateline::testing::TempDir dir;
        std::filesystem::create_directories(dir.path() / "site" / ".hidden");
        std::ofstream(dir.path() / "site" / "a.jsonl") << "{\"title\":\"A\"}\n";           // 14 bytes
        std::ofstream(dir.path() / "site" / "b.txt") << "Title\n\nBody.\n";                  // 13 bytes
        std::ofstream(dir.path() / "site" / "notes.md") << "not read";                       // skipped
        std::ofstream(dir.path() / "site" / ".hidden" / "c.txt") << "hidden";                // not visited
        const auto readers = dateline::make_default_readers();
        const InputTotals totals = dateline::measure_inputs({(dir.path() / "site").string()}, readers);
        CHECK(totals.files == 3);
        CHECK(totals.bytes == 27);
        CHECK(totals.known);
        CHECK_FALSE(dateline::measure_inputs({"-", (dir.path() / "site").string()}, readers).known);
    }
}
