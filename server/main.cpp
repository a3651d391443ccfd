// dateline-server: parses options, opens the SearchService, binds the HTTP server and stops
// it cleanly on SIGINT/SIGTERM. All search logic lives in common/.
#include "common/errors.h"
#include "common/options.h"
#include "common/search_service.h"
#include "common/version.h"
#include "server/request_log.h"
#include "server/routes.h"

#include <httplib.h>

#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_failure = 1;
constexpr int k_exit_usage = 2;
constexpr std::size_t k_max_request_body = 1 << 20;

// Blocks SIGINT/SIGTERM in every thread and returns the set, for a dedicated sigwait thread.
sigset_t block_stop_signals()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    return signals;
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
        std::cout << "dateline-server " << dateline::k_version << '\n';
        return k_exit_ok;
    }

    // Block before any thread starts so only the waiter below receives them.
    const sigset_t stop_signals = block_stop_signals();

    dateline::SearchService service(options.db);
    dateline::RequestLog log;
    httplib::Server server;
    const auto threads = static_cast<std::size_t>(options.threads);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Without TCP_NODELAY, keep-alive responses wait on Nagle's algorithm (~40 ms each).
    server.set_tcp_nodelay(true);
    server.set_keep_alive_timeout(5);
    server.set_keep_alive_max_count(1000);
    server.set_read_timeout(10);
    server.set_write_timeout(10);
    server.set_payload_max_length(k_max_request_body);
    dateline::register_routes(server, service, log);

    int port = options.port;
    if (port == 0) {
        port = server.bind_to_any_port(options.host);
    } else if (!server.bind_to_port(options.host, port)) {
        port = -1;
    }
    if (port < 0) {
        std::cerr << "dateline-server: error: cannot listen on " << options.host << ":" << options.port
                  << " (is another server using that port? try --port 0 for a free one)\n";
        return k_exit_failure;
    }
    std::cerr << "dateline-server: listening on http://" << options.host << ":" << port << "/ (db=" << options.db
              << ", documents=" << service.document_count() << ", threads=" << options.threads << ")" << std::endl;

    std::thread stopper([&server, stop_signals] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        std::cerr << "dateline-server: stopping (signal " << signal << ")" << std::endl;
        server.stop();
    });
    const bool served = server.listen_after_bind();
    if (!served) {
        // listen ended without a signal: wake the waiter so it can be joined.
        pthread_kill(stopper.native_handle(), SIGTERM);
    }
    stopper.join();
    return served ? k_exit_ok : k_exit_failure;
} catch (const dateline::Error& error) {
    std::cerr << "dateline-server: error: " << error.what() << '\n';
    return k_exit_failure;
} catch (const std::exception& error) {
    std::cerr << "dateline-server: error: " << error.what() << '\n';
    return k_exit_failure;
}
