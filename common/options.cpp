#include "common/options.h"

#include "common/errors.h"
#include "common/index/shard_layout.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <charconv>
#include <initializer_list>
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

// Stores a whole number from min to max into `target`, or throws naming `where` (flag or variable).
template <typename Number>
void read_number(Number& target, const std::string& where, const std::string& text, long min, long max)
{
    target = static_cast<Number>(parse_number(where, text, min, max));
}

std::string env_or(const Environment& env, const std::string& name, const std::string& fallback)
{
    const auto it = env.find(name);
    return it == env.end() || it->second.empty() ? fallback : it->second;
}

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

// One option of a program. Each program's options are one table of these rows, from which the
// parser, --help and the server's configuration line are all made, so that none can forget one.
template <typename Options>
struct OptionRow {
    std::vector<std::string_view> flags; // every spelling: {"-q", "--quiet"}
    std::string_view env = "";           // the DATELINE_* variable that also sets it (a flag wins), or empty
    std::string_view value = "";         // the value's placeholder in --help ("DIR"); empty for a switch
    std::string_view help = "";          // what it does; --help adds the commands, default and variable
    // Stores the value (empty for a switch); `where` is the flag or the variable, for messages.
    void (*parse)(Options& options, const std::string& where, const std::string& text) = nullptr;
    // The setting as --help's default and the configuration line show it; null for none.
    std::string (*print)(const Options& options) = nullptr;
    bool ends_parsing = false;           // --help, --version: the rest of the command line is not read
    std::string_view setting = "";       // server: its key in ServerOptions::sources; empty: not tracked
    std::string_view label = "";         // server: its name in the configuration line; empty: not shown
    // Indexer: the commands it applies to, as for_commands() bits (a std::vector member with a
    // default crashes g++ 12 in this template); 0: all.
    unsigned commands = 0;
};

constexpr unsigned for_commands(std::initializer_list<Command> commands)
{
    unsigned bits = 0;
    for (const Command command : commands) {
        bits |= 1U << static_cast<unsigned>(command);
    }
    return bits;
}

// The names of the commands in `bits`, in the order of k_commands: "index, delete, reindex".
std::string name_commands(unsigned bits)
{
    std::string names;
    for (const CommandName& entry : k_commands) {
        if ((for_commands({entry.command}) & bits) != 0) {
            names += (names.empty() ? "" : ", ") + std::string(entry.name);
        }
    }
    return names;
}

// The row spelled `flag`, or null.
template <typename Options>
const OptionRow<Options>* find_option(const std::vector<OptionRow<Options>>& table, const std::string& flag)
{
    for (const OptionRow<Options>& row : table) {
        if (std::find(row.flags.begin(), row.flags.end(), flag) != row.flags.end()) {
            return &row;
        }
    }
    return nullptr;
}

// Reads the flag's value from the command line (a switch takes none) and stores it.
template <typename Options>
void read_flag(const OptionRow<Options>& row, const std::string& flag, ArgumentCursor& cursor, Options& options)
{
    if (row.ends_parsing) {
        row.parse(options, flag, ""); // "--help=x" is still --help
    } else if (row.value.empty()) {
        cursor.reject_inline_value(flag);
        row.parse(options, flag, "");
    } else {
        row.parse(options, flag, cursor.value(flag));
    }
}

void record_source(IndexerOptions& /*options*/, const OptionRow<IndexerOptions>& /*row*/, const std::string& /*where*/)
{
}

void record_source(ServerOptions& options, const OptionRow<ServerOptions>& row, const std::string& where)
{
    if (!row.setting.empty()) {
        options.sources[std::string(row.setting)] = where;
    }
}

// Applies the variable of each row no flag set, in table order (an empty variable counts as
// unset). Variables are read after the flags so that a bad one neither blocks --help nor a
// flag that overrides it.
template <typename Options>
void read_variables(const std::vector<OptionRow<Options>>& table, const std::vector<const OptionRow<Options>*>& given,
                    const Environment& env, Options& options)
{
    for (const OptionRow<Options>& row : table) {
        if (row.env.empty() || std::find(given.begin(), given.end(), &row) != given.end()) {
            continue;
        }
        const std::string variable(row.env);
        if (const std::string text = env_or(env, variable, ""); !text.empty()) {
            row.parse(options, variable, text);
            record_source(options, row, variable);
        }
    }
}

