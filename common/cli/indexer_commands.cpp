#include "common/cli/indexer_commands.h"

#include "common/web/api_json.h"
#include "common/index/article_indexer.h"
#include "common/cleaning/chrome_model.h"
#include "common/errors.h"
#include "common/index/maintenance.h"
#include "common/index/parallel_indexer.h"
#include "common/cli/progress.h"
#include "common/index/schema.h"
#include "common/index/shard_writer.h"
#include "common/search/search_service.h"
#include "common/cli/stop_request.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <istream>
#include <optional>
#include <ostream>
#include <thread>

namespace dateline {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t k_max_listed = 50;

std::string absolute_path(const std::string& path)
{
    std::error_code error;
    const fs::path absolute = fs::weakly_canonical(fs::absolute(path), error);
    return error ? std::string() : absolute.generic_string();
}

// A list of ids for a message: the first k_max_listed, quoted.
std::string list_ids(const std::vector<std::string>& ids)
{
    std::string text;
    for (std::size_t i = 0; i < ids.size() && i < k_max_listed; ++i) {
        text += (i == 0 ? "\"" : ", \"") + ids[i] + "\"";
    }
    if (ids.size() > k_max_listed) {
        text += " and " + std::to_string(ids.size() - k_max_listed) + " more";
    }
    return text;
}

ProgressReporter make_reporter(const IndexerOptions& options, CommandContext& context, InputTotals totals)
{
    return ProgressReporter(context.err, choose_progress_style(options.quiet, context.err_is_terminal, context.under_ci),
                            totals, std::chrono::seconds(options.progress_interval));
}

// --delete-missing: the inputs that are files or directories, as absolute paths.
struct DeleteMissingPlan {
    std::vector<std::string> roots;
    std::vector<std::size_t> articles_read; // per root, in this run
};

DeleteMissingPlan plan_delete_missing(const std::vector<std::string>& inputs)
{
    DeleteMissingPlan plan;
    for (const std::string& input : inputs) {
        std::error_code error;
        if (input != "-" && fs::exists(input, error)) {
            plan.roots.push_back(absolute_path(input));
        }
    }
    plan.articles_read.assign(plan.roots.size(), 0);
    return plan;
}

MissingScope make_missing_scope(const DeleteMissingPlan& plan, const IngestReport& report, std::ostream& err)
{
    MissingScope scope;
    for (std::size_t i = 0; i < plan.roots.size(); ++i) {
        if (plan.articles_read[i] > 0) {
            scope.roots.push_back(plan.roots[i]);
        } else {
            // An empty or unmounted directory must not wipe out what it used to hold.
            err << "dateline-indexer: note: --delete-missing keeps the articles from " << plan.roots[i]
                << ": it gave no article in this run (is it empty or not mounted?)\n";
        }
    }
    for (const Rejection& rejection : report.rejections) {
        if (rejection.path != "stdin") {
            scope.kept.push_back(absolute_path(rejection.path));
        }
    }
    // A file emptied (say, by a crawler's write cut short) keeps what it held, as a file with a
    // rejected record does: delete the file to remove its articles.
    for (const std::string& empty : report.empty_files) {
        scope.kept.push_back(absolute_path(empty));
    }
    return scope;
}

std::vector<std::string> read_ids(const std::vector<std::string>& operands, std::istream& in)
{
    std::vector<std::string> ids;
    for (const std::string& operand : operands) {
        if (operand != "-") {
            ids.push_back(operand);
            continue;
        }
        std::string line;
        while (std::getline(in, line)) {
            const std::string_view id = trim(line);
            if (!id.empty()) {
                ids.emplace_back(id);
            }
        }
    }
    return ids;
}

std::string signal_name(int signal)
{
    switch (signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    default: return "signal " + std::to_string(signal);
    }
}

// The parts of one index run that its steps share.
struct IndexRun {
    const IndexerOptions& options;
    CommandContext& context;
    ArticleWriter& indexer; // the database, or the shards of a sharded archive
    ProgressReporter& progress;
    ChromeModel& chrome;
    DeleteMissingPlan& plan;
    const StopRequest& stop;
    ParallelIndexer* parallel; // null: the run goes straight into the database in batches
};

// Counts the article for --delete-missing and hands it to the indexer.
void add_article(IndexRun& run, Article&& article)
{
    for (std::size_t i = 0; i < run.plan.roots.size(); ++i) {
        run.plan.articles_read[i] += is_same_or_under(article.source_path, run.plan.roots[i]) ? 1 : 0;
    }
    if (run.parallel != nullptr) {
        run.parallel->add(std::move(article));
    } else {
        run.indexer.add(article);
    }
}

IngestHooks make_index_hooks(IndexRun& run)
{
    IngestHooks hooks;
    hooks.on_progress = [&progress = run.progress](const IngestReport& report) { progress.update(report); };
    hooks.standard_input = &run.context.in;
    hooks.chrome = &run.chrome;
    hooks.stop_requested = [&stop = run.stop] { return stop.requested(); };
    return hooks;
}

// Merges the partial databases into the new database (without the missing articles when
// `delete_missing`) and says how long that took.
IndexOutcome finish_parallel_index(IndexRun& run, const IngestReport& report, bool delete_missing)
{
    MissingScope scope;
    if (delete_missing) {
        scope = make_missing_scope(run.plan, report, run.context.err);
    }
    const ParallelOutcome merged = run.parallel->finish(run.chrome, delete_missing ? &scope : nullptr);
    IndexOutcome outcome{run.options.db, merged.documents, merged.deleted,
                         run.options.delete_missing && (report.stopped || merged.stopped), merged.left_out};
    run.progress.finish();
    if (!run.options.quiet) {
        run.context.err << "dateline-indexer: merged " << merged.partials << " partial databases in "
                        << format_duration(merged.merge_seconds) << "; linked " << merged.linked_copies
                        << " copies of earlier articles in " << format_duration(merged.link_seconds) << '\n';
    }
    return outcome;
}

// Commits the last batch with the chrome learned, then removes the missing articles when
// `delete_missing`.
IndexOutcome finish_sequential_index(IndexRun& run, const IngestReport& report, bool delete_missing)
{
    IndexOutcome outcome;
    outcome.db = run.options.db;
    outcome.kept_missing = run.options.delete_missing && report.stopped;
    run.indexer.store_chrome(run.chrome);
    run.indexer.commit();
    run.progress.finish();
    if (delete_missing) {
        outcome.deleted = run.indexer.remove_missing(make_missing_scope(run.plan, report, run.context.err));
        run.indexer.commit();
    }
    outcome.documents = run.indexer.document_count();
    return outcome;
}

void print_stop_note(const IndexRun& run, const IngestReport& report, const IndexOutcome& outcome)
{
    std::ostream& err = run.context.err;
    err << "dateline-indexer: stopped by " << signal_name(run.stop.signal()) << ": committed the ";
    if (outcome.left_out > 0) {
        err << report.articles_indexed - outcome.left_out << " of the " << report.articles_indexed
            << " articles read so far (the other " << outcome.left_out << " were left out to stop promptly)";
    } else {
        err << report.articles_indexed << " articles read so far";
    }
    err << "; run the same command again to index the rest (articles already indexed are replaced, never "
        << "duplicated)\n";
    if (outcome.kept_missing) {
        err << "dateline-indexer: note: --delete-missing deleted nothing: the run did not see every file\n";
    }
}

// After the run: why it stopped, the rejections and deletions, the summary, --json and --rejects.
void report_index_run(const IndexRun& run, ProgressStyle style, const IngestReport& report,
                      const IndexOutcome& outcome)
{
    const IndexerOptions& options = run.options;
    std::ostream& err = run.context.err;
    if (report.stopped) {
        print_stop_note(run, report, outcome);
    }
    print_ingest_messages(err, report, options.quiet);
    if (!outcome.deleted.empty() && !options.quiet) {
        err << "dateline-indexer: deleted " << outcome.deleted.size()
            << " articles whose files are gone or no longer hold them: " << list_ids(outcome.deleted) << '\n';
    }
    if (style == ProgressStyle::live) {
        err << format_summary_table(report, outcome);
    } else {
        err << "dateline-indexer: " << format_summary_line(report, SummaryVerb::indexed, outcome.left_out) << '\n';
        if (!options.quiet) {
            err << "dateline-indexer: " << options.db << " now holds " << outcome.documents << " articles\n";
        }
    }
    if (options.json) {
        run.context.out << dump_json(summary_to_json(report, outcome)) << '\n';
    }
    if (!options.rejects_path.empty()) {
        write_rejects_file(options.rejects_path, report);
    }
}

} // namespace

