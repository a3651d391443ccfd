// dateline-indexer: parses options, dispatches to the command (common/indexer_commands.h, or
// the extract printer) and maps the outcome to an exit code. All logic lives in common/.
#include "common/api_json.h"
#include "common/cleaner.h"
#include "common/errors.h"
#include "common/indexer_commands.h"
#include "common/ingest.h"
#include "common/options.h"
#include "common/progress.h"
#include "common/version.h"

#include <nlohmann/json.hpp>

#include <iostream>
#include <unistd.h>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_rejected = 3;

void print_summary(const dateline::IngestReport& report, bool quiet)
{
    dateline::print_ingest_messages(std::cerr, report, quiet);
    std::cerr << "dateline-indexer: " << dateline::format_summary_line(report) << '\n';
}

int run_extract(const dateline::IndexerOptions& options)
{
    const auto readers = dateline::make_default_readers();
    const dateline::IngestReport report =
        dateline::ingest_paths(options.paths, readers, [](dateline::Article&& article) {
            nlohmann::json record = dateline::article_to_record(article);
            record["path"] = article.origin;
            std::cout << dateline::dump_json(record) << '\n';
        });
    print_summary(report, true);
    return report.rejections.empty() ? k_exit_ok : k_exit_rejected;
}

int exit_code(dateline::CommandStatus status)
{
    return status == dateline::CommandStatus::done ? k_exit_ok : k_exit_rejected;
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
    case Command::index: return exit_code(dateline::run_index_command(options, context));
    case Command::delete_articles: return exit_code(dateline::run_delete_command(options, context));
    case Command::stats: return exit_code(dateline::run_stats_command(options, context));
    case Command::export_articles: return exit_code(dateline::run_export_command(options, context));
    case Command::reindex: return exit_code(dateline::run_reindex_command(options, context));
    case Command::compact: return exit_code(dateline::run_compact_command(options, context));
    }
    return k_exit_failure;
} catch (const std::exception& error) {
    std::cerr << "dateline-indexer: error: " << error.what() << '\n';
    return k_exit_failure;
}
