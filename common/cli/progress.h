// What the indexer tells people while it works and when it is done: the live progress line on
// a terminal, plain periodic lines in a pipe or under CI, the final summary (a table on a
// terminal, one line elsewhere, JSON for scripts). Formatting is pure; ProgressReporter only
// decides when to print.
#pragma once

#include "common/ingest/article_reader.h"
#include "common/ingest/ingest.h"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

enum class ProgressStyle {
    none,  // --quiet or --json: nothing until the end
    live,  // a terminal: one line redrawn in place, then a summary table
    lines, // a pipe, a file or CI: a plain line now and then, then a summary line
};

/// The style for an indexer run: none when quiet, lines under CI (the CI environment variable
/// is set) or when standard error is not a terminal, live otherwise.
ProgressStyle choose_progress_style(bool quiet, bool stderr_is_terminal, bool under_ci);

/// What the inputs hold before the walk, for percentages and the ETA.
struct InputTotals {
    std::size_t files = 0;    // every regular file the walk will visit (read or skipped)
    std::uintmax_t bytes = 0; // of the files some reader takes
    bool known = true;        // false when standard input is among the inputs
};

/// Counts the files under `inputs` as the ingest walk sees them (hidden entries skipped).
InputTotals measure_inputs(const std::vector<std::string>& inputs,
                           const std::vector<std::unique_ptr<ArticleReader>>& readers);

/// One progress line (without a line end): files, articles, MB, rate and ETA when known, e.g.
/// "files 12/340 · articles 5210 (3 rejected) · 48.2/310.0 MB · 1830 articles/s · ETA 2m21s".
std::string format_progress(const IngestReport& report, const InputTotals& totals, double seconds);

/// "2m21s", "1h04m", "9s".
std::string format_duration(double seconds);

/// What an index run did, beyond the ingest report.
struct IndexOutcome {
    std::string db;
    std::size_t documents = 0;          // in the database afterwards
    std::vector<std::string> deleted;   // ids removed by --delete-missing
    bool kept_missing = false;          // --delete-missing was asked, but a stop came first
    // Read (counted in IngestReport::articles_indexed) but not indexed: a parallel run stopped
    // first. The database keeps their earlier version, if any.
    std::size_t left_out = 0;
};

/// What a run did with the articles it read: the index command indexes them, extract prints them.
enum class SummaryVerb { indexed, extracted };

/// The one-line summary (also what scripts grep): "N files read (S skipped), A articles read:
/// I indexed, R rejected; X MB in T s (Y articles/s)" ("I extracted" for extract), with
/// ", L left out by the stop" after R rejected when `left_out` articles read were not indexed.
std::string format_summary_line(const IngestReport& report, SummaryVerb verb = SummaryVerb::indexed,
                                std::size_t left_out = 0);

/// The summary as an aligned table for a terminal.
std::string format_summary_table(const IngestReport& report, const IndexOutcome& outcome);

/// The --json summary: {"files_read", "files_skipped", "articles_read", "indexed", "rejected",
/// "duplicate_ids", "left_out", "deleted", "bytes_read", "seconds", "db", "documents", "rejections": [{"file",
/// "line", "reason"}]}.
nlohmann::json summary_to_json(const IngestReport& report, const IndexOutcome& outcome);

/// One rejection as JSON: {"file", "line" (null when the file has no lines), "reason"}; an entry
/// of the --json summary and a line of the rejects file.
nlohmann::json rejection_to_json(const Rejection& rejection);

/// Prints progress on `out` in the chosen style, at most once per `interval` (live: ~5 per
/// second regardless), and clears the live line before anything else is printed.
class ProgressReporter {
public:
    ProgressReporter(std::ostream& out, ProgressStyle style, InputTotals totals, std::chrono::milliseconds interval);

    /// Called by the ingest walk with the report so far.
    void update(const IngestReport& report);
    /// Shows the line `describe` makes from the seconds since the start (other long commands).
    void update(const std::function<std::string(double seconds)>& describe);
    /// Erases the live line (before the summary is printed).
    void finish();

private:
    std::ostream& m_out;
    ProgressStyle m_style;
    InputTotals m_totals;
    std::chrono::milliseconds m_interval;
    std::chrono::steady_clock::time_point m_start;
    std::chrono::steady_clock::time_point m_last_print;
    bool m_line_shown = false;
};

} // namespace dateline
