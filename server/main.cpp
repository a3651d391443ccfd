// dateline-server: parses options, opens the SearchService and the access log, binds the HTTP
// server, logs its configuration, reopens the log on SIGHUP and stops gracefully on
// SIGINT/SIGTERM (requests in flight are answered first). All search logic lives in common/.
#include "common/errors.h"
#include "common/web/log_file.h"
#include "common/options.h"
#include "common/search/search_service.h"
#include "common/version.h"
#include "common/web/web_http.h"
#include "server/http_server.h"
#include "server/request_log.h"
#include "server/routes.h"

#include <httplib.h>

#include <cerrno>
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
// Slow and idle clients (docs/operations.md, "Hostile clients"): see server/http_server.h.
dateline::ConnectionSettings connection_settings(const dateline::ServerOptions& options)
{
    dateline::ConnectionSettings settings;
    settings.workers = static_cast<std::size_t>(options.threads);
    settings.max_connections = static_cast<std::size_t>(options.max_connections);
    settings.header_timeout = std::chrono::milliseconds(options.header_timeout_ms);
    return settings;
}

// Blocks SIGINT, SIGTERM and SIGHUP in every thread and returns the set, for a dedicated
// sigwait thread.
sigset_t block_control_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
}

// Waits for signals: SIGHUP reopens the access log, SIGINT/SIGTERM stop the server. httplib's
// stop() closes the listening socket; listen_after_bind() then returns once its worker threads
// have answered every request already accepted.
void handle_signals(const sigset_t& signals, httplib::Server& server, dateline::LogFile& access_log,
                    dateline::ServerState& state)
{
    for (;;) {
        int signal = 0;
        sigwait(&signals, &signal);
        if (signal == SIGHUP) {
            const std::string problem = access_log.reopen();
            std::cerr << "dateline-server: SIGHUP: "
                      << (problem.empty() ? "reopened the access log " + access_log.path()
                                          : "cannot reopen the access log " + access_log.path() + " (" + problem +
                                                "); still writing to the old file")
                      << std::endl;
            continue;
        }
        state.stopping = true;
        std::cerr << "dateline-server: stopping (signal " << signal << "): answering the requests in flight"
                  << std::endl;
        server.stop();
        return;
    }
}

// SO_REUSEADDR only: a restarted server binds past its old connections in TIME_WAIT.
// httplib's default also sets SO_REUSEPORT on Linux, which lets a second server bind the same
// port and take half of the connections.
void set_listen_socket_options(socket_t sock)
{
    const int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
}

} // namespace

int main(int argc, char** argv)
try {
    dateline::ServerOptions options;
    try {
        options = dateline::parse_server_options(std::vector<std::string>(argv + 1, argv + argc),
                                                 dateline::read_environment());
    } catch (const dateline::UsageError& error) {
        std::cerr << "dateline-server: error: " << error.what() << '\n';
        return k_exit_usage;
    }
    if (options.help) {
        std::cout << dateline::server_usage();
        return k_exit_ok;
    }
    if (options.version) {
        std::cout << dateline::describe_version("dateline-server") << '\n';
        return k_exit_ok;
    }

    // Block before any thread starts so only the waiter below receives them.
    const sigset_t control_signals = block_control_signals();

    std::cerr << "dateline-server: " << dateline::describe_version("dateline-server")
              << "; configuration: " << dateline::describe_server_options(options) << std::endl;
    dateline::LogFile access_log(options.access_log);
    dateline::SearchSettings settings;
    settings.deadline = std::chrono::milliseconds(options.search_deadline_ms);
    settings.cache_entries = static_cast<std::size_t>(options.cache_entries);
    settings.shards.when_down =
        options.shard_down == "fail" ? dateline::ShardDownPolicy::fail : dateline::ShardDownPolicy::partial;
    settings.shards.timeout = std::chrono::milliseconds(options.shard_timeout_ms);
    if (!options.synonyms_file.empty()) {
        settings.synonyms = dateline::SynonymTable::read_file(options.synonyms_file); // names file:line on error
    }
    dateline::SearchService service(options.db, std::move(settings));
    dateline::ServerState state;
    state.cors_origins = options.cors_origins;
    state.auth_token = options.auth_token;
    if (options.rate_limit > 0) {
        state.rate_limiter = std::make_unique<dateline::RateLimiter>(options.rate_limit, options.rate_burst);
    }
    dateline::RequestLog log(access_log, state.metrics);
    dateline::HttpServer server(connection_settings(options));
    // Without TCP_NODELAY, keep-alive responses wait on Nagle's algorithm (~40 ms each).
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(dateline::k_max_request_body);
    server.set_socket_options(set_listen_socket_options);
    dateline::register_routes(server, service, log, state);

    int port = options.port;
    errno = 0;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
    } else if (!server.bind_to_port(options.host, port)) {
        port = -1;
    }
    if (port < 0) {
        std::cerr << "dateline-server: error: " << dateline::describe_listen_failure(options.host, options.port, errno)
                  << '\n';
        return k_exit_failure;
    }
    std::cerr << "dateline-server: listening on http://" << options.host << ":" << port << "/ (db=" << options.db
              << ", documents=" << service.document_count() << ", threads=" << options.threads << ")" << std::endl;

    std::thread waiter([&] { handle_signals(control_signals, server, access_log, state); });
    const bool served = server.listen_after_bind();
    if (!served) {
        // listen ended without a signal: wake the waiter so it can be joined.
        pthread_kill(waiter.native_handle(), SIGTERM);
    }
    waiter.join();
    std::cerr << "dateline-server: stopped" << std::endl;
    return served ? k_exit_ok : k_exit_failure;
} catch (const dateline::Error& error) {
    std::cerr << "dateline-server: error: " << error.what() << (error.detail().empty() ? "" : " (" + error.detail() + ")")
              << '\n';
    return k_exit_failure;
} catch (const std::exception& error) {
    std::cerr << "dateline-server: error: " << error.what() << '\n';
    return k_exit_failure;
}
