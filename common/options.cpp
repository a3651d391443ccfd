#include "common/options.h"

#include <algorithm>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

extern char** environ;

namespace dateline {
namespace {

// Walks argv, splitting "--flag=value" and taking the next argument as a flag's value.
class ArgumentCursor {
public:
    explicit ArgumentCursor(const std::vector<std::string>& args) : m_args(args) {}

    [[nodiscard]] bool done() const { return m_index >= m_args.size(); }

    // The next argument; for "--flag=value" the flag part (the value is kept for value()).
    std::string next()
    {
        std::string arg = m_args[m_index++];
        m_inline_value.reset();
        if (arg.starts_with("--")) {
            if (const std::size_t equals = arg.find('='); equals != std::string::npos) {
                m_inline_value = arg.substr(equals + 1);
                arg.erase(equals);
            }
        }
        return arg;
    }

    std::string value(const std::string& flag)
    {
        if (m_inline_value) {
            return *std::exchange(m_inline_value, std::nullopt);
        }
        if (done()) {
            throw UsageError(flag + " needs a value");
        }
        return m_args[m_index++];
    }

    void reject_inline_value(const std::string& flag)
    {
        if (m_inline_value) {
            throw UsageError(flag + " takes no value");
        }
    }

private:
    const std::vector<std::string>& m_args;
    std::size_t m_index = 0;
    std::optional<std::string> m_inline_value;
};

long parse_number(const std::string& flag, const std::string& text, long min, long max)
{
    long value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || ptr != end || value < min || value > max) {
        throw UsageError(flag + " needs a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
                         ", got \"" + text + "\"");
    }
    return value;
}

std::string env_or(const Environment& env, const std::string& name, const std::string& fallback)
{
    const auto it = env.find(name);
    return it == env.end() || it->second.empty() ? fallback : it->second;
}

} // namespace

namespace {

using Command = IndexerOptions::Command;

struct CommandName {
    std::string_view name;
    Command command;
};

constexpr CommandName k_commands[] = {
    {"index", Command::index},       {"extract", Command::extract},          {"delete", Command::delete_articles},
    {"stats", Command::stats},       {"export", Command::export_articles}, {"reindex", Command::reindex},
    {"compact", Command::compact},   {"duplicates", Command::duplicates},
};

std::string_view command_name(Command command)
{
    for (const CommandName& entry : k_commands) {
        if (entry.command == command) {
            return entry.name;
        }
    }
    return "index";
}

// Which commands a flag applies to; a flag given to another command is a usage error, so that
// a misplaced flag never silently does nothing.
struct FlagScope {
    std::string_view flag;
    std::vector<Command> commands;
};

const std::vector<FlagScope>& flag_scopes()
{
    static const std::vector<FlagScope> scopes = {
        {"--batch-size", {Command::index, Command::delete_articles, Command::reindex}},
        {"--rejects", {Command::index}},
        {"--jobs", {Command::index}},
        {"--parallel-min-mb", {Command::index}},
        {"--delete-missing", {Command::index}},
        {"--progress-interval", {Command::index, Command::reindex}},
        {"--json", {Command::index, Command::delete_articles, Command::stats, Command::reindex, Command::compact}},
        {"--query", {Command::export_articles}},
        {"--to", {Command::compact}},
        {"--keep-old", {Command::reindex, Command::compact}},
    };
    return scopes;
}

void check_flag_applies(const std::string& flag, Command command)
{
    for (const FlagScope& scope : flag_scopes()) {
        if (scope.flag != flag) {
            continue;
        }
        if (std::find(scope.commands.begin(), scope.commands.end(), command) != scope.commands.end()) {
            return;
        }
        std::string names;
        for (const Command allowed : scope.commands) {
            names += (names.empty() ? "" : ", ") + std::string(command_name(allowed));
        }
        throw UsageError(flag + " does not apply to " + std::string(command_name(command)) + "; it is for: " + names +
                         " (see dateline-indexer --help)");
    }
}

void check_operands(IndexerOptions& options, std::vector<std::string>& operands)
{
    switch (options.command) {
    case Command::index:
    case Command::extract:
        if (operands.empty()) {
            throw UsageError("no input: name at least one file or directory to read (see dateline-indexer --help)");
        }
        options.paths = std::move(operands);
        break;
    case Command::delete_articles:
        if (operands.empty()) {
            throw UsageError("no ids: name the ids of the articles to delete, or - to read them from standard input, "
                             "one per line");
        }
        options.ids = std::move(operands);
        break;
    default:
        if (!operands.empty()) {
            throw UsageError(std::string(command_name(options.command)) + " takes no file or id, got \"" +
                             operands.front() + "\" (see dateline-indexer --help)");
        }
    }
}

} // namespace

