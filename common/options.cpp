#include "common/options.h"

#include <charconv>
#include <optional>
#include <stdexcept>
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

IndexerOptions parse_indexer_options(const std::vector<std::string>& args, const Environment& env)
{
    IndexerOptions options;
    options.db = env_or(env, "DATELINE_DB", "");
    ArgumentCursor cursor(args);
    bool first = true;
    bool only_paths = false;
    while (!cursor.done()) {
        const std::string arg = cursor.next();
        const bool was_first = std::exchange(first, false);
        if (only_paths || arg == "-" || !arg.starts_with("-")) {
            if (was_first && (arg == "index" || arg == "extract" || arg == "duplicates")) {
                options.command = arg == "index"     ? IndexerOptions::Command::index
                                  : arg == "extract" ? IndexerOptions::Command::extract
                                                     : IndexerOptions::Command::duplicates;
            } else {
                options.paths.push_back(arg);
            }
        } else if (arg == "--") {
            only_paths = true;
        } else if (arg == "-h" || arg == "--help") {
            options.command = IndexerOptions::Command::help;
            return options;
        } else if (arg == "--version") {
            options.command = IndexerOptions::Command::version;
            return options;
        } else if (arg == "--db") {
            options.db = cursor.value(arg);
        } else if (arg == "--batch-size") {
            options.batch_size = static_cast<std::size_t>(parse_number(arg, cursor.value(arg), 1, 1000000));
        } else if (arg == "--rejects") {
            options.rejects_path = cursor.value(arg);
        } else if (arg == "-q" || arg == "--quiet") {
            cursor.reject_inline_value(arg);
            options.quiet = true;
        } else {
            throw UsageError("unknown option " + arg + " (see dateline-indexer --help)");
        }
    }
    if (options.command == IndexerOptions::Command::duplicates) {
        if (!options.paths.empty()) {
            throw UsageError("duplicates reads only --db DIR; it takes no PATH (got " + options.paths.front() + ")");
        }
        if (options.db.empty()) {
            throw UsageError("--db DIR is required: the database whose copies to list");
        }
        return options;
    }
    if (options.paths.empty()) {
        throw UsageError("no input: name at least one file or directory to read (see dateline-indexer --help)");
    }
    if (options.command == IndexerOptions::Command::index && options.db.empty()) {
        throw UsageError("--db DIR is required: the database directory to create or update");
    }
    return options;
}

std::string indexer_usage()
{
    return R"(Usage: dateline-indexer [index] --db DIR [options] PATH...
       dateline-indexer extract [--db DIR] PATH...
       dateline-indexer duplicates --db DIR

Reads news articles and indexes them into the Xapian database DIR (created when missing).
PATH is a file or a directory (read recursively; hidden entries are skipped):
  *.jsonl   JSON records, one per line          *.json  one record or an array of records
  *.txt     plain-text page scrapes, cleaned of site chrome
Other files are skipped with a note. Re-running replaces articles by id; it never duplicates.

Commands:
  index      (default) index PATH... into --db DIR
  extract    print the articles PATH... would give, as JSON lines, without indexing:
             what the index command would index (site chrome is learned from PATH...
             and, with --db, from what DIR learned in earlier runs; DIR is not changed)
  duplicates print each group of syndicated copies in --db DIR (two or more articles
             with one cluster key) as a JSON line: {"cluster", "articles": [{"id", …}]}

Options:
  --db DIR           database directory (or DATELINE_DB); it also keeps the site chrome learned
  --batch-size N     articles per commit (default 2000); a crash loses at most one batch
  --rejects FILE     also write every rejected record as a JSON line to FILE
  -q, --quiet        print only errors and the summary line
  -h, --help         show this help and exit
  --version          print the version and exit

Exit status: 0 all indexed; 3 finished but some input was rejected (listed on stderr);
1 runtime failure (e.g. the database cannot be written); 2 usage error.
)";
}

ServerOptions parse_server_options(const std::vector<std::string>& args, const Environment& env)
{
    ServerOptions options;
    options.db = env_or(env, "DATELINE_DB", "");
    options.host = env_or(env, "DATELINE_HOST", options.host);
    // Numbers from the environment are read only when no flag sets them (below), so that a bad
    // variable neither blocks --help nor a flag that overrides it.
    bool port_from_flag = false;
    bool threads_from_flag = false;
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
        } else if (arg == "--host") {
            options.host = cursor.value(arg);
        } else if (arg == "--port") {
            options.port = static_cast<int>(parse_number(arg, cursor.value(arg), 0, 65535));
            port_from_flag = true;
        } else if (arg == "--threads") {
            options.threads = static_cast<int>(parse_number(arg, cursor.value(arg), 1, 256));
            threads_from_flag = true;
        } else {
            throw UsageError("unknown option " + arg + " (see dateline-server --help)");
        }
    }
    if (const std::string env_port = env_or(env, "DATELINE_PORT", ""); !port_from_flag && !env_port.empty()) {
        options.port = static_cast<int>(parse_number("DATELINE_PORT", env_port, 0, 65535));
    }
    if (const std::string env_threads = env_or(env, "DATELINE_THREADS", "");
        !threads_from_flag && !env_threads.empty()) {
        options.threads = static_cast<int>(parse_number("DATELINE_THREADS", env_threads, 1, 256));
    }
    if (options.db.empty()) {
        throw UsageError("--db DIR is required: the database directory built by dateline-indexer");
    }
    return options;
}

std::string server_usage()
{
    return R"(Usage: dateline-server --db DIR [--host 127.0.0.1] [--port 8080] [--threads N]

Serves ranked search over the Dateline database DIR: a search page at / and a JSON API
(/api/search, /api/articles/{id}, /healthz). Commits made by a running indexer become
visible without a restart.

Options (each also read from the environment variable shown; a flag wins):
  --db DIR        database directory built by dateline-indexer   (DATELINE_DB)
  --host ADDR     address to listen on (default 127.0.0.1)         (DATELINE_HOST)
  --port N        port (default 8080; 0 takes a free port)         (DATELINE_PORT)
  --threads N     worker threads (default 8)                       (DATELINE_THREADS)
  -h, --help      show this help and exit
  --version       print the version and exit

The start-up line on stderr names the address actually bound and the effective settings.
Exit status: 0 after a clean shutdown; 1 when the database cannot be opened or the port
cannot be bound; 2 usage error.
)";
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
