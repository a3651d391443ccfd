// What a database holds, for `dateline-indexer stats` and GET /api/v1/stats: documents, date
// span, sources, size, schema version and last commit. Owns the shape (JSON and text) of it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace Xapian {
class Database;
}

namespace dateline {

struct SourceCount {
    std::string name;
    std::size_t documents = 0;
};

struct DatabaseStats {
    std::size_t documents = 0;
    int schema_version = 0;          // 0 when the database has none
    std::string first_date;          // "YYYY-MM-DD", empty when nothing is dated
    std::string last_date;
    std::size_t undated = 0;
    std::vector<SourceCount> sources; // most documents first, then by name
    std::size_t without_source = 0;
    std::uintmax_t size_bytes = 0;    // files of the database directory
    std::string last_commit;          // ISO 8601 UTC, empty when not recorded
    std::uint64_t revision = 0;
};

/// The statistics of `db`, whose files are in `path`. Reads every date and source value once.
/// @exception Xapian::Error when the database cannot be read.
DatabaseStats compute_database_stats(const Xapian::Database& db, const std::string& path);

/// {"documents", "schema_version", "dates": {"first", "last", "undated"}, "sources": [{"name",
/// "documents"}], "without_source", "size_bytes", "last_commit", "revision"}
nlohmann::json database_stats_to_json(const DatabaseStats& stats);

/// The statistics as an aligned table for people, headed by the database path.
std::string format_database_stats(const DatabaseStats& stats, const std::string& path);

/// "12.3 MB" (decimal units) for a byte count.
std::string format_bytes(std::uintmax_t bytes);

} // namespace dateline
