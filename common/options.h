// Command-line and environment options of both programs, as plain structs, and the pure
// functions that parse them (precedence: flag > DATELINE_* environment > default).
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
    enum class Command { index, extract, duplicates, help, version };
    Command command = Command::index;
    std::string db;                  // --db DIR (index, duplicates)
    std::size_t batch_size = 2000;   // --batch-size N: articles per commit
    bool quiet = false;              // --quiet: only errors and the summary line
    std::string rejects_path;        // --rejects FILE: every rejection as a JSON line
    std::vector<std::string> paths;  // files and directories to read
};

/// Parses the indexer's arguments (without the program name).
/// @exception UsageError naming the flag or the missing argument.
IndexerOptions parse_indexer_options(const std::vector<std::string>& args, const Environment& env);

/// The indexer's --help text.
std::string indexer_usage();

struct ServerOptions {
    std::string db;                // --db DIR
    std::string host = "127.0.0.1";
    int port = 8080;               // 0 takes a free port
    int threads = 8;               // worker threads, each with its own database handle
    bool help = false;
    bool version = false;
};

/// Parses the server's arguments (without the program name).
/// @exception UsageError naming the flag or the missing argument.
ServerOptions parse_server_options(const std::vector<std::string>& args, const Environment& env);

/// The server's --help text.
std::string server_usage();

/// The environment of this process as a map (for the parse functions).
Environment read_environment();

} // namespace dateline