constexpr std::size_t k_help_width = 96;

// One entry of --help: the spelling, then the words wrapped in a column from `indent`.
std::string format_help_entry(const std::string& spelled, const std::vector<std::string>& words, std::size_t indent)
{
    std::string entry = "  " + spelled;
    if (entry.size() + 2 > indent) {
        entry += "\n" + std::string(indent, ' ');
    } else {
        entry.resize(indent, ' ');
    }
    std::size_t column = indent;
    for (const std::string& word : words) {
        if (column > indent && column + 1 + word.size() > k_help_width) {
            entry += "\n" + std::string(indent, ' ');
            column = indent;
        }
        entry += (column > indent ? " " : "") + word;
        column += (column > indent ? 1 : 0) + word.size();
    }
    return entry + "\n";
}

// "[for index, reindex; default: 10; environment: DATELINE_DB]", or empty.
template <typename Options>
std::string describe_row_notes(const OptionRow<Options>& row)
{
    std::vector<std::string> notes;
    if (row.commands != 0) {
        notes.push_back("for " + name_commands(row.commands));
    }
    if (row.print != nullptr) {
        if (const std::string value = row.print(Options{}); !value.empty()) {
            notes.push_back("default: " + value);
        }
    }
    if (!row.env.empty()) {
        notes.push_back("environment: " + std::string(row.env));
    }
    std::string text;
    for (const std::string& note : notes) {
        text += (text.empty() ? "[" : "; ") + note;
    }
    return text.empty() ? text : text + "]";
}

// The options part of --help: every row with its spellings, value, help, default and variable.
template <typename Options>
std::string format_option_table(const std::vector<OptionRow<Options>>& table)
{
    const auto spell = [](const OptionRow<Options>& row) {
        std::string spelled;
        for (const std::string_view flag : row.flags) {
            spelled += (spelled.empty() ? "" : ", ") + std::string(flag);
        }
        return row.value.empty() ? spelled : spelled + " " + std::string(row.value);
    };
    std::size_t indent = 0;
    for (const OptionRow<Options>& row : table) {
        indent = std::max(indent, spell(row).size() + 4);
    }
    std::string text;
    for (const OptionRow<Options>& row : table) {
        // The notes are one word, so that they are never broken across lines.
        std::vector<std::string> words;
        for (const std::string_view word : split_at_spaces(row.help)) {
            words.emplace_back(word);
        }
        if (std::string notes = describe_row_notes(row); !notes.empty()) {
            words.push_back(std::move(notes));
        }
        text += format_help_entry(spell(row), words, indent);
    }
    return text;
}

using IndexerOption = OptionRow<IndexerOptions>;

