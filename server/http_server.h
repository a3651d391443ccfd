// dateline-server's HTTP server: httplib's parsing and routing, with its own connection loop
// and socket stream. httplib bounds each read by the read timeout only, so a client sending a
// header line every few seconds held a thread for ever; here the request line and headers must
// all arrive within the header timeout (and at most 64 KiB of them), requests are answered at
// most `workers` at once, and waiting connections beyond a limit are closed oldest first
// (server/connection_pool.h). A request whose body httplib does not read (GET, HEAD, OPTIONS)
// ends its connection, so the body is never taken for the next request.
#pragma once

#include "server/connection_pool.h"

#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace dateline {

struct ConnectionSettings {
    std::size_t workers = 8;                       // --threads: requests answered at once
    std::size_t max_connections = 256;             // --max-connections: threads for connections
    std::chrono::milliseconds header_timeout{5000}; // --header-timeout: request line and headers
    std::chrono::seconds keep_alive{2};            // idle wait for the next request
    std::chrono::seconds read_timeout{5};          // each read once the headers are in
    std::chrono::seconds write_timeout{5};         // each write
    std::size_t max_requests_per_connection = 10;
};

class HttpServer : public httplib::Server {
public:
    explicit HttpServer(const ConnectionSettings& settings);

    /// Connections closed so far to make room for others.
    [[nodiscard]] std::uint64_t evicted_connections() const { return m_waiting.evicted(); }

private:
    bool process_and_close_socket(socket_t sock) override;
    // Waits (registered as waiting) for the next request's first byte; false when the
    // connection closes, stays idle past the keep-alive time, is evicted, or the server stops.
    bool wait_for_request(socket_t sock);

    ConnectionSettings m_settings;
    RequestGate m_gate;
    WaitingConnections m_waiting;
};

/// True when httplib leaves `req`'s body (Content-Length or Transfer-Encoding) unread: every
/// method but POST, PUT, PATCH and DELETE.
bool has_unread_body(const httplib::Request& req);

} // namespace dateline
