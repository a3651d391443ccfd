#include "common/cli/progress.h"

#include "common/index/database_stats.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <sstream>

namespace dateline {
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::milliseconds k_live_interval{200};

bool is_hidden_name(const fs::path& path)
{
    const std::string name = path.filename().string();
    return name.size() > 1 && name[0] == '.' && name != "..";
}

void count_file(const fs::path& path, const std::vector<std::unique_ptr<ArticleReader>>& readers, InputTotals& totals)
{
    ++totals.files;
    const bool readable =
        std::any_of(readers.begin(), readers.end(), [&](const auto& reader) { return reader->reads(path); });
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    if (readable && !error) {
        totals.bytes += size;
    }
}

std::string format_megabytes(std::uintmax_t bytes)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", static_cast<double>(bytes) / 1e6);
    return text;
}

double rate(std::size_t count, double seconds)
{
    return static_cast<double>(count) / (seconds > 0 ? seconds : 1e-9);
}

std::string format_rate(std::size_t count, double seconds)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.0f", rate(count, seconds));
    return text;
}

} // namespace

ProgressStyle choose_progress_style(bool quiet, bool stderr_is_terminal, bool under_ci)
{
    if (quiet) {
        return ProgressStyle::none;
    }
    return stderr_is_terminal && !under_ci ? ProgressStyle::live : ProgressStyle::lines;
}

InputTotals measure_inputs(const std::vector<std::string>& inputs,
                           const std::vector<std::unique_ptr<ArticleReader>>& readers)
{
    InputTotals totals;
    for (const std::string& input : inputs) {
        std::error_code error;
        if (input == "-") {
            totals.known = false;
        } else if (fs::is_directory(input, error)) {
            fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, error);
            for (const fs::recursive_directory_iterator end; !error && it != end; it.increment(error)) {
                if (is_hidden_name(it->path())) {
                    if (it->is_directory(error)) {
                        it.disable_recursion_pending();
                    }
                } else if (it->is_regular_file(error)) {
                    count_file(it->path(), readers, totals);
                }
            }
        } else if (fs::is_regular_file(input, error)) {
            count_file(input, readers, totals);
        }
    }
    return totals;
}

std::string format_duration(double seconds)
{
    const auto whole = static_cast<long long>(seconds + 0.5);
    char text[32];
    if (whole >= 3600) {
        std::snprintf(text, sizeof text, "%lldh%02lldm", whole / 3600, (whole % 3600) / 60);
    } else if (whole >= 60) {
        std::snprintf(text, sizeof text, "%lldm%02llds", whole / 60, whole % 60);
    } else {
        std::snprintf(text, sizeof text, "%llds", whole);
    }
    return text;
}

std::string format_progress(const IngestReport& report, const InputTotals& totals, double seconds)
{
    const std::size_t files_done = report.files_read + report.files_skipped;
    std::string line = "files " + std::to_string(files_done);
    if (totals.known) {
        line += "/" + std::to_string(std::max(totals.files, files_done));
    }
    line += " · articles " + std::to_string(report.articles_indexed);
    if (!report.rejections.empty()) {
        line += " (" + std::to_string(report.rejections.size()) + " rejected)";
    }
    line += " · " + format_megabytes(report.bytes_read);
    if (totals.known) {
        line += "/" + format_megabytes(std::max(totals.bytes, report.bytes_read));
    }
    line += " MB · " + format_rate(report.articles_indexed, seconds) + " articles/s";
    if (totals.known && report.bytes_read > 0 && seconds > 0) {
        const double remaining = static_cast<double>(totals.bytes - std::min(totals.bytes, report.bytes_read));
        line += " · ETA " + format_duration(remaining / (static_cast<double>(report.bytes_read) / seconds));
    }
    return line;
}

std::string format_summary_line(const IngestReport& report, SummaryVerb verb, std::size_t left_out)
{
    const std::size_t done = report.articles_indexed - std::min(left_out, report.articles_indexed);
    const std::string left = left_out == 0 ? "" : ", " + std::to_string(left_out) + " left out by the stop";
    char line[512];
    std::snprintf(line, sizeof line,
                  "%zu files read (%zu skipped), %zu articles read: %zu %s, %zu rejected%s; "
                  "%.1f MB in %.2f s (%s articles/s)",
                  report.files_read, report.files_skipped, report.articles_read(), done,
                  verb == SummaryVerb::extracted ? "extracted" : "indexed", report.rejections.size(), left.c_str(),
                  static_cast<double>(report.bytes_read) / 1e6, report.seconds,
                  format_rate(done, report.seconds).c_str());
    return line;
}

