// Command-line and environment options of both programs, as plain structs, and the pure
// functions that parse them (precedence: flag > DATELINE_* environment > default), each driven
// by one table of options in options.cpp that also makes --help and the configuration line.
#pragma once

#include <cstddef>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace dateline {

/// Thrown for a bad command line; the message names the flag. Programs exit 2 on it.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

using Environment = std::map<std::string, std::string>;

struct IndexerOptions {
    enum class Command { index, extract, duplicates, delete_articles, stats, export_articles, reindex, compact, help, version };
    Command command = Command::index;
    std::string db;                  // --db DIR (every command but extract, where it is optional)
    std::size_t batch_size = 2000;   // --batch-size N: articles per commit (index, delete, reindex)
    unsigned jobs = 0;               // --jobs N: threads for large runs (index); 0 = one per hardware thread, 1 = never parallel
    std::size_t parallel_min_mb = 16; // --parallel-min-mb MB: input size from which index runs in parallel
    bool quiet = false;              // --quiet: only errors and the summary line, no progress
    bool json = false;               // --json: the summary (stats: the statistics) as JSON on stdout
    std::string rejects_path;        // --rejects FILE: every rejection as a JSON line (index)
    bool delete_missing = false;     // --delete-missing: remove articles whose files are gone (index)
    std::string shard_by;            // --shard-by year|month|hash:N: split DIR into shards (index); empty: as recorded
    int progress_interval = 10;      // --progress-interval S: seconds between plain progress lines
    std::string query;               // --query Q: which articles to export (export)
    std::string destination;         // --to DIR: write a compacted copy there (compact)
    bool keep_old = false;           // --keep-old: keep the replaced database (reindex, compact)
    std::vector<std::string> paths;  // files and directories to read, "-" for standard input
    std::vector<std::string> ids;    // delete: article ids, "-" to read them from standard input
};

/// Parses the indexer's arguments (without the program name).
/// @exception UsageError naming the flag or the missing argument.
IndexerOptions parse_indexer_options(const std::vector<std::string>& args, const Environment& env);

/// The indexer's --help text; its options part is made from the same table as the parser.
std::string indexer_usage();

struct ServerOptions {
    std::string db;                // --db DIR, or a stub file naming shards
    std::string host = "127.0.0.1";
    int port = 8080;               // 0 takes a free port
    int threads = 8;               // requests answered at once, each with its own database handle
    int max_connections = 256;     // --max-connections N: connections served at once (a thread each)
    int header_timeout_ms = 5000;  // --header-timeout MS: a request's line and headers must arrive in this
    std::string access_log = "-";  // --access-log FILE: JSON lines; "-" standard error, "off" none
    std::vector<std::string> cors_origins; // --cors-origin ORIGIN (repeatable); "*" allows any
    int rate_limit = 0;            // --rate-limit N: requests per second per client IP; 0 off
    int rate_burst = 0;            // --rate-burst N: requests a client may make at once (default 2 x N)
    std::string auth_token;        // --auth-token / DATELINE_AUTH_TOKEN: required on every route but /healthz
    int search_deadline_ms = 2000; // --search-deadline MS: a search stops collecting matches after this
    int cache_entries = 1000;      // --cache-entries N: search responses kept for repeats (0: off)
    std::string shard_down = "partial"; // --shard-down partial|fail: a sharded archive with a shard down
    int shard_timeout_ms = 2000;   // --shard-timeout MS: a shard slower than this to connect or answer is down
    std::string synonyms_file;     // --synonyms FILE: replaces the built-in synonyms; empty keeps them
    bool help = false;
    bool version = false;
    /// Where each setting came from, by name ("db", "port", ...): "default", "--port" or
    /// "DATELINE_PORT"; for the start-up line.
    std::map<std::string, std::string> sources;
};

/// Parses the server's arguments (without the program name).
/// @exception UsageError naming the flag or the missing argument.
ServerOptions parse_server_options(const std::vector<std::string>& args, const Environment& env);

/// The server's --help text; its options part is made from the same table as the parser.
std::string server_usage();

/// The effective settings and where each came from, for the start-up log line:
/// "db=/srv/db (--db) host=127.0.0.1 (default) ...".
std::string describe_server_options(const ServerOptions& options);

/// True for "*" or an origin "scheme://host[:port]" (no path, no trailing slash).
bool is_valid_cors_origin(const std::string& origin);

/// The environment of this process as a map (for the parse functions).
Environment read_environment();

} // namespace dateline
