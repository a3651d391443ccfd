// dateline-indexer: parses options, wires the ingest walk to the ArticleIndexer (or to the
// extract printer) and maps the outcome to an exit code. All logic lives in common/.
#include "common/api_json.h"
#include "common/article_indexer.h"
#include "common/chrome_model.h"
#include "common/errors.h"
#include "common/extract_record.h"
#include "common/ingest.h"
#include "common/options.h"
#include "common/search_service.h"
#include "common/version.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
constexpr int k_exit_rejected = 3;
constexpr std::size_t k_max_listed_rejections = 50;

void print_summary(const dateline::IngestReport& report, bool quiet)
{
    if (!quiet) {
        for (const std::string& note : report.notes) {
            std::cerr << "dateline-indexer: note: " << note << '\n';
        }
    }
    std::size_t listed = 0;
    for (const dateline::Rejection& rejection : report.rejections) {
        if (++listed > k_max_listed_rejections) {
            std::cerr << "dateline-indexer: rejected: … and " << report.rejections.size() - k_max_listed_rejections
                      << " more (use --rejects FILE for the full list)\n";
            break;
        }
        std::cerr << "dateline-indexer: rejected: " << dateline::format_rejection(rejection) << '\n';
    }
    const double seconds = report.seconds > 0 ? report.seconds : 1e-9;
    char line[512];
    std::snprintf(line, sizeof line,
                  "dateline-indexer: %zu files read (%zu skipped), %zu articles read: %zu indexed, %zu rejected; "
                  "%.1f MB in %.2f s (%.0f articles/s)\n",
                  report.files_read, report.files_skipped, report.articles_read(), report.articles_indexed,
                  report.rejections.size(), static_cast<double>(report.bytes_read) / 1e6, report.seconds,
                  static_cast<double>(report.articles_indexed) / seconds);
    std::cerr << line;
}

void print_notes(const std::vector<std::string>& notes, bool quiet)
{
    for (const std::string& note : quiet ? std::vector<std::string>() : notes) {
        std::cerr << "dateline-indexer: note: " << note << '\n';
    }
}

void write_rejects_file(const std::string& path, const dateline::IngestReport& report)
{
    std::ofstream out(path, std::ios::trunc);
    for (const dateline::Rejection& rejection : report.rejections) {
        nlohmann::json line = {{"file", rejection.path}, {"reason", rejection.reason}};
        line["line"] = rejection.line == 0 ? nlohmann::json(nullptr) : nlohmann::json(rejection.line);
        out << dateline::dump_json(line) << '\n';
    }
    if (!out) {
        throw dateline::Error(dateline::ErrorCode::internal, "cannot write the rejects file " + path);
    }
}

int run_index(const dateline::IndexerOptions& options)
{
    dateline::ArticleIndexer indexer(options.db, options.batch_size);
    const auto readers = dateline::make_default_readers();
    dateline::ChromeModel chrome;
    print_notes(indexer.load_chrome(chrome), options.quiet);
    const dateline::IngestReport report = dateline::ingest_paths(
        options.paths, readers, [&](dateline::Article&& article) { indexer.add(article); }, &chrome);
    indexer.store_chrome(chrome);
    indexer.commit();
    print_summary(report, options.quiet);
    if (!options.rejects_path.empty()) {
        write_rejects_file(options.rejects_path, report);
    }
    if (!options.quiet) {
        std::cerr << "dateline-indexer: " << options.db << " now holds " << indexer.document_count()
                  << " articles\n";
    }
    return report.rejections.empty() ? k_exit_ok : k_exit_rejected;
}

int run_extract(const dateline::IndexerOptions& options)
{
    const auto readers = dateline::make_default_readers();
    dateline::ChromeModel chrome;
    if (!options.db.empty()) {
        print_notes(dateline::load_learned_chrome(options.db, chrome), false);
    }
    const dateline::IngestReport report = dateline::ingest_paths(
        options.paths, readers,
        [](dateline::Article&& article) { std::cout << dateline::extract_line(article) << '\n'; }, &chrome);
    print_summary(report, true);
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

} // namespace

int main(int argc, char** argv)
try {
    dateline::IndexerOptions options;
    try {
        options = dateline::parse_indexer_options(std::vector<std::string>(argv + 1, argv + argc),
                                                  dateline::read_environment());
    } catch (const dateline::UsageError& error) {
        std::cerr << "dateline-indexer: error: " << error.what() << '\n';
        return k_exit_usage;
    }
    switch (options.command) {
    case dateline::IndexerOptions::Command::help: std::cout << dateline::indexer_usage(); return k_exit_ok;
    case dateline::IndexerOptions::Command::version:
        std::cout << "dateline-indexer " << dateline::k_version << '\n';
        return k_exit_ok;
    case dateline::IndexerOptions::Command::extract: return run_extract(options);
    case dateline::IndexerOptions::Command::index: return run_index(options);
    case dateline::IndexerOptions::Command::duplicates: return run_duplicates(options);
    }
    return k_exit_failure;
} catch (const std::exception& error) {
    std::cerr << "dateline-indexer: error: " << error.what() << '\n';
    return k_exit_failure;
}
