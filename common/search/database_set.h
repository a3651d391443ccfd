// Owns opening the archive the server reads (issue 18): one database directory, or the shards a
// Xapian stub file names (local directories, or remote ones served by xapian-tcpsrv), each opened
// on its own with time-outs and combined into one Xapian::Database; and each shard's health: a
// shard that fails is left out for a back-off, then tried again, so it comes back without a
// restart. Read-only: never writes a shard or the stub.
#pragma once

#include "common/search/search_settings.h"

#include <xapian.h>

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// One shard named by a stub file: a local database directory, or a remote one (host and port
/// of a xapian-tcpsrv).
struct ShardLocation {
    std::string name; // as the stub writes it: the path, or "remote HOST:PORT"
    std::string path; // local shards: the directory, relative paths resolved against the stub's directory
    std::string host; // remote shards only
    unsigned port = 0;
    [[nodiscard]] bool remote() const { return !host.empty(); }
    bool operator==(const ShardLocation&) const = default;
};

/// Parses the text of a Xapian stub file `stub_path` (the path only resolves relative shard
/// paths and names the file in messages). Lines: "auto PATH", "glass PATH", "remote HOST:PORT"
/// (an IPv6 host in brackets); "#" starts a comment line; blank lines are skipped.
/// @exception dateline::Error (unavailable) "FILE:LINE: ..." for a line it cannot use, and
/// for a stub that names no shard.
std::vector<ShardLocation> parse_stub(std::string_view text, const std::string& stub_path);

/// The stub file `db_path` stands for: itself, or the XAPIANDB file in that directory; `db_path`
/// itself when it is a database directory (or nothing yet).
std::string find_stub(const std::string& db_path);

/// The shards `db_path` names: a database directory is one local shard; a stub file, or a
/// directory holding a XAPIANDB stub file, names several.
/// @exception dateline::Error (unavailable) when the stub cannot be read or parsed.
std::vector<ShardLocation> locate_shards(const std::string& db_path);

/// One handle on the shards that were up when it was opened.
struct OpenedShards {
    Xapian::Database db;               // the shards up, combined (empty when none is)
    std::vector<std::string> missing;  // names of the shards left out (down)
    std::uint64_t generation = 0;      // DatabaseSet::generation() when opened
};

/// The health of one shard, for readiness.
struct ShardHealth {
    std::string name;
    bool up = true;
    std::string problem; // why it is down
};

class DatabaseSet {
public:
    /// Reads where the shards are (nothing is opened yet).
    /// @exception dateline::Error (unavailable) when the stub cannot be read or parsed.
    DatabaseSet(const std::string& db_path, ShardSettings settings);

    /// Whether this is a plain local database directory (no stub).
    [[nodiscard]] bool single_local() const { return m_single_local; }
    /// Whether any shard is served remotely.
    [[nodiscard]] bool any_remote() const { return m_any_remote; }
    [[nodiscard]] std::size_t shard_count() const { return m_shards.size(); }
    /// The stub file the shards were read from (the database directory for one database).
    [[nodiscard]] const std::string& stub_path() const { return m_stub_path; }

    /// Opens every shard not left out (each checked for the schema version); a shard that fails
    /// to open is marked down and left out. Tries a down shard again once its back-off passed.
    /// @exception dateline::Error (unavailable) for a single local database that cannot be opened.
    OpenedShards open();

    /// After a handle failed: opens each of its shards again on its own and marks those that
    /// fail down. Returns true when one was marked down.
    bool check_shards(const OpenedShards& handle);

    /// Changes whenever a shard goes down or comes back: a handle from another generation is stale.
    [[nodiscard]] std::uint64_t generation() const;
    /// True when a down shard's back-off has passed (the next open() tries it).
    [[nodiscard]] bool retry_due() const;
    /// Each shard's health (a down shard's back-off is not tried here).
    [[nodiscard]] std::vector<ShardHealth> health() const;

private:
    struct State {
        bool up = true;
        std::string problem;
        std::chrono::steady_clock::time_point retry_at{};
    };
    Xapian::Database open_shard(const ShardLocation& shard) const;
    void mark_down(std::size_t index, const std::string& problem);
    void mark_up(std::size_t index);

    std::string m_stub_path;
    std::vector<ShardLocation> m_shards;
    ShardSettings m_settings;
    bool m_single_local = false;
    bool m_any_remote = false;
    mutable std::mutex m_mutex;
    std::vector<State> m_states;
    std::uint64_t m_generation = 0;
};

} // namespace dateline
