// Unit tests of common/options.h: both programs' command lines as pure functions, with the
// precedence flag > DATELINE_* environment > default and each usage error's exact message.
#include "common/options.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using dateline::Environment;
using dateline::IndexerOptions;
using dateline::parse_indexer_options;
using dateline::parse_server_options;
using dateline::ServerOptions;
using dateline::UsageError;
using Args = std::vector<std::string>;
using Command = IndexerOptions::Command;

TEST_SUITE("options")
{
    TEST_CASE("indexer uses its defaults")
    {
        const IndexerOptions options = parse_indexer_options({"--db", "db", "corpus"}, {});
        CHECK(options.command == Command::index);
        CHECK(options.db == "db");
        CHECK(options.batch_size == 2000);
        CHECK_FALSE(options.quiet);
        CHECK(options.rejects_path.empty());
        CHECK(options.paths == Args{"corpus"});
    }

    TEST_CASE("indexer reads --db DIR and --db=DIR alike")
    {
        CHECK(parse_indexer_options({"--db", "news-db", "a"}, {}).db == "news-db");
        CHECK(parse_indexer_options({"--db=news-db", "a"}, {}).db == "news-db");
        CHECK(parse_indexer_options({"a", "--db=x=y"}, {}).db == "x=y");
    }

    TEST_CASE("indexer reads every option and keeps the paths in order")
    {
        const IndexerOptions options = parse_indexer_options(
            {"index", "--db", "d", "--batch-size=50", "--rejects", "rej.jsonl", "-q", "b", "a", "--", "--odd"}, {});
        CHECK(options.command == Command::index);
        CHECK(options.batch_size == 50);
        CHECK(options.rejects_path == "rej.jsonl");
        CHECK(options.quiet);
        CHECK(options.paths == Args{"b", "a", "--odd"});
        CHECK(parse_indexer_options({"--db", "d", "--quiet", "-"}, {}).paths == Args{"-"});
    }

    TEST_CASE("indexer takes index and extract as the first word only")
    {
        const IndexerOptions extract = parse_indexer_options({"extract", "page.txt"}, {});
        CHECK(extract.command == Command::extract);
        CHECK(extract.paths == Args{"page.txt"});
        CHECK(extract.db.empty()); // extract needs no database

        const IndexerOptions index = parse_indexer_options({"index", "--db", "d", "a.jsonl"}, {});
        CHECK(index.command == Command::index);
        CHECK(index.paths == Args{"a.jsonl"});

        // Later, "extract" is a path like any other.
        const IndexerOptions later = parse_indexer_options({"--db", "d", "extract"}, {});
        CHECK(later.command == Command::index);
        CHECK(later.paths == Args{"extract"});
    }

    TEST_CASE("indexer takes the database from DATELINE_DB unless --db is given")
    {
        const Environment env{{"DATELINE_DB", "/env/db"}};
        CHECK(parse_indexer_options({"a"}, env).db == "/env/db");
        CHECK(parse_indexer_options({"--db", "/flag/db", "a"}, env).db == "/flag/db");
        // An empty variable counts as unset.
        CHECK_THROWS_WITH_AS(parse_indexer_options({"a"}, {{"DATELINE_DB", ""}}),
                             "--db DIR is required: the database directory to create or update", UsageError);
    }

    TEST_CASE("indexer answers --help and --version without needing paths or a database")
    {
        CHECK(parse_indexer_options({"--help"}, {}).command == Command::help);
        CHECK(parse_indexer_options({"-h"}, {}).command == Command::help);
        CHECK(parse_indexer_options({"--db", "d", "--help"}, {}).command == Command::help);
        CHECK(parse_indexer_options({"--help", "--bogus"}, {}).command == Command::help);
        CHECK(parse_indexer_options({"--version"}, {}).command == Command::version);
        CHECK(dateline::indexer_usage().starts_with("Usage: dateline-indexer"));
    }

    TEST_CASE("indexer rejects bad command lines with a message naming the problem")
    {
        struct Row {
            Args args;
            std::string message;
        };
        const Row rows[] = {
            {{"--bogus", "a"}, "unknown option --bogus (see dateline-indexer --help)"},
            {{"-x", "a"}, "unknown option -x (see dateline-indexer --help)"},
            {{"--db", "d"}, "no input: name at least one file or directory to read (see dateline-indexer --help)"},
            {{}, "no input: name at least one file or directory to read (see dateline-indexer --help)"},
            {{"a"}, "--db DIR is required: the database directory to create or update"},
            {{"a", "--db"}, "--db needs a value"},
            {{"--db", "d", "--batch-size", "0", "a"},
             R"(--batch-size needs a whole number from 1 to 1000000, got "0")"},
            {{"--db", "d", "--batch-size=ten", "a"},
             R"(--batch-size needs a whole number from 1 to 1000000, got "ten")"},
            {{"--db", "d", "--quiet=yes", "a"}, "--quiet takes no value"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.message);
            CHECK_THROWS_WITH_AS(parse_indexer_options(row.args, {}), row.message.c_str(), UsageError);
        }
    }

    TEST_CASE("server uses its defaults")
    {
        const ServerOptions options = parse_server_options({"--db", "d"}, {});
        CHECK(options.db == "d");
        CHECK(options.host == "127.0.0.1");
        CHECK(options.port == 8080);
        CHECK(options.threads == 8);
        CHECK_FALSE(options.help);
        CHECK_FALSE(options.version);
    }

    TEST_CASE("server reads --db DIR and --db=DIR and every other flag")
    {
        CHECK(parse_server_options({"--db=d"}, {}).db == "d");
        const ServerOptions options =
            parse_server_options({"--db", "d", "--host", "0.0.0.0", "--port=9090", "--threads", "2"}, {});
        CHECK(options.host == "0.0.0.0");
        CHECK(options.port == 9090);
        CHECK(options.threads == 2);
    }

    TEST_CASE("server allows port 0 to take a free port")
    {
        CHECK(parse_server_options({"--db", "d", "--port", "0"}, {}).port == 0);
        CHECK(parse_server_options({"--db", "d"}, {{"DATELINE_PORT", "0"}}).port == 0);
    }

    TEST_CASE("server takes DATELINE settings from the environment and lets a flag win")
    {
        const Environment env{{"DATELINE_DB", "/env/db"},
                              {"DATELINE_PORT", "9000"},
                              {"DATELINE_HOST", "::1"},
                              {"DATELINE_THREADS", "3"}};
        const ServerOptions from_env = parse_server_options({}, env);
        CHECK(from_env.db == "/env/db");
        CHECK(from_env.port == 9000);
        CHECK(from_env.host == "::1");
        CHECK(from_env.threads == 3);

        const ServerOptions from_flags =
            parse_server_options({"--db", "/flag/db", "--port", "9001", "--host", "127.0.0.2", "--threads", "4"}, env);
        CHECK(from_flags.db == "/flag/db");
        CHECK(from_flags.port == 9001);
        CHECK(from_flags.host == "127.0.0.2");
        CHECK(from_flags.threads == 4);
    }

    TEST_CASE("server lets a flag override a bad environment value")
    {
        const Environment env{{"DATELINE_PORT", "http"}, {"DATELINE_THREADS", "0"}};
        const ServerOptions options = parse_server_options({"--db", "d", "--port", "9002", "--threads", "5"}, env);
        CHECK(options.port == 9002);
        CHECK(options.threads == 5);
        CHECK(parse_server_options({"--help"}, env).help);
        CHECK(parse_server_options({"--version"}, env).version);
    }

    TEST_CASE("server answers --help and --version")
    {
        CHECK(parse_server_options({"--help"}, {}).help);
        CHECK(parse_server_options({"-h"}, {}).help);
        CHECK(parse_server_options({"--version"}, {}).version);
        CHECK(dateline::server_usage().starts_with("Usage: dateline-server"));
    }

    TEST_CASE("server rejects bad command lines with a message naming the flag")
    {
        struct Row {
            Args args;
            Environment env;
            std::string message;
        };
        const Row rows[] = {
            {{"--db", "d", "--port", "70000"}, {}, R"(--port needs a whole number from 0 to 65535, got "70000")"},
            {{"--db", "d", "--port", "-1"}, {}, R"(--port needs a whole number from 0 to 65535, got "-1")"},
            {{"--db", "d", "--port=http"}, {}, R"(--port needs a whole number from 0 to 65535, got "http")"},
            {{"--db", "d", "--threads", "0"}, {}, R"(--threads needs a whole number from 1 to 256, got "0")"},
            {{"--db", "d", "--shard-down", "ignore"}, {}, R"(--shard-down must be partial or fail, not "ignore")"},
            {{"--db", "d", "--shard-timeout", "0"}, {}, R"(--shard-timeout needs a whole number from 1 to 600000, got "0")"},
            {{"--db", "d", "--port"}, {}, "--port needs a value"},
            {{"--db", "d", "--verbose"}, {}, "unknown option --verbose (see dateline-server --help)"},
            {{}, {}, "--db DIR is required: the database directory built by dateline-indexer"},
            {{"--db", "d"},
             {{"DATELINE_PORT", "99999"}},
             R"(DATELINE_PORT needs a whole number from 0 to 65535, got "99999")"},
            {{"--db", "d"},
             {{"DATELINE_THREADS", "lots"}},
             R"(DATELINE_THREADS needs a whole number from 1 to 256, got "lots")"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.message);
            CHECK_THROWS_WITH_AS(parse_server_options(row.args, row.env), row.message.c_str(), UsageError);
        }
    }

    TEST_CASE("reads this process's environment into a map")
    {
        const Environment env = dateline::read_environment();
        // PATH is set for every test run by ctest and by a shell.
        CHECK(env.count("PATH") == 1);
    }

    TEST_CASE("indexer takes each maintenance command as the first word")
    {
        struct Row {
            Args args;
            Command command;
        };
        const Row rows[] = {
            {{"delete", "--db", "d", "id-1", "id/2"}, Command::delete_articles},
            {{"stats", "--db", "d"}, Command::stats},
            {{"export", "--db", "d"}, Command::export_articles},
            {{"reindex", "--db", "d"}, Command::reindex},
            {{"compact", "--db", "d"}, Command::compact},
        };
        for (const Row& row : rows) {
            CAPTURE(row.args[0]);
            CHECK(parse_indexer_options(row.args, {}).command == row.command);
        }
        const IndexerOptions remove = parse_indexer_options({"delete", "--db", "d", "a", "-", "--", "--odd-id"}, {});
        CHECK(remove.ids == Args{"a", "-", "--odd-id"});
        CHECK(remove.paths.empty());
        // After "--", a command name is an operand.
        CHECK(parse_indexer_options({"--", "stats"}, {{"DATELINE_DB", "d"}}).paths == Args{"stats"});
    }

    TEST_CASE("indexer reads the options of each command")
    {
        const IndexerOptions index = parse_indexer_options(
            {"--db", "d", "--delete-missing", "--json", "--progress-interval", "0", "corpus"}, {});
        CHECK(index.delete_missing);
        CHECK(index.json);
        CHECK(index.progress_interval == 0);
        CHECK(parse_indexer_options({"--db", "d", "a"}, {}).progress_interval == 10);

        const IndexerOptions exported = parse_indexer_options({"export", "--db", "d", "--query", "\"tidal barrage\""}, {});
        CHECK(exported.query == "\"tidal barrage\"");

        const IndexerOptions compact = parse_indexer_options({"compact", "--db=d", "--to", "/backups/d", "--json"}, {});
        CHECK(compact.destination == "/backups/d");
        CHECK(compact.json);
        CHECK(parse_indexer_options({"reindex", "--db", "d", "--keep-old", "--batch-size", "10"}, {}).keep_old);
        CHECK(parse_indexer_options({"stats"}, {{"DATELINE_DB", "/env/db"}}).db == "/env/db");
        CHECK(parse_indexer_options({"--db", "d", "--shard-by", "hash:8", "a"}, {}).shard_by == "hash:8");
        CHECK(parse_indexer_options({"--db", "d", "--shard-by=month", "a"}, {}).shard_by == "month");
        CHECK(parse_indexer_options({"--db", "d", "a"}, {}).shard_by.empty());
    }

    TEST_CASE("indexer refuses a flag given to a command it does not apply to")
    {
        struct Row {
            Args args;
            std::string message;
        };
        const Row rows[] = {
            {{"stats", "--db", "d", "--query", "x"},
             "--query does not apply to stats; it is for: export (see dateline-indexer --help)"},
            {{"--db", "d", "--to", "x", "a"}, "--to does not apply to index; it is for: compact (see dateline-indexer --help)"},
            {{"export", "--db", "d", "--json"},
             "--json does not apply to export; it is for: index, delete, stats, reindex, compact (see dateline-indexer "
             "--help)"},
            {{"extract", "--delete-missing", "a"},
             "--delete-missing does not apply to extract; it is for: index (see dateline-indexer --help)"},
            {{"delete", "--db", "d", "--rejects", "r", "x"},
             "--rejects does not apply to delete; it is for: index (see dateline-indexer --help)"},
            {{"stats", "--db", "d", "extra"}, "stats takes no file or id, got \"extra\" (see dateline-indexer --help)"},
            {{"delete", "--db", "d"},
             "no ids: name the ids of the articles to delete, or - to read them from standard input, one per line"},
            {{"stats"}, "--db DIR is required: the database directory to stats"},
            {{"--db", "d", "--delete-missing", "-"},
             "--delete-missing needs a file or directory to compare the database with; standard input has none"},
            {{"--db", "d", "--progress-interval", "-1", "a"},
             R"(--progress-interval needs a whole number from 0 to 86400, got "-1")"},
            {{"--db", "d", "--json=1", "a"}, "--json takes no value"},
            {{"--db", "d", "--shard-by", "week", "a"},
             R"(--shard-by: "week" is not a shard rule: want year, month or hash:N (N from 2 to 1000))"},
            {{"stats", "--db", "d", "--shard-by", "year"},
             "--shard-by does not apply to stats; it is for: index (see dateline-indexer --help)"},
        };
        for (const Row& row : rows) {
            CAPTURE(row.message);
            CHECK_THROWS_WITH_AS(parse_indexer_options(row.args, {}), row.message.c_str(), UsageError);
        }
    }

    TEST_CASE("indexer --help documents every command and flag")
    {
        const std::string usage = dateline::indexer_usage();
        for (const char* word : {"delete", "stats", "export", "reindex", "compact", "--db", "--batch-size", "--rejects",
                                 "--delete-missing", "--shard-by", "--progress-interval", "--query", "--to", "--keep-old", "--json",
                                 "--quiet", "--help", "--version", "DATELINE_DB", "Exit status"}) {
            CAPTURE(word);
            CHECK(usage.find(word) != std::string::npos);
        }
    }

    TEST_CASE("server --help documents every flag with its variable and default")
    {
        const std::string usage = dateline::server_usage();
        for (const char* words :
             {"--db DIR", "--host ADDR", "--port N", "--threads N", "--access-log FILE", "--cors-origin ORIGIN",
              "--rate-limit N", "--rate-burst N", "--auth-token TOKEN", "--search-deadline MS", "--cache-entries N",
              "--synonyms FILE", "--help", "--version", "environment: DATELINE_DB]",
              "[default: 127.0.0.1; environment: DATELINE_HOST]", "[default: 8080; environment: DATELINE_PORT]",
              "[default: 8; environment: DATELINE_THREADS]", "[default: stderr; environment: DATELINE_ACCESS_LOG]",
              "[default: none; environment: DATELINE_CORS_ORIGINS]", "[default: off; environment: DATELINE_AUTH_TOKEN]",
              "[default: 2000]", "[default: 1000]", "[default: built-in]", "Exit status"}) {
            CAPTURE(words);
            CHECK(usage.find(words) != std::string::npos);
        }
    }

    TEST_CASE("server reads the access log and CORS origins from flags and the environment")
    {
        const ServerOptions defaults = parse_server_options({"--db", "d"}, {});
        CHECK(defaults.access_log == "-");
        CHECK(defaults.cors_origins.empty());

        const ServerOptions flags = parse_server_options(
            {"--db", "d", "--access-log", "/var/log/dateline/access.log", "--cors-origin", "https://a.example",
             "--cors-origin=https://b.example:8443, http://localhost:3000"},
            {{"DATELINE_CORS_ORIGINS", "https://env.example"}});
        CHECK(flags.access_log == "/var/log/dateline/access.log");
        CHECK(flags.cors_origins == Args{"https://a.example", "https://b.example:8443", "http://localhost:3000"});

        const ServerOptions env = parse_server_options(
            {"--db", "d"}, {{"DATELINE_ACCESS_LOG", "off"}, {"DATELINE_CORS_ORIGINS", "*"}});
        CHECK(env.access_log == "off");
        CHECK(env.cors_origins == Args{"*"});

        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--cors-origin", "https://a.example/"}, {}),
                             "--cors-origin needs \"*\" or an origin such as https://news.example.com (scheme, host "
                             "and optional port; no path), got \"https://a.example/\"",
                             UsageError);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d"}, {{"DATELINE_CORS_ORIGINS", "a.example"}}),
                             "DATELINE_CORS_ORIGINS needs \"*\" or an origin such as https://news.example.com (scheme, "
                             "host and optional port; no path), got \"a.example\"",
                             UsageError);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--access-log="}, {}),
                             "--access-log needs a file, - for standard error, or off", UsageError);
    }

    TEST_CASE("server tells where each setting came from")
    {
        const ServerOptions options = parse_server_options({"--port", "0", "--threads", "2"},
                                                           {{"DATELINE_DB", "/srv/db"}, {"DATELINE_THREADS", "9"}});
        CHECK(dateline::describe_server_options(options) ==
              "db=/srv/db (DATELINE_DB) host=127.0.0.1 (default) port=0 (--port) threads=2 (--threads) "
              "access_log=stderr (default) cors_origins=none (default) rate_limit=off (default) auth=off (default) "
              "search_deadline_ms=2000 (default) shard_down=partial (default) shard_timeout_ms=2000 (default) "
              "cache_entries=1000 (default) synonyms=built-in (default) "
              "max_connections=256 (default) header_timeout_ms=5000 (default)");
        const ServerOptions from_env = parse_server_options({"--db", "d", "--cors-origin", "*"}, {{"DATELINE_PORT", "81"}});
        CHECK(dateline::describe_server_options(from_env) ==
              "db=d (--db) host=127.0.0.1 (default) port=81 (DATELINE_PORT) threads=8 (default) "
              "access_log=stderr (default) cors_origins=* (--cors-origin) rate_limit=off (default) auth=off (default) "
              "search_deadline_ms=2000 (default) shard_down=partial (default) shard_timeout_ms=2000 (default) "
              "cache_entries=1000 (default) synonyms=built-in (default) "
              "max_connections=256 (default) header_timeout_ms=5000 (default)");
    }

    TEST_CASE("server accepts a star or scheme://host[:port] as a CORS origin")
    {
        for (const char* good : {"*", "https://news.example.com", "http://localhost:3000", "http://[::1]:8080"}) {
            CAPTURE(good);
            CHECK(dateline::is_valid_cors_origin(good));
        }
        for (const char* bad : {"", "news.example.com", "https://", "https://a.example/", "https://a.example/path",
                                "://a.example", "https://a example"}) {
            CAPTURE(bad);
            CHECK_FALSE(dateline::is_valid_cors_origin(bad));
        }
    }

    TEST_CASE("server reads the rate limit, the access token and the search deadline")
    {
        const ServerOptions defaults = parse_server_options({"--db", "d"}, {});
        CHECK(defaults.rate_limit == 0);
        CHECK(defaults.auth_token.empty());
        CHECK(defaults.search_deadline_ms == 2000);
        const ServerOptions set = parse_server_options(
            {"--db", "d", "--rate-limit", "5", "--auth-token", "t0k", "--search-deadline", "250"}, {});
        CHECK(set.rate_limit == 5);
        CHECK(set.rate_burst == 10); // twice the rate unless given
        CHECK(set.auth_token == "t0k");
        CHECK(set.search_deadline_ms == 250);
        CHECK(parse_server_options({"--db", "d", "--rate-limit", "5", "--rate-burst", "1"}, {}).rate_burst == 1);
        const ServerOptions from_env = parse_server_options({"--db", "d"}, {{"DATELINE_AUTH_TOKEN", "env-tok"}});
        CHECK(from_env.auth_token == "env-tok");
        CHECK(parse_server_options({"--db", "d", "--auth-token", "flag"}, {{"DATELINE_AUTH_TOKEN", "env"}}).auth_token ==
              "flag");
        // The token itself is never part of the start-up line.
        const std::string described = dateline::describe_server_options(from_env);
        CHECK(described.find("env-tok") == std::string::npos);
        CHECK(described.find("auth=token (DATELINE_AUTH_TOKEN)") != std::string::npos);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--rate-burst", "3"}, {}),
                             "--rate-burst applies only with --rate-limit N (requests per second per client)",
                             UsageError);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--search-deadline", "0"}, {}),
                             R"(--search-deadline needs a whole number from 1 to 600000, got "0")", UsageError);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--auth-token", ""}, {}),
                             "--auth-token needs a non-empty token", UsageError);
        CHECK(defaults.cache_entries == 1000);
        CHECK(parse_server_options({"--db", "d", "--cache-entries", "0"}, {}).cache_entries == 0);
        CHECK(parse_server_options({"--db", "d", "--synonyms", "names.txt"}, {}).synonyms_file == "names.txt");
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--synonyms", ""}, {}),
                             "--synonyms needs a file of synonym groups (see common/search/default_synonyms.txt)", UsageError);
        CHECK_THROWS_WITH_AS(parse_server_options({"--db", "d", "--cache-entries", "-1"}, {}),
                             R"(--cache-entries needs a whole number from 0 to 1000000, got "-1")", UsageError);
    }
}