// Long because it is one table: a row per option of the indexer.
const std::vector<IndexerOption>& indexer_option_table()
{
    using Options = IndexerOptions;
    static const std::vector<IndexerOption> table = {
        {.flags = {"--db"}, .env = "DATELINE_DB", .value = "DIR",
         .help = "database directory; it also keeps the site chrome learned (optional for extract)",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.db = text; }},
        {.flags = {"--batch-size"}, .value = "N", .help = "articles per commit; a crash loses at most one batch",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.batch_size, where, text, 1, 1000000); },
         .print = [](const Options& options) { return std::to_string(options.batch_size); },
         .commands = for_commands({Command::index, Command::delete_articles, Command::reindex})},
        {.flags = {"--jobs"}, .value = "N",
         .help = "threads for a large run (0: one per hardware thread; 1 indexes sequentially). A run of at least "
                 "--parallel-min-mb of input builds partial databases in parallel and merges them into a new "
                 "database that replaces DIR whole when complete",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.jobs, where, text, 0, 256); },
         .print = [](const Options& options) { return std::to_string(options.jobs); },
         .commands = for_commands({Command::index})},
        {.flags = {"--parallel-min-mb"}, .value = "MB",
         .help = "input size from which a run is parallel (16 MB is about 15,000 news articles); smaller runs go "
                 "straight into DIR in batches",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.parallel_min_mb, where, text, 0, 1000000); },
         .print = [](const Options& options) { return std::to_string(options.parallel_min_mb); },
         .commands = for_commands({Command::index})},
        {.flags = {"--rejects"}, .value = "FILE", .help = "also write every rejected record as a JSON line to FILE",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.rejects_path = text; },
         .commands = for_commands({Command::index})},
        {.flags = {"--delete-missing"},
         .help = "afterwards remove the articles that came from files under PATH... that are gone or no longer "
                 "hold them (a file with a rejected record, and a PATH that gave no article at all, keep theirs)",
         .parse = [](Options& options, const std::string&, const std::string&) { options.delete_missing = true; },
         .commands = for_commands({Command::index})},
        {.flags = {"--shard-by"}, .value = "RULE",
         .help = "split DIR into one database per shard, by publication year, month or hash:N of the id (N shards), "
                 "with a Xapian stub file DIR/XAPIANDB naming them; a later run keeps the rule recorded in DIR "
                 "(docs/deployment.md)",
         .parse = [](Options& options, const std::string& where, const std::string& text) {
             try {
                 options.shard_by = describe_shard_rule(parse_shard_rule(text));
             } catch (const Error& error) {
                 throw UsageError(where + ": " + error.what());
             }
         },
         .commands = for_commands({Command::index})},
        {.flags = {"--progress-interval"}, .value = "S",
         .help = "seconds between plain progress lines when not on a terminal",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.progress_interval, where, text, 0, 86400); },
         .print = [](const Options& options) { return std::to_string(options.progress_interval); },
         .commands = for_commands({Command::index, Command::reindex})},
        {.flags = {"--query"}, .value = "Q", .help = "only the articles matching Q (the search query language)",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.query = text; },
         .commands = for_commands({Command::export_articles})},
        {.flags = {"--to"}, .value = "DEST", .help = "write the compacted copy to DEST (must not exist)",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.destination = text; },
         .commands = for_commands({Command::compact})},
        {.flags = {"--keep-old"}, .help = "keep the replaced database as DIR.old-TIMESTAMP",
         .parse = [](Options& options, const std::string&, const std::string&) { options.keep_old = true; },
         .commands = for_commands({Command::reindex, Command::compact})},
        {.flags = {"--json"}, .help = "print the summary (stats: the statistics) as JSON on standard output",
         .parse = [](Options& options, const std::string&, const std::string&) { options.json = true; },
         .commands = for_commands(
             {Command::index, Command::delete_articles, Command::stats, Command::reindex, Command::compact})},
        {.flags = {"-q", "--quiet"}, .help = "no progress and no notes: only errors and the summary line",
         .parse = [](Options& options, const std::string&, const std::string&) { options.quiet = true; }},
        {.flags = {"-h", "--help"}, .help = "show this help and exit",
         .parse = [](Options& options, const std::string&, const std::string&) { options.command = Command::help; },
         .ends_parsing = true},
        {.flags = {"--version"}, .help = "print the version and exit",
         .parse = [](Options& options, const std::string&, const std::string&) { options.command = Command::version; },
         .ends_parsing = true},
    };
    return table;
}

// A flag given to a command it does not apply to is a usage error, so that a misplaced flag
// never silently does nothing.
void check_flag_applies(const IndexerOption& row, const std::string& flag, Command command)
{
    if (row.commands == 0 || (row.commands & for_commands({command})) != 0) {
        return;
    }
    throw UsageError(flag + " does not apply to " + std::string(command_name(command)) + "; it is for: " +
                     name_commands(row.commands) + " (see dateline-indexer --help)");
}