IndexerOptions parse_indexer_options(const std::vector<std::string>& args, const Environment& env)
{
    IndexerOptions options;
    options.db = env_or(env, "DATELINE_DB", "");
    ArgumentCursor cursor(args);
    bool first = true;
    bool only_operands = false;
    std::vector<std::string> operands;
    while (!cursor.done()) {
        const std::string arg = cursor.next();
        const bool was_first = std::exchange(first, false);
        if (only_operands || arg == "-" || !arg.starts_with("-")) {
            const auto named = std::find_if(std::begin(k_commands), std::end(k_commands),
                                            [&](const CommandName& entry) { return entry.name == arg; });
            if (was_first && !only_operands && named != std::end(k_commands)) {
                options.command = named->command;
            } else {
                operands.push_back(arg);
            }
            continue;
        }
        if (arg == "--") {
            only_operands = true;
            continue;
        }
        if (arg == "-h" || arg == "--help") {
            options.command = Command::help;
            return options;
        }
        if (arg == "--version") {
            options.command = Command::version;
            return options;
        }
        check_flag_applies(arg, options.command);
        if (arg == "--db") {
            options.db = cursor.value(arg);
        } else if (arg == "--batch-size") {
            options.batch_size = static_cast<std::size_t>(parse_number(arg, cursor.value(arg), 1, 1000000));
        } else if (arg == "--jobs") {
            options.jobs = static_cast<unsigned>(parse_number(arg, cursor.value(arg), 0, 256));
        } else if (arg == "--parallel-min-mb") {
            options.parallel_min_mb = static_cast<std::size_t>(parse_number(arg, cursor.value(arg), 0, 1000000));
        } else if (arg == "--rejects") {
            options.rejects_path = cursor.value(arg);
        } else if (arg == "--progress-interval") {
            options.progress_interval = static_cast<int>(parse_number(arg, cursor.value(arg), 0, 86400));
        } else if (arg == "--query") {
            options.query = cursor.value(arg);
        } else if (arg == "--to") {
            options.destination = cursor.value(arg);
        } else if (arg == "-q" || arg == "--quiet" || arg == "--json" || arg == "--delete-missing" ||
                   arg == "--keep-old") {
            cursor.reject_inline_value(arg);
            bool& flag = arg == "--json"             ? options.json
                         : arg == "--delete-missing" ? options.delete_missing
                         : arg == "--keep-old"       ? options.keep_old
                                                     : options.quiet;
            flag = true;
        } else {
            throw UsageError("unknown option " + arg + " (see dateline-indexer --help)");
        }
    }
    check_operands(options, operands);
    if (options.command != Command::extract && options.db.empty()) {
        throw UsageError(options.command == Command::index        ? "--db DIR is required: the database directory to create or update"
                         : options.command == Command::duplicates ? "--db DIR is required: the database whose copies to list"
                                                                  : "--db DIR is required: the database directory to " +
                                                                        std::string(command_name(options.command)));
    }
    if (options.delete_missing &&
        std::all_of(options.paths.begin(), options.paths.end(), [](const std::string& path) { return path == "-"; })) {
        throw UsageError("--delete-missing needs a file or directory to compare the database with; standard input "
                         "has none");
    }
    return options;
}