void print_ingest_messages(std::ostream& err, const IngestReport& report, bool quiet)
{
    if (!quiet) {
        for (const std::string& note : report.notes) {
            err << "dateline-indexer: note: " << note << '\n';
        }
    }
    std::size_t listed = 0;
    for (const Rejection& rejection : report.rejections) {
        if (++listed > k_max_listed) {
            err << "dateline-indexer: rejected: … and " << report.rejections.size() - k_max_listed
                << " more (use --rejects FILE for the full list)\n";
            break;
        }
        err << "dateline-indexer: rejected: " << format_rejection(rejection) << '\n';
    }
}

void write_rejects_file(const std::string& path, const IngestReport& report)
{
    std::ofstream out(path, std::ios::trunc);
    for (const Rejection& rejection : report.rejections) {
        out << dump_json(rejection_to_json(rejection)) << '\n';
    }
    if (!out) {
        throw Error(ErrorCode::internal, "cannot write the rejects file " + path);
    }
}

unsigned choose_index_threads(const IndexerOptions& options, const InputTotals& totals)
{
    const unsigned threads = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    if (threads < 2 || !totals.known || totals.bytes < options.parallel_min_mb * 1'000'000) {
        return 1;
    }
    return threads;
}

namespace {

// The writer of a run into --db: one database, or a sharded archive's shards (issue 18).
struct ArchiveWriter {
    std::unique_ptr<ArticleIndexer> single;
    std::unique_ptr<ShardWriter> sharded;