// A word that is not a flag: the command when it is the first argument and names one, else an
// operand (a path or an id).
void take_word(IndexerOptions& options, std::vector<std::string>& operands, const std::string& word,
               bool may_be_command)
{
    const auto named = std::find_if(std::begin(k_commands), std::end(k_commands),
                                    [&](const CommandName& entry) { return entry.name == word; });
    if (may_be_command && named != std::end(k_commands)) {
        options.command = named->command;
    } else {
        operands.push_back(word);
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

// The checks that need the whole command line: a database, and something to compare with.
void check_indexer_options(const IndexerOptions& options)
{
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
}

} // namespace

IndexerOptions parse_indexer_options(const std::vector<std::string>& args, const Environment& env)
{
    const std::vector<IndexerOption>& table = indexer_option_table();
    IndexerOptions options;
    std::vector<const IndexerOption*> given;
    std::vector<std::string> operands;
    ArgumentCursor cursor(args);
    bool only_operands = false;
    for (bool first = true; !cursor.done(); first = false) {
        const std::string arg = cursor.next();
        if (only_operands || arg == "-" || !arg.starts_with("-")) {
            take_word(options, operands, arg, first && !only_operands);
            continue;
        }
        if (arg == "--") {
            only_operands = true;
            continue;
        }
        const IndexerOption* row = find_option(table, arg);
        if (row == nullptr) {
            throw UsageError("unknown option " + arg + " (see dateline-indexer --help)");
        }
        check_flag_applies(*row, arg, options.command);
        read_flag(*row, arg, cursor, options);
        if (row->ends_parsing) {
            return options;
        }
        given.push_back(row);
    }
    read_variables(table, given, env, options);
    check_operands(options, operands);
    check_indexer_options(options);
    return options;
}

namespace {

constexpr std::string_view k_indexer_synopsis = R"(Usage: dateline-indexer [index] --db DIR [options] PATH...
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

Options (a flag given to a command it is not for is an error):
)";

constexpr std::string_view k_indexer_epilogue = R"(
On a terminal, index shows a live progress line (files, articles, MB, rate, ETA) and a summary
table; in a pipe or when CI is set it prints a plain progress line every few seconds instead.

Exit status: 0 all done; 3 finished but some input was rejected (listed on stderr) or some
id to delete was not found; 1 runtime failure (e.g. the database cannot be written, or was
built by another schema version: see reindex); 2 usage error.
)";

} // namespace

std::string indexer_usage()
{
    return std::string(k_indexer_synopsis) + format_option_table(indexer_option_table()) +
           std::string(k_indexer_epilogue);
}