std::string format_summary_table(const IngestReport& report, const IndexOutcome& outcome)
{
    std::ostringstream out;
    const auto row = [&out](const char* name, const std::string& value) {
        char label[32];
        std::snprintf(label, sizeof label, "  %-20s", name);
        out << label << value << '\n';
    };
    row("files read", std::to_string(report.files_read) + " (" + std::to_string(report.files_skipped) + " skipped)");
    row("articles read", std::to_string(report.articles_read()));
    row("  indexed", std::to_string(report.articles_indexed - std::min(outcome.left_out, report.articles_indexed)) +
                         (report.duplicate_ids == 0 ? ""
                                                    : " (" + std::to_string(report.duplicate_ids) + " repeated ids)"));
    row("  rejected", std::to_string(report.rejections.size()));
    if (outcome.left_out > 0) {
        row("  left out (stop)", std::to_string(outcome.left_out));
    }
    if (!outcome.deleted.empty()) {
        row("deleted (missing)", std::to_string(outcome.deleted.size()));
    }
    row("data read", format_bytes(report.bytes_read));
    row("time", format_duration(report.seconds) + " (" + format_rate(report.articles_indexed, report.seconds) +
                    " articles/s)");
    row("database", outcome.db + ": " + std::to_string(outcome.documents) + " articles");
    return out.str();
}

nlohmann::json summary_to_json(const IngestReport& report, const IndexOutcome& outcome)
{
    nlohmann::json rejections = nlohmann::json::array();
    for (const Rejection& rejection : report.rejections) {
        rejections.push_back(rejection_to_json(rejection));
    }
    return {
        {"files_read", report.files_read},
        {"files_skipped", report.files_skipped},
        {"articles_read", report.articles_read()},
        {"indexed", report.articles_indexed - std::min(outcome.left_out, report.articles_indexed)},
        {"rejected", report.rejections.size()},
        {"left_out", outcome.left_out},
        {"duplicate_ids", report.duplicate_ids},
        {"deleted", outcome.deleted},
        {"bytes_read", report.bytes_read},
        {"seconds", report.seconds},
        {"db", outcome.db},
        {"documents", outcome.documents},
        {"rejections", std::move(rejections)},
    };
}

nlohmann::json rejection_to_json(const Rejection& rejection)
{
    return {{"file", rejection.path},
            {"line", rejection.line == 0 ? nlohmann::json(nullptr) : nlohmann::json(rejection.line)},
            {"reason", rejection.reason}};
}

ProgressReporter::ProgressReporter(std::ostream& out, ProgressStyle style, InputTotals totals,
                                   std::chrono::milliseconds interval)
    : m_out(out), m_style(style), m_totals(totals),
      m_interval(style == ProgressStyle::live ? k_live_interval : interval),
      m_start(std::chrono::steady_clock::now()),
      // The live line appears at the first update; plain lines only after a whole interval.
      m_last_print(style == ProgressStyle::live ? m_start - m_interval : m_start)
{
}

void ProgressReporter::update(const IngestReport& report)
{
    update([&](double seconds) { return format_progress(report, m_totals, seconds); });
}

void ProgressReporter::update(const std::function<std::string(double seconds)>& describe)
{
    if (m_style == ProgressStyle::none) {
        return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - m_last_print < m_interval) {
        return;
    }
    m_last_print = now;
    const std::string line = describe(std::chrono::duration<double>(now - m_start).count());
    if (m_style == ProgressStyle::live) {
        // Return to the line start and clear it: the line is redrawn in place.
        m_out << "\r\x1b[K" << line << std::flush;
        m_line_shown = true;
    } else {
        m_out << "dateline-indexer: progress: " << line << std::endl;
    }
}

void ProgressReporter::finish()
{
    if (m_line_shown) {
        m_out << "\r\x1b[K" << std::flush;
        m_line_shown = false;
    }
}

} // namespace dateline