std::string indexer_usage()
{
    return R"(Usage: dateline-indexer [index] --db DIR [options] PATH...
       dateline-indexer extract [--db DIR] PATH...
       dateline-indexer duplicates --db DIR
       dateline-indexer delete --db DIR ID...
       dateline-indexer stats --db DIR [--json]
       dateline-indexer export --db DIR [--query Q]
       dateline-indexer reindex --db DIR [--keep-old]
       dateline-indexer compact --db DIR [--to DEST] [--keep-old]

Reads news articles and indexes them into the Xapian database DIR (created when missing).
PATH is a file or a directory (read recursively; hidden entries are skipped):
  *.jsonl   JSON records, one per line          *.json  one record or an array of records
  *.txt     plain-text page scrapes, cleaned of site chrome
  -         JSON records, one per line, from standard input (ids from "id", "url" or the content)
Other files are skipped with a note. Re-running replaces articles by id; it never duplicates.

Commands:
  index      (default) index PATH... into --db DIR
  extract    print the articles PATH... would give, as JSON lines, without indexing:
             what the index command would index (site chrome is learned from PATH...
             and, with --db, from what DIR learned in earlier runs; DIR is not changed)
  duplicates print each group of syndicated copies in --db DIR (two or more articles
             with one cluster key) as a JSON line: {"cluster", "articles": [{"id", …}]}
  delete     remove the articles with these ids (- reads ids from standard input, one per line)
  stats      documents, date span, sources, size, schema version and last commit of --db DIR
  export     print the stored articles as JSON lines that index back to the same database
  reindex    rebuild --db DIR from its stored articles (after an upgrade changed the schema);
             the old database stays in place until the new one is complete
  compact    rewrite --db DIR compactly in place, or with --to DEST write a compacted copy to
             DEST: a consistent backup, safe while the server and an indexer run

Options:
  --db DIR               database directory (or DATELINE_DB); it also keeps the site chrome learned
  --batch-size N         articles per commit (default 2000); a crash loses at most one batch
  --jobs N               index: threads for a large run (default: one per hardware thread; 1
                         indexes sequentially). A run of at least --parallel-min-mb of input
                         builds partial databases in parallel and merges them into a new
                         database that replaces DIR whole when complete
  --parallel-min-mb MB   index: input size from which a run is parallel (default 16, about
                         15,000 news articles); smaller runs go straight into DIR in batches
  --rejects FILE         index: also write every rejected record as a JSON line to FILE
  --delete-missing       index: afterwards remove the articles that came from files under PATH...
                         that are gone or no longer hold them (a file with a rejected record,
                         and a PATH that gave no article at all, keep theirs)
  --progress-interval S  seconds between plain progress lines when not on a terminal (default 10)
  --query Q              export: only the articles matching Q (the search query language)
  --to DEST              compact: write the compacted copy to DEST (must not exist)
  --keep-old             reindex, compact: keep the replaced database as DIR.old-TIMESTAMP
  --json                 print the summary (stats: the statistics) as JSON on standard output
  -q, --quiet            no progress and no notes: only errors and the summary line
  -h, --help             show this help and exit
  --version              print the version and exit

On a terminal, index shows a live progress line (files, articles, MB, rate, ETA) and a summary
table; in a pipe or when CI is set it prints a plain progress line every few seconds instead.

Exit status: 0 all done; 3 finished but some input was rejected (listed on stderr) or some
id to delete was not found; 1 runtime failure (e.g. the database cannot be written, or was
built by another schema version: see reindex); 2 usage error.
)";
}

namespace {

void set_source(ServerOptions& options, const std::string& setting, const std::string& source)
{
    options.sources[setting] = source;
}

std::vector<std::string> split_origins(const std::string& text)
{
    std::vector<std::string> origins;
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        std::string origin = text.substr(start, comma - start);
        origin.erase(0, origin.find_first_not_of(' '));
        origin.erase(origin.find_last_not_of(' ') + 1);
        if (!origin.empty()) {
            origins.push_back(origin);
        }
        start = comma + 1;
    }
    return origins;
}

void check_origins(const std::string& where, const std::vector<std::string>& origins)
{
    for (const std::string& origin : origins) {
        if (!is_valid_cors_origin(origin)) {
            throw UsageError(where + " needs \"*\" or an origin such as https://news.example.com (scheme, host and "
                                     "optional port; no path), got \"" +
                             origin + "\"");
        }
    }
}

} // namespace