namespace {

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

// Adds the origins of one --cors-origin (repeatable) or DATELINE_CORS_ORIGINS.
void read_origins(ServerOptions& options, const std::string& where, const std::string& text)
{
    const std::vector<std::string> origins = split_origins(text);
    check_origins(where, origins);
    options.cors_origins.insert(options.cors_origins.end(), origins.begin(), origins.end());
}

std::string print_origins(const ServerOptions& options)
{
    std::string origins;
    for (const std::string& origin : options.cors_origins) {
        origins += (origins.empty() ? "" : ",") + origin;
    }
    return origins.empty() ? "none" : origins;
}

std::string print_rate_limit(const ServerOptions& options)
{
    return options.rate_limit == 0
               ? std::string("off")
               : std::to_string(options.rate_limit) + "/s,burst=" + std::to_string(options.rate_burst);
}

using ServerOption = OptionRow<ServerOptions>;

// Long because it is one table: a row per option of the server, in the order of the
// configuration line.
const std::vector<ServerOption>& server_option_table()
{
    using Options = ServerOptions;
    static const std::vector<ServerOption> table = {
        {.flags = {"--db"}, .env = "DATELINE_DB", .value = "DIR",
         .help = "database directory built by dateline-indexer, or a sharded archive: a Xapian stub file (or a "
                 "directory holding one named XAPIANDB) with lines \"auto PATH\" and \"remote HOST:PORT\" "
                 "(docs/deployment.md)",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.db = text; },
         .print = [](const Options& options) { return options.db; }, .setting = "db", .label = "db"},
        {.flags = {"--host"}, .env = "DATELINE_HOST", .value = "ADDR", .help = "address to listen on",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.host = text; },
         .print = [](const Options& options) { return options.host; }, .setting = "host", .label = "host"},
        {.flags = {"--port"}, .env = "DATELINE_PORT", .value = "N", .help = "port to listen on; 0 takes a free port",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.port, where, text, 0, 65535); },
         .print = [](const Options& options) { return std::to_string(options.port); }, .setting = "port",
         .label = "port"},
        {.flags = {"--threads"}, .env = "DATELINE_THREADS", .value = "N",
         .help = "requests answered at once, each with its own database handle",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.threads, where, text, 1, 256); },
         .print = [](const Options& options) { return std::to_string(options.threads); }, .setting = "threads",
         .label = "threads"},
        {.flags = {"--access-log"}, .env = "DATELINE_ACCESS_LOG", .value = "FILE",
         .help = "append the access log (one JSON line per request) to FILE; reopened on SIGHUP for log rotation; "
                 "- is standard error, off none",
         .parse = [](Options& options, const std::string&, const std::string& text) { options.access_log = text; },
         .print = [](const Options& options) { return options.access_log == "-" ? "stderr" : options.access_log; },
         .setting = "access_log", .label = "access_log"},
        {.flags = {"--cors-origin"}, .env = "DATELINE_CORS_ORIGINS", .value = "ORIGIN",
         .help = "let web pages from ORIGIN (https://news.example.com, or * for any) call the API from a browser; "
                 "repeat it or separate origins by commas",
         .parse = read_origins, .print = print_origins, .setting = "cors_origins", .label = "cors_origins"},
        {.flags = {"--rate-limit"}, .value = "N",
         .help = "at most N requests per second from each client IP address, in bursts of up to --rate-burst; "
                 "more get 429 with Retry-After. Behind a proxy every client shares the proxy's address: limit "
                 "there instead (docs/operations.md, \"Behind a reverse proxy\")",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.rate_limit, where, text, 0, 1000000); },
         .print = print_rate_limit, .setting = "rate_limit", .label = "rate_limit"},
        {.flags = {"--rate-burst"}, .value = "N",
         .help = "requests a client may make at once under --rate-limit (twice N unless given)",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.rate_burst, where, text, 1, 1000000); }},
        {.flags = {"--auth-token"}, .env = "DATELINE_AUTH_TOKEN", .value = "TOKEN",
         .help = "a private archive: every route but /healthz requires the header \"Authorization: Bearer TOKEN\", "
                 "or HTTP basic credentials with TOKEN as the password (any user name); else 401. Prefer the "
                 "variable: command lines are visible in ps",
         .parse =
             [](Options& options, const std::string& where, const std::string& text) {
                 if (text.empty()) {
                     throw UsageError(where + " needs a non-empty token");
                 }
                 options.auth_token = text;
             },
         .print = [](const Options& options) { return std::string(options.auth_token.empty() ? "off" : "token"); },
         .setting = "auth_token", .label = "auth"},
        {.flags = {"--search-deadline"}, .value = "MS",
         .help = "a search stops collecting matches after MS milliseconds and answers with what it found, marked "
                 "\"partial\": true",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.search_deadline_ms, where, text, 1, 600000); },
         .print = [](const Options& options) { return std::to_string(options.search_deadline_ms); },
         .setting = "search_deadline", .label = "search_deadline_ms"},
        {.flags = {"--shard-down"}, .value = "partial|fail",
         .help = "a sharded archive with a shard down answers from the other shards, marked \"partial\" with "
                 "the missing shards named (partial, the default), or 503 until it is back (fail)",
         .parse =
             [](Options& options, const std::string& where, const std::string& text) {
                 if (text != "partial" && text != "fail") {
                     throw UsageError(where + " must be partial or fail, not \"" + text + "\"");
                 }
                 options.shard_down = text;
             },
         .print = [](const Options& options) { return options.shard_down; }, .setting = "shard_down",
         .label = "shard_down"},
        {.flags = {"--shard-timeout"}, .value = "MS",
         .help = "a shard that takes longer than MS milliseconds to connect or to answer one operation counts as "
                 "down; it is tried again after 3 s",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.shard_timeout_ms, where, text, 1, 600000); },
         .print = [](const Options& options) { return std::to_string(options.shard_timeout_ms); },
         .setting = "shard_timeout", .label = "shard_timeout_ms"},
        {.flags = {"--cache-entries"}, .value = "N",
         .help = "keep up to N recent search responses (0: off) to answer a repeated search at once; a commit "
                 "retires them, and each lasts 60 s",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.cache_entries, where, text, 0, 1000000); },
         .print = [](const Options& options) { return std::to_string(options.cache_entries); },
         .setting = "cache_entries", .label = "cache_entries"},
        {.flags = {"--synonyms"}, .value = "FILE",
         .help = "spellings that find each other (Kyiv, Kiev), one group per line, separated by commas; replaces "
                 "the built-in list, so start from a copy of it (common/search/default_synonyms.txt in the source)",
         .parse =
             [](Options& options, const std::string& where, const std::string& text) {
                 if (text.empty()) {
                     throw UsageError(where +
                                      " needs a file of synonym groups (see common/search/default_synonyms.txt)");
                 }
                 options.synonyms_file = text;
             },
         .print = [](const Options& options) {
             return options.synonyms_file.empty() ? std::string("built-in") : options.synonyms_file;
         },
         .setting = "synonyms", .label = "synonyms"},
        {.flags = {"--max-connections"}, .value = "N",
         .help = "connections served at once, a thread each (at most --threads answered at the same time); when "
                 "all but --threads of them wait for a request, the one idle longest is closed",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.max_connections, where, text, 2, 100000); },
         .print = [](const Options& options) { return std::to_string(options.max_connections); },
         .setting = "max_connections", .label = "max_connections"},
        {.flags = {"--header-timeout"}, .value = "MS",
         .help = "a request's line and headers must arrive within MS milliseconds of its first byte; a slower "
                 "client is dropped",
         .parse = [](Options& options, const std::string& where,
                     const std::string& text) { read_number(options.header_timeout_ms, where, text, 100, 600000); },
         .print = [](const Options& options) { return std::to_string(options.header_timeout_ms); },
         .setting = "header_timeout", .label = "header_timeout_ms"},
        {.flags = {"-h", "--help"}, .help = "show this help and exit",
         .parse = [](Options& options, const std::string&, const std::string&) { options.help = true; },
         .ends_parsing = true},
        {.flags = {"--version"}, .help = "print the version and exit",
         .parse = [](Options& options, const std::string&, const std::string&) { options.version = true; },
         .ends_parsing = true},
    };
    return table;
}

