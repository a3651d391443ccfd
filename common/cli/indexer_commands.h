// The indexer's commands (index, delete, stats, export, reindex, compact) as functions of their
// options and streams, so that dateline-indexer's main only dispatches and maps the outcome to
// an exit code. Each prints what people and scripts need; the work itself is in ingest,
// ArticleIndexer, SearchService and maintenance.
#pragma once

#include "common/ingest/ingest.h"
#include "common/options.h"
#include "common/cli/progress.h"
#include "common/cli/stop_request.h"

#include <iosfwd>
#include <string>

namespace dateline {

/// Where a command reads and writes, and what it knows about its terminal.
struct CommandContext {
    std::istream& in;  // "-" inputs: records (index) or ids (delete)
    std::ostream& out; // results: --json summaries, stats, exported records
    std::ostream& err; // progress, notes, rejections and summaries for people
    bool err_is_terminal = false;
    bool under_ci = false; // the CI environment variable is set
};

enum class CommandStatus {
    done,       // everything asked was done: exit 0
    incomplete, // finished, but some input was rejected or some id was not found: exit 3
    stopped,    // SIGINT/SIGTERM (StopRequest): what was read is committed: exit 128 + signal
};

/// Each command; every one throws dateline::Error for a runtime failure (exit 1). The index
/// command polls `stop`: once asked to stop, it reads no further article, commits what it has
/// read (a parallel run: what its workers had indexed, leaving the rest out), says so on `err`
/// and returns CommandStatus::stopped. While it runs, a second signal removes a parallel run's
/// work directory before the process ends (StopRequest::watch_signals).
CommandStatus run_index_command(const IndexerOptions& options, CommandContext& context, StopRequest& stop);

/// The threads an index run uses: 1 (sequential, straight into the database) unless the input
/// is known and at least --parallel-min-mb large and more than one thread is available (--jobs,
/// else the hardware threads).
unsigned choose_index_threads(const IndexerOptions& options, const InputTotals& totals);
CommandStatus run_delete_command(const IndexerOptions& options, CommandContext& context);
CommandStatus run_stats_command(const IndexerOptions& options, CommandContext& context);
CommandStatus run_export_command(const IndexerOptions& options, CommandContext& context);
CommandStatus run_reindex_command(const IndexerOptions& options, CommandContext& context);
CommandStatus run_compact_command(const IndexerOptions& options, CommandContext& context);

/// The notes (unless `quiet`) and rejections of a walk (the first 50; the rest are counted), one
/// "dateline-indexer: ..." line each.
void print_ingest_messages(std::ostream& err, const IngestReport& report, bool quiet);

/// Every rejection as a JSON line {"file", "line", "reason"} in the file `path`.
/// @exception dateline::Error (internal) when the file cannot be written.
void write_rejects_file(const std::string& path, const IngestReport& report);

} // namespace dateline