ServerOptions parse_server_options(const std::vector<std::string>& args, const Environment& env)
{
    ServerOptions options;
    for (const char* setting :
         {"db", "host", "port", "threads", "access_log", "cors_origins", "rate_limit", "auth_token", "search_deadline",
                                "cache_entries", "synonyms"}) {
        set_source(options, setting, "default");
    }
    const auto from_env = [&](const char* variable, const char* setting, std::string& value) {
        if (const std::string text = env_or(env, variable, ""); !text.empty()) {
            value = text;
            set_source(options, setting, variable);
        }
    };
    from_env("DATELINE_DB", "db", options.db);
    from_env("DATELINE_HOST", "host", options.host);
    from_env("DATELINE_ACCESS_LOG", "access_log", options.access_log);
    // The environment is the better place for a secret: command lines are visible in ps.
    from_env("DATELINE_AUTH_TOKEN", "auth_token", options.auth_token);
    // Numbers and lists from the environment are read only when no flag sets them (below), so
    // that a bad variable neither blocks --help nor a flag that overrides it.
    ArgumentCursor cursor(args);
    while (!cursor.done()) {
        const std::string arg = cursor.next();
        if (arg == "-h" || arg == "--help") {
            options.help = true;
            return options;
        }
        if (arg == "--version") {
            options.version = true;
            return options;
        }
        if (arg == "--db") {
            options.db = cursor.value(arg);
            set_source(options, "db", arg);
        } else if (arg == "--host") {
            options.host = cursor.value(arg);
            set_source(options, "host", arg);
        } else if (arg == "--port") {
            options.port = static_cast<int>(parse_number(arg, cursor.value(arg), 0, 65535));
            set_source(options, "port", arg);
        } else if (arg == "--threads") {
            options.threads = static_cast<int>(parse_number(arg, cursor.value(arg), 1, 256));
            set_source(options, "threads", arg);
        } else if (arg == "--access-log") {
            options.access_log = cursor.value(arg);
            set_source(options, "access_log", arg);
        } else if (arg == "--cors-origin") {
            const std::vector<std::string> origins = split_origins(cursor.value(arg));
            check_origins(arg, origins);
            if (options.sources["cors_origins"] != arg) {
                options.cors_origins.clear();
            }
            options.cors_origins.insert(options.cors_origins.end(), origins.begin(), origins.end());
            set_source(options, "cors_origins", arg);
        } else if (arg == "--rate-limit") {
            options.rate_limit = static_cast<int>(parse_number(arg, cursor.value(arg), 0, 1000000));
            set_source(options, "rate_limit", arg);
        } else if (arg == "--rate-burst") {
            options.rate_burst = static_cast<int>(parse_number(arg, cursor.value(arg), 1, 1000000));
        } else if (arg == "--auth-token") {
            options.auth_token = cursor.value(arg);
            if (options.auth_token.empty()) {
                throw UsageError("--auth-token needs a non-empty token");
            }
            set_source(options, "auth_token", arg);
        } else if (arg == "--search-deadline") {
            options.search_deadline_ms = static_cast<int>(parse_number(arg, cursor.value(arg), 1, 600000));
            set_source(options, "search_deadline", arg);
        } else if (arg == "--synonyms") {
            options.synonyms_file = cursor.value(arg);
            if (options.synonyms_file.empty()) {
                throw UsageError("--synonyms needs a file of synonym groups (see common/search/default_synonyms.txt)");
            }
            set_source(options, "synonyms", arg);
        } else if (arg == "--cache-entries") {
            options.cache_entries = static_cast<int>(parse_number(arg, cursor.value(arg), 0, 1000000));
            set_source(options, "cache_entries", arg);
        } else {
            throw UsageError("unknown option " + arg + " (see dateline-server --help)");
        }
    }
    if (const std::string env_port = env_or(env, "DATELINE_PORT", "");
        options.sources["port"] == "default" && !env_port.empty()) {
        options.port = static_cast<int>(parse_number("DATELINE_PORT", env_port, 0, 65535));
        set_source(options, "port", "DATELINE_PORT");
    }
    if (const std::string env_threads = env_or(env, "DATELINE_THREADS", "");
        options.sources["threads"] == "default" && !env_threads.empty()) {
        options.threads = static_cast<int>(parse_number("DATELINE_THREADS", env_threads, 1, 256));
        set_source(options, "threads", "DATELINE_THREADS");
    }
    if (const std::string env_origins = env_or(env, "DATELINE_CORS_ORIGINS", "");
        options.sources["cors_origins"] == "default" && !env_origins.empty()) {
        options.cors_origins = split_origins(env_origins);
        check_origins("DATELINE_CORS_ORIGINS", options.cors_origins);
        set_source(options, "cors_origins", "DATELINE_CORS_ORIGINS");
    }
    if (options.rate_burst == 0) {
        options.rate_burst = 2 * options.rate_limit;
    } else if (options.rate_limit == 0) {
        throw UsageError("--rate-burst applies only with --rate-limit N (requests per second per client)");
    }
    if (options.db.empty()) {
        throw UsageError("--db DIR is required: the database directory built by dateline-indexer");
    }
    if (options.access_log.empty()) {
        throw UsageError("--access-log needs a file, - for standard error, or off");
    }
    return options;
}