// The checks that need the whole command line.
void check_server_options(ServerOptions& options)
{
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
}

} // namespace

ServerOptions parse_server_options(const std::vector<std::string>& args, const Environment& env)
{
    const std::vector<ServerOption>& table = server_option_table();
    ServerOptions options;
    for (const ServerOption& row : table) {
        record_source(options, row, "default");
    }
    std::vector<const ServerOption*> given;
    ArgumentCursor cursor(args);
    while (!cursor.done()) {
        const std::string arg = cursor.next();
        const ServerOption* row = find_option(table, arg);
        if (row == nullptr) {
            throw UsageError("unknown option " + arg + " (see dateline-server --help)");
        }
        read_flag(*row, arg, cursor, options);
        if (row->ends_parsing) {
            return options;
        }
        record_source(options, *row, arg);
        given.push_back(row);
    }
    read_variables(table, given, env, options);
    check_server_options(options);
    return options;
}

namespace {

constexpr std::string_view k_server_synopsis = R"(Usage: dateline-server --db DIR [options]

Serves ranked search over the Dateline database DIR: a search page at / and a JSON API under
/api/v1/ (described by /api/v1/openapi.json; /api/... answers the same), plus /healthz,
/readyz and /metrics. Commits made by a running indexer become visible without a restart.

Options (a flag wins over its environment variable, which wins over the default):
)";

constexpr std::string_view k_server_epilogue = R"(
Start-up lines on stderr give the effective configuration (and where each setting came
from) and the address actually bound. SIGTERM or SIGINT stops the server after the requests
in flight are answered; SIGHUP reopens the access log file.
Exit status: 0 after a clean shutdown; 1 when the database cannot be opened or the port
cannot be bound; 2 usage error.
)";

} // namespace

std::string server_usage()
{
    return std::string(k_server_synopsis) + format_option_table(server_option_table()) +
           std::string(k_server_epilogue);
}

std::string describe_server_options(const ServerOptions& options)
{
    std::string line;
    for (const ServerOption& row : server_option_table()) {
        if (row.label.empty()) {
            continue;
        }
        const auto source = options.sources.find(std::string(row.setting));
        line += (line.empty() ? "" : " ") + std::string(row.label) + "=" + row.print(options) + " (" +
                (source == options.sources.end() ? std::string("default") : source->second) + ")";
    }
    return line;
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
