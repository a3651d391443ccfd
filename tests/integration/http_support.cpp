#include "tests/integration/http_support.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace dateline::testing {
namespace {

std::string_view trim_spaces(std::string_view text)
{
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) {
        text.remove_suffix(1);
    }
    return text;
}

} // namespace

const std::string k_indexer = DATELINE_INDEXER_BIN;
const std::string k_server = DATELINE_SERVER_BIN;
const std::filesystem::path k_data = DATELINE_TEST_DATA_DIR;

ProgramResult index_into(const std::filesystem::path& db, const std::vector<std::string>& inputs)
{
    std::vector<std::string> argv = {k_indexer, "--db", db.string()};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return run_program(argv);
}

namespace {

Reply read_reply(const httplib::Result& result, const std::string& target)
{
    REQUIRE_MESSAGE(result, "no HTTP response for " << target);
    Reply reply;
    reply.status = result->status;
    reply.content_type = result->get_header_value("Content-Type");
    reply.text = result->body;
    reply.headers = result->headers;
    if (reply.content_type.starts_with("application/json")) {
        reply.body = nlohmann::json::parse(result->body);
    }
    return reply;
}

} // namespace

Reply get(int port, const std::string& target, const httplib::Headers& headers)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    return read_reply(client.Get(target, headers), target);
}

Reply post(int port, const std::string& target, const std::string& body, const std::string& content_type)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    return read_reply(client.Post(target, body, content_type), target);
}

std::vector<std::string> hit_ids(const nlohmann::json& body)
{
    std::vector<std::string> ids;
    for (const nlohmann::json& hit : body.at("hits")) {
        ids.push_back(hit.at("id").get<std::string>());
    }
    return ids;
}

void check_error_envelope(const Reply& reply, int status, const std::string& code)
{
    CHECK(reply.status == status);
    REQUIRE(reply.body.contains("error"));
    CHECK(reply.body["error"]["status"] == status);
    CHECK(reply.body["error"]["code"] == code);
    CHECK(reply.body["error"]["message"].is_string());
    CHECK_FALSE(reply.body["error"]["message"].get<std::string>().empty());
}

RawConnection::RawConnection(int port)
{
    m_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (m_fd < 0 || connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
    }
}

RawConnection::~RawConnection()
{
    if (m_fd >= 0) {
        close(m_fd);
    }
}

bool RawConnection::send(std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::send(m_fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool RawConnection::wait_closed(std::chrono::milliseconds limit)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buffer[65536];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd fd{m_fd, POLLIN, 0};
        const int ready = poll(&fd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            return false;
        }
        const ssize_t n = recv(m_fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            m_received.append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || errno != EINTR) {
            return true; // closed (or reset)
        }
    }
}

Reply send_raw(int port, const std::string& request)
{
    RawConnection connection(port);
    connection.send(request);
    REQUIRE_MESSAGE(connection.wait_closed(std::chrono::seconds(15)), "the server did not close the connection");
    const std::string& text = connection.received();
    Reply reply;
    REQUIRE_MESSAGE(text.starts_with("HTTP/1.1 "), "no HTTP response, got: " << text.substr(0, 200));
    reply.status = std::stoi(text.substr(9, 3));
    const std::size_t body_at = text.find("\r\n\r\n");
    REQUIRE(body_at != std::string::npos);
    std::size_t line_start = text.find("\r\n") + 2;
    while (line_start < body_at) {
        const std::size_t line_end = text.find("\r\n", line_start);
        const std::string line = text.substr(line_start, line_end - line_start);
        if (const std::size_t colon = line.find(':'); colon != std::string::npos) {
            reply.headers.emplace(line.substr(0, colon), std::string(trim_spaces(line.substr(colon + 1))));
        }
        line_start = line_end + 2;
    }
    const auto type = reply.headers.find("Content-Type");
    reply.content_type = type == reply.headers.end() ? "" : type->second;
    reply.text = text.substr(body_at + 4);
    if (reply.content_type.starts_with("application/json")) {
        reply.body = nlohmann::json::parse(reply.text);
    }
    return reply;
}

int free_port()
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

bool accepts_connections(int port)
{
    try {
        RawConnection probe(port);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace dateline::testing
