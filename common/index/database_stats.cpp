#include "common/index/database_stats.h"

#include "common/article.h"
#include "common/index/schema.h"

#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

namespace dateline {
namespace {

// "YYYYMMDD" (the date slot) -> "YYYY-MM-DD"
std::string slot_to_date(const std::string& value)
{
    if (value.size() != 8) {
        return value;
    }
    return value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
}

std::uintmax_t directory_size(const std::string& path)
{
    std::uintmax_t total = 0;
    std::error_code error;
    for (std::filesystem::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
        std::error_code size_error;
        if (it->is_regular_file(size_error)) {
            const std::uintmax_t size = it->file_size(size_error);
            total += size_error ? 0 : size;
        }
    }
    return total;
}

} // namespace

DatabaseStats compute_database_stats(const Xapian::Database& db, const std::string& path)
{
    DatabaseStats stats;
    stats.documents = db.get_doccount();
    stats.schema_version = schema::read_schema_version(db);
    stats.last_commit = schema::read_commit_time(db);
    try {
        stats.revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
        stats.revision = 0; // several shards (issue 18): each has its own revision
    } catch (const Xapian::UnimplementedError&) {
        stats.revision = 0; // a remote shard keeps its revision to itself
    }
    stats.size_bytes = directory_size(path);

    std::size_t dated = 0;
    for (auto it = db.valuestream_begin(schema::k_slot_date); it != db.valuestream_end(schema::k_slot_date); ++it) {
        const std::string date = *it;
        if (stats.first_date.empty() || date < stats.first_date) {
            stats.first_date = date;
        }
        if (date > stats.last_date) {
            stats.last_date = date;
        }
        ++dated;
    }
    stats.first_date = slot_to_date(stats.first_date);
    stats.last_date = slot_to_date(stats.last_date);
    stats.undated = stats.documents - std::min(dated, stats.documents);

    std::map<std::string, std::size_t> sources;
    std::size_t with_source = 0;
    for (auto it = db.valuestream_begin(schema::k_slot_source); it != db.valuestream_end(schema::k_slot_source); ++it) {
        ++sources[*it];
        ++with_source;
    }
    for (const auto& [name, count] : sources) {
        stats.sources.push_back(SourceCount{name, count});
    }
    std::stable_sort(stats.sources.begin(), stats.sources.end(),
                     [](const SourceCount& a, const SourceCount& b) { return a.documents > b.documents; });
    stats.without_source = stats.documents - std::min(with_source, stats.documents);
    return stats;
}

nlohmann::json database_stats_to_json(const DatabaseStats& stats)
{
    nlohmann::json sources = nlohmann::json::array();
    for (const SourceCount& source : stats.sources) {
        sources.push_back({{"name", source.name}, {"documents", source.documents}});
    }
    return {
        {"documents", stats.documents},
        {"schema_version", stats.schema_version},
        {"dates", {{"first", string_or_null(stats.first_date)}, {"last", string_or_null(stats.last_date)},
                   {"undated", stats.undated}}},
        {"sources", std::move(sources)},
        {"without_source", stats.without_source},
        {"size_bytes", stats.size_bytes},
        {"last_commit", string_or_null(stats.last_commit)},
        {"revision", stats.revision},
    };
}

std::string format_bytes(std::uintmax_t bytes)
{
    char text[32];
    if (bytes < 1000) {
        std::snprintf(text, sizeof text, "%ju B", bytes);
    } else if (bytes < 1000 * 1000) {
        std::snprintf(text, sizeof text, "%.1f kB", static_cast<double>(bytes) / 1e3);
    } else if (bytes < 1000ULL * 1000 * 1000) {
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
    } else {
        std::snprintf(text, sizeof text, "%.2f GB", static_cast<double>(bytes) / 1e9);
    }
    return text;
}

std::string format_database_stats(const DatabaseStats& stats, const std::string& path)
{
    constexpr std::size_t k_listed_sources = 10;
    std::ostringstream out;
    const auto row = [&out](const char* name, const std::string& value) {
        char label[24];
        std::snprintf(label, sizeof label, "%-16s", name);
        out << label << value << '\n';
    };
    row("database", path);
    row("schema version", std::to_string(stats.schema_version) +
                              (stats.schema_version == schema::k_schema_version
                                   ? ""
                                   : " (this program uses " + std::to_string(schema::k_schema_version) + ")"));
    row("documents", std::to_string(stats.documents));
    std::string span = stats.first_date.empty() ? "no dated articles" : stats.first_date + " to " + stats.last_date;
    row("dates", span + " (" + std::to_string(stats.undated) + " undated)");
    std::string sources = std::to_string(stats.sources.size());
    for (std::size_t i = 0; i < stats.sources.size() && i < k_listed_sources; ++i) {
        sources += (i == 0 ? ": " : ", ") + stats.sources[i].name + " (" + std::to_string(stats.sources[i].documents) + ")";
    }
    if (stats.sources.size() > k_listed_sources) {
        sources += ", …";
    }
    row("sources", sources + (stats.without_source == 0 ? "" : "; " + std::to_string(stats.without_source) +
                                                                    " articles without a source"));
    row("size on disk", format_bytes(stats.size_bytes));
    row("last commit", (stats.last_commit.empty() ? std::string("not recorded") : stats.last_commit) + " (revision " +
                           std::to_string(stats.revision) + ")");
    return out.str();
}

} // namespace dateline