std::string server_usage()
{
    return R"(Usage: dateline-server --db DIR [--host 127.0.0.1] [--port 8080] [--threads N]
                       [--access-log FILE] [--cors-origin ORIGIN]... [--rate-limit N]
                       [--rate-burst N] [--auth-token TOKEN] [--search-deadline MS]
                       [--cache-entries N] [--synonyms FILE]

Serves ranked search over the Dateline database DIR: a search page at / and a JSON API under
/api/v1/ (described by /api/v1/openapi.json; /api/... answers the same), plus /healthz,
/readyz and /metrics. Commits made by a running indexer become visible without a restart.

Options (each also read from the environment variable shown; a flag wins):
  --db DIR              database directory built by dateline-indexer      (DATELINE_DB)
  --host ADDR           address to listen on (default 127.0.0.1)          (DATELINE_HOST)
  --port N              port (default 8080; 0 takes a free port)          (DATELINE_PORT)
  --threads N           worker threads (default 8)                        (DATELINE_THREADS)
  --access-log FILE     append the access log (one JSON line per request) to FILE; reopened
                        on SIGHUP for log rotation; - is standard error (default), off none
                                                                          (DATELINE_ACCESS_LOG)
  --cors-origin ORIGIN  let web pages from ORIGIN (https://news.example.com, or * for any)
                        call the API from a browser; repeat it or separate origins by commas
                                                                          (DATELINE_CORS_ORIGINS)
  --rate-limit N        at most N requests per second from each client IP address, in bursts
                        of up to --rate-burst (default 2 x N); more get 429 with Retry-After.
                        Default 0: off (behind a proxy every client shares the proxy's address;
                        limit there instead, see docs/operations.md)
  --rate-burst N        requests a client may make at once under --rate-limit
  --auth-token TOKEN    a private archive: every route but /healthz requires the header
                        "Authorization: Bearer TOKEN", or HTTP basic credentials with TOKEN
                        as the password (any user name); else 401. Prefer the variable, which
                        ps does not show                                  (DATELINE_AUTH_TOKEN)
  --search-deadline MS  a search stops collecting matches after MS milliseconds (default 2000)
                        and answers with what it found, marked "partial": true
  --synonyms FILE       spellings that find each other (Kyiv, Kiev), one group per line,
                        separated by commas; replaces the built-in list, so start from a
                        copy of it (common/search/default_synonyms.txt in the source)
  --cache-entries N     keep up to N recent search responses (default 1000; 0: off) to answer
                        a repeated search at once; a commit retires them, and each lasts 60 s
  -h, --help            show this help and exit
  --version             print the version and exit

Start-up lines on stderr give the effective configuration (and where each setting came
from) and the address actually bound. SIGTERM or SIGINT stops the server after the requests
in flight are answered; SIGHUP reopens the access log file.
Exit status: 0 after a clean shutdown; 1 when the database cannot be opened or the port
cannot be bound; 2 usage error.
)";
}

std::string describe_server_options(const ServerOptions& options)
{
    const auto source = [&](const std::string& setting) {
        const auto it = options.sources.find(setting);
        return " (" + (it == options.sources.end() ? std::string("default") : it->second) + ")";
    };
    std::string origins;
    for (const std::string& origin : options.cors_origins) {
        origins += (origins.empty() ? "" : ",") + origin;
    }
    const std::string access_log = options.access_log == "-" ? "stderr" : options.access_log;
    return "db=" + options.db + source("db") + " host=" + options.host + source("host") +
           " port=" + std::to_string(options.port) + source("port") + " threads=" + std::to_string(options.threads) +
           source("threads") + " access_log=" + access_log + source("access_log") +
           " cors_origins=" + (origins.empty() ? "none" : origins) + source("cors_origins") + " rate_limit=" +
           (options.rate_limit == 0 ? std::string("off")
                                    : std::to_string(options.rate_limit) + "/s,burst=" + std::to_string(options.rate_burst)) +
           source("rate_limit") + " auth=" + (options.auth_token.empty() ? "off" : "token") + source("auth_token") +
           " search_deadline_ms=" + std::to_string(options.search_deadline_ms) + source("search_deadline") +
           " cache_entries=" + std::to_string(options.cache_entries) + source("cache_entries") +
           " synonyms=" + (options.synonyms_file.empty() ? std::string("built-in") : options.synonyms_file) +
           source("synonyms");
}

bool is_valid_cors_origin(const std::string& origin)
{
    if (origin == "*") {
        return true;
    }
    const std::size_t scheme_end = origin.find("://");
    if (scheme_end == std::string::npos || scheme_end == 0) {
        return false;
    }
    for (std::size_t i = 0; i < scheme_end; ++i) {
        const char c = origin[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
              c == '.')) {
            return false;
        }
    }
    const std::string host = origin.substr(scheme_end + 3);
    if (host.empty()) {
        return false;
    }
    return std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == ':' || c == '[' || c == ']';
    });
}

Environment read_environment()
{
    Environment env;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string text(*entry);
        if (const std::size_t equals = text.find('='); equals != std::string::npos) {
            env.emplace(text.substr(0, equals), text.substr(equals + 1));
        }
    }
    return env;
}

} // namespace dateline