    ArchiveWriter(const IndexerOptions& options, const std::optional<ShardRule>& rule, ArticleIndexer::Open open)
    {
        if (rule) {
            sharded = std::make_unique<ShardWriter>(options.db, *rule, options.batch_size, open);
        } else {
            single = std::make_unique<ArticleIndexer>(options.db, options.batch_size, open);
        }
    }

    ArticleWriter& writer() { return sharded ? static_cast<ArticleWriter&>(*sharded) : *single; }
};

// The parallel indexer of a large run into one database, stopping when `stop` is asked; null
// for a small run (the daily increment) and for a sharded archive, which go straight into the
// database(s) in batches.
std::unique_ptr<ParallelIndexer> make_parallel_indexer(const IndexerOptions& options, ArchiveWriter& archive,
                                                       const StopRequest& stop, unsigned threads, std::ostream& err)
{
    if (threads < 2) {
        return nullptr;
    }
    if (archive.sharded) {
        if (!options.quiet) {
            err << "dateline-indexer: note: a sharded archive is indexed on one thread (--jobs applies to a "
                   "single database)\n";
        }
        return nullptr;
    }
    ParallelIndexing settings;
    settings.threads = threads;
    settings.chunk_articles = options.batch_size * 2;
    settings.batch_size = options.batch_size * 2;
    return std::make_unique<ParallelIndexer>(*archive.single, options.db, settings,
                                             [&stop] { return stop.requested(); });
}

} // namespace

CommandStatus run_index_command(const IndexerOptions& options, CommandContext& context, StopRequest& stop)
{
    const auto start = std::chrono::steady_clock::now();
    ArchiveWriter archive(options, choose_shard_rule(options.db, options.shard_by), ArticleIndexer::Open::create_or_open);
    ArticleWriter& indexer = archive.writer();
    const auto readers = make_default_readers();
    const ProgressStyle style = choose_progress_style(options.quiet, context.err_is_terminal, context.under_ci);
    const InputTotals totals = measure_inputs(options.paths, readers);
    ProgressReporter progress = make_reporter(options, context, style == ProgressStyle::none ? InputTotals{} : totals);
    DeleteMissingPlan plan;
    if (options.delete_missing) {
        plan = plan_delete_missing(options.paths);
    }
    // Site chrome learned by earlier runs cleans this run's pages too; this run's learning is
    // stored with the articles.
    ChromeModel chrome;
    const std::vector<std::string> chrome_problems = indexer.load_chrome(chrome);
    // A large run builds partial databases on every core and merges them; a small one (the
    // daily increment) and a sharded one go straight into the database(s) in batches.
    const std::unique_ptr<ParallelIndexer> parallel =
        make_parallel_indexer(options, archive, stop, choose_index_threads(options, totals), context.err);
    // A second Ctrl-C ends the process at once: the parallel run's work directory goes first.
    const SecondSignalAction on_second_signal(stop, [&parallel] {
        if (parallel) {
            parallel->abandon();
        }
    });
    IndexRun run{options, context, indexer, progress, chrome, plan, stop, parallel.get()};
    IngestReport report = ingest_paths(
        options.paths, readers, [&run](Article&& article) { add_article(run, std::move(article)); },
        make_index_hooks(run));
    // A stopped run did not see every file: it deletes nothing (and commits what it read).
    const bool delete_missing = options.delete_missing && !report.stopped;
    const IndexOutcome outcome = parallel ? finish_parallel_index(run, report, delete_missing)
                                          : finish_sequential_index(run, report, delete_missing);
    // The summary's time and rate cover the whole run: reading, the last commit, the merge.
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!options.quiet) {
        for (const std::string& problem : chrome_problems) {
            context.err << "dateline-indexer: note: " << problem << '\n';
        }
    }
    // A signal that came after the reading stopped the run as well (everything read is
    // committed, or left out as the outcome says): the exit status says it was stopped.
    report.stopped = report.stopped || stop.requested();
    report_index_run(run, style, report, outcome);
    if (report.stopped) {
        return CommandStatus::stopped;
    }
    return report.rejections.empty() ? CommandStatus::done : CommandStatus::incomplete;
}

