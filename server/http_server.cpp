#include "server/http_server.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <optional>
#include <array>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace dateline {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t k_max_header_bytes = 64 * 1024;
constexpr auto k_stop_check = std::chrono::milliseconds(100);

// Waits until `sock` is ready for `events` or `limit` passes; true when ready (or hung up,
// which the next read or write reports).
bool wait_ready(socket_t sock, short events, std::chrono::milliseconds limit)
{
    pollfd entry{.fd = sock, .events = events, .revents = 0};
    const int millis = static_cast<int>(std::max<std::chrono::milliseconds::rep>(limit.count(), 0));
    int ready = 0;
    do {
        ready = ::poll(&entry, 1, millis);
    } while (ready < 0 && errno == EINTR);
    return ready > 0;
}

void describe_address(const sockaddr_storage& address, socklen_t length, std::string& ip, int& port)
{
    std::array<char, NI_MAXHOST> host{};
    std::array<char, NI_MAXSERV> service{};
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, host.data(), host.size(), service.data(),
                    service.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
        ip = host.data();
        port = std::atoi(service.data());
    }
}

// A connection's socket as httplib reads and writes it, buffered. While a request's line and
// headers are being read, reads stop at the header deadline and after k_max_header_bytes.
class ConnectionStream : public httplib::Stream {
public:
    ConnectionStream(socket_t sock, const ConnectionSettings& settings) : m_sock(sock), m_settings(settings) {}

    void start_request() { m_header_deadline = Clock::now() + m_settings.header_timeout; m_header_bytes = 0; }
    void headers_read() { m_header_deadline.reset(); }
    // Bytes already read from the socket (a pipelined request) that httplib has not taken.
    [[nodiscard]] bool has_buffered() const { return m_begin < m_end; }

    bool is_readable() const override { return m_begin < m_end || wait_ready(m_sock, POLLIN, read_limit()); }
    bool is_writable() const override { return wait_ready(m_sock, POLLOUT, m_settings.write_timeout); }

    ssize_t read(char* ptr, size_t size) override
    {
        if (m_begin == m_end && !fill()) {
            return -1;
        }
        const std::size_t n = std::min(size, m_end - m_begin);
        if (m_header_deadline && (m_header_bytes += n) > k_max_header_bytes) {
            return -1;
        }
        std::copy_n(m_buffer.data() + m_begin, n, ptr);
        m_begin += n;
        return static_cast<ssize_t>(n);
    }

    ssize_t write(const char* ptr, size_t size) override
    {
        if (!is_writable()) {
            return -1;
        }
        return ::send(m_sock, ptr, size, MSG_NOSIGNAL);
    }

    void get_remote_ip_and_port(std::string& ip, int& port) const override
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (getpeername(m_sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            describe_address(address, length, ip, port);
        }
    }

    void get_local_ip_and_port(std::string& ip, int& port) const override
    {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (getsockname(m_sock, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            describe_address(address, length, ip, port);
        }
    }

    socket_t socket() const override { return m_sock; }

private:
    // The time a read may wait: the read timeout, cut short by the header deadline.
    std::chrono::milliseconds read_limit() const
    {
        std::chrono::milliseconds limit = m_settings.read_timeout;
        if (m_header_deadline) {
            limit = std::min(limit, std::chrono::duration_cast<std::chrono::milliseconds>(*m_header_deadline -
                                                                                            Clock::now()));
        }
        return limit;
    }

    bool fill()
    {
        const std::chrono::milliseconds limit = read_limit();
        if (limit.count() <= 0 || !wait_ready(m_sock, POLLIN, limit)) {
            return false;
        }
        ssize_t got = 0;
        do {
            got = ::recv(m_sock, m_buffer.data(), m_buffer.size(), 0);
        } while (got < 0 && errno == EINTR);
        if (got <= 0) {
            return false;
        }
        m_begin = 0;
        m_end = static_cast<std::size_t>(got);
        return true;
    }

    socket_t m_sock;
    const ConnectionSettings& m_settings;
    std::array<char, 4096> m_buffer{};
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    std::optional<Clock::time_point> m_header_deadline;
    std::size_t m_header_bytes = 0;
};

// Leaves the waiting register and the request gate when the connection's request ends.
struct RequestTurn {
    WaitingConnections& waiting;
    RequestGate& gate;
    std::uint64_t ticket = 0;
    bool in_gate = false;

    void start_answering()
    {
        waiting.leave(ticket);
        gate.enter();
        in_gate = true;
    }
    ~RequestTurn()
    {
        waiting.leave(ticket);
        if (in_gate) {
            gate.leave();
        }
    }
};

} // namespace

bool has_unread_body(const httplib::Request& req)
{
    const bool read_by_httplib = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                                 req.method == "DELETE" || req.method == "PRI";
    const std::string length = req.get_header_value("Content-Length");
    return !read_by_httplib && ((!length.empty() && length != "0") || req.has_header("Transfer-Encoding"));
}

HttpServer::HttpServer(const ConnectionSettings& settings)
    : m_settings(settings), m_gate(std::max<std::size_t>(settings.workers, 1)),
      // The reserve: as many threads as workers are never held by waiting connections.
      m_waiting(std::max<std::size_t>(settings.max_connections, settings.workers + 1) -
                std::max<std::size_t>(settings.workers, 1))
{
    const std::size_t workers = settings.workers;
    const std::size_t threads = std::max(settings.max_connections, workers + 1);
    new_task_queue = [workers, threads] { return new ConnectionPool(workers, threads); };
    set_keep_alive_timeout(settings.keep_alive.count());
    set_keep_alive_max_count(settings.max_requests_per_connection);
    set_read_timeout(settings.read_timeout.count());
    set_write_timeout(settings.write_timeout.count());
}

bool HttpServer::wait_for_request(socket_t sock)
{
    const auto idle_until = Clock::now() + m_settings.keep_alive;
    while (svr_sock_ != INVALID_SOCKET) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(idle_until - Clock::now());
        if (left.count() <= 0) {
            return false;
        }
        if (wait_ready(sock, POLLIN, std::min<std::chrono::milliseconds>(left, k_stop_check))) {
            char byte = 0;
            return ::recv(sock, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0; // 0: closed or evicted
        }
    }
    return false;
}

bool HttpServer::process_and_close_socket(socket_t sock)
{
    ConnectionStream stream(sock, m_settings);
    bool served = false;
    for (std::size_t left = m_settings.max_requests_per_connection; left > 0; --left) {
        RequestTurn turn{m_waiting, m_gate, m_waiting.enter(sock)};
        if (!stream.has_buffered() && !wait_for_request(sock)) {
            break;
        }
        stream.start_request();
        bool client_closes = false;
        bool body_left = false;
        bool parsed = false; // false: httplib refused the request line or headers (400, 414)
        served = process_request(stream, left == 1, client_closes, [&](httplib::Request& req) {
            stream.headers_read();
            parsed = true;
            body_left = has_unread_body(req);
            if (body_left) { // the response says the connection ends
                req.headers.erase("Connection");
                req.set_header("Connection", "close");
            }
            turn.start_answering();
        });
        if (!served || !parsed || client_closes || body_left) {
            break;
        }
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return served;
}

} // namespace dateline
