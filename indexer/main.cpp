// dateline-indexer: parses options, dispatches to the command (common/cli/indexer_commands.h, or
// the extract printer) and maps the outcome to an exit code. All logic lives in common/.
#include "common/web/api_json.h"
#include "common/index/article_indexer.h"
#include "common/cleaning/chrome_model.h"
#include "common/errors.h"
#include "common/ingest/extract_record.h"
#include "common/cli/indexer_commands.h"
#include "common/ingest/ingest.h"
#include "common/options.h"
#include "common/cli/progress.h"
#include "common/search/search_service.h"
#include "common/cli/stop_request.h"
#include "common/version.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <unistd.h>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_rejected = 3;
constexpr int k_exit_signal_base = 128;

void print_extract_summary(const dateline::IngestReport& report)
{
    dateline::print_ingest_messages(std::cerr, report, true);
    std::cerr << "dateline-indexer: " << dateline::format_summary_line(report, dateline::SummaryVerb::extracted)
              << '\n';
}

void print_notes(const std::vector<std::string>& notes, bool quiet)
{
    for (const std::string& note : quiet ? std::vector<std::string>() : notes) {
        std::cerr << "dateline-indexer: note: " << note << '\n';
    }
}

int run_extract(const dateline::IndexerOptions& options)
{
    const auto readers = dateline::make_default_readers();
    dateline::ChromeModel chrome;
    if (!options.db.empty()) {
        print_notes(dateline::load_learned_chrome(options.db, chrome), false);
    }
    dateline::IngestHooks hooks;
    hooks.chrome = &chrome;
    const dateline::IngestReport report = dateline::ingest_paths(
        options.paths, readers,
        [](dateline::Article&& article) { std::cout << dateline::extract_line(article) << '\n'; }, hooks);
    print_extract_summary(report);
    return report.rejections.empty() ? k_exit_ok : k_exit_rejected;
}

// One JSON line per group of syndicated copies: {"cluster", "articles": [{"id", "title", …}]}.
int run_duplicates(const dateline::IndexerOptions& options)
{
    dateline::SearchService service(options.db);
    std::size_t articles = 0;
    const std::vector<dateline::DuplicateCluster> clusters = service.duplicate_clusters();
    for (const dateline::DuplicateCluster& cluster : clusters) {
        std::cout << dateline::dump_json(dateline::duplicate_cluster_to_json(cluster)) << '\n';
        articles += cluster.articles.size();
    }
    std::cerr << "dateline-indexer: " << clusters.size() << " groups of copies holding " << articles << " of "
              << service.document_count() << " articles\n";
    return k_exit_ok;
}

// Stopped by a signal: 128 + its number (130 for Ctrl-C, 143 for SIGTERM), as the shell reports
// a process the signal ended, though here everything read was committed first.
int exit_code(dateline::CommandStatus status, int stop_signal = 0)
{
    switch (status) {
    case dateline::CommandStatus::done: return k_exit_ok;
    case dateline::CommandStatus::incomplete: return k_exit_rejected;
    case dateline::CommandStatus::stopped: return k_exit_signal_base + stop_signal;
    }
    return k_exit_failure;
}

// Ctrl-C or SIGTERM: commit what was read, then exit (see exit_code). The watcher starts before
// any other thread, so that the signals reach it alone.
int run_index(const dateline::IndexerOptions& options, dateline::CommandContext& context)
{
    dateline::StopRequest stop;
    stop.watch_signals();
    const dateline::CommandStatus status = dateline::run_index_command(options, context, stop);
    return exit_code(status, stop.signal());
}

} // namespace

int main(int argc, char** argv)
try {
    dateline::IndexerOptions options;
    const dateline::Environment environment = dateline::read_environment();
    try {
        options = dateline::parse_indexer_options(std::vector<std::string>(argv + 1, argv + argc), environment);
    } catch (const dateline::UsageError& error) {
        std::cerr << "dateline-indexer: error: " << error.what() << '\n';
        return k_exit_usage;
    }
    const auto ci = environment.find("CI");
    dateline::CommandContext context{std::cin, std::cout, std::cerr, isatty(STDERR_FILENO) == 1,
                                     ci != environment.end() && !ci->second.empty()};
    using Command = dateline::IndexerOptions::Command;
    switch (options.command) {
    case Command::help: std::cout << dateline::indexer_usage(); return k_exit_ok;
    case Command::version: std::cout << dateline::describe_version("dateline-indexer") << '\n'; return k_exit_ok;
    case Command::extract: return run_extract(options);
    case Command::index: return run_index(options, context);
    case Command::delete_articles: return exit_code(dateline::run_delete_command(options, context));
    case Command::stats: return exit_code(dateline::run_stats_command(options, context));
    case Command::export_articles: return exit_code(dateline::run_export_command(options, context));
    case Command::reindex: return exit_code(dateline::run_reindex_command(options, context));
    case Command::compact: return exit_code(dateline::run_compact_command(options, context));
    case Command::duplicates: return run_duplicates(options);
    }
    return k_exit_failure;
} catch (const std::exception& error) {
    std::cerr << "dateline-indexer: error: " << error.what() << '\n';
    return k_exit_failure;
}