CommandStatus run_delete_command(const IndexerOptions& options, CommandContext& context)
{
    const std::vector<std::string> ids = read_ids(options.ids, context.in);
    ArchiveWriter archive(options, read_shard_layout(options.db), ArticleIndexer::Open::existing);
    ArticleWriter& indexer = archive.writer();
    std::vector<std::string> deleted;
    std::vector<std::string> not_found;
    for (const std::string& id : ids) {
        (indexer.remove(id) ? deleted : not_found).push_back(id);
    }
    indexer.commit();
    if (!not_found.empty()) {
        context.err << "dateline-indexer: not found (nothing to delete): " << list_ids(not_found) << '\n';
    }
    context.err << "dateline-indexer: deleted " << deleted.size() << " articles; " << not_found.size()
                << " ids not found; " << options.db << " now holds " << indexer.document_count() << " articles\n";
    if (options.json) {
        context.out << dump_json({{"deleted", deleted}, {"not_found", not_found}, {"documents", indexer.document_count()}})
                    << '\n';
    }
    return not_found.empty() ? CommandStatus::done : CommandStatus::incomplete;
}

CommandStatus run_stats_command(const IndexerOptions& options, CommandContext& context)
{
    const DatabaseStats stats = read_database_stats(options.db);
    if (options.json) {
        nlohmann::json json = database_stats_to_json(stats);
        json["db"] = options.db;
        context.out << dump_json(json) << '\n';
    } else {
        context.out << format_database_stats(stats, options.db);
    }
    return CommandStatus::done;
}

CommandStatus run_export_command(const IndexerOptions& options, CommandContext& context)
{
    SearchService service(options.db);
    const std::size_t exported = service.for_each_article(options.query, [&](const Article& article) {
        context.out << dump_json(article_to_record(article)) << '\n';
    });
    context.out.flush();
    if (!context.out) {
        throw Error(ErrorCode::internal, "cannot write the exported records (is the disk full?)");
    }
    if (!options.quiet) {
        context.err << "dateline-indexer: exported " << exported << " articles from " << options.db << '\n';
    }
    return CommandStatus::done;
}

CommandStatus run_reindex_command(const IndexerOptions& options, CommandContext& context)
{
    if (const std::optional<ShardRule> rule = read_shard_layout(options.db)) {
        throw sharded_archive_error(options.db, *rule, "reindex");
    }
    ProgressReporter progress = make_reporter(options, context, {});
    const ReindexResult result =
        reindex_database(options.db, options.batch_size, options.keep_old, [&](std::size_t done, std::size_t total) {
            progress.update([&](double seconds) {
                return "reindexed " + std::to_string(done) + "/" + std::to_string(total) + " articles in " +
                       format_duration(seconds);
            });
        });
    progress.finish();
    context.err << "dateline-indexer: reindexed " << result.articles << " articles of " << options.db
                << " from schema version " << result.from_version << " to " << schema::k_schema_version << "; "
                << (result.kept_old.empty() ? "the old database was removed"
                                            : "the old database is kept at " + result.kept_old)
                << '\n';
    if (options.json) {
        context.out << dump_json({{"articles", result.articles},
                                  {"from_version", result.from_version},
                                  {"to_version", schema::k_schema_version},
                                  {"kept_old", string_or_null(result.kept_old)}})
                    << '\n';
    }
    return CommandStatus::done;
}

CommandStatus run_compact_command(const IndexerOptions& options, CommandContext& context)
{
    if (const std::optional<ShardRule> rule = read_shard_layout(options.db)) {
        throw sharded_archive_error(options.db, *rule, "compact");
    }
    const CompactResult result = compact_database(options.db, options.destination, options.keep_old);
    if (options.destination.empty()) {
        context.err << "dateline-indexer: compacted " << options.db << " (" << result.documents << " articles): "
                    << format_bytes(result.size_before) << " -> " << format_bytes(result.size_after)
                    << (result.kept_old.empty() ? "" : "; the uncompacted database is kept at " + result.kept_old)
                    << '\n';
    } else {
        context.err << "dateline-indexer: wrote a compacted copy of " << options.db << " (" << result.documents
                    << " articles, " << format_bytes(result.size_after) << ") to " << result.written << '\n';
    }
    if (options.json) {
        context.out << dump_json({{"documents", result.documents},
                                  {"size_before", result.size_before},
                                  {"size_after", result.size_after},
                                  {"written", result.written},
                                  {"kept_old", string_or_null(result.kept_old)}})
                    << '\n';
    }
    return CommandStatus::done;
}

} // namespace dateline
