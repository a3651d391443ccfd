// Test support shared by the integration suites: the binaries and fixtures under test, HTTP
// requests to a running server, an indexed fixture archive, and common checks.
#pragma once

#include "tests/integration/process.h"
#include "tests/support/temp_dir.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <string_view>
#include <string>
#include <vector>

namespace dateline::testing {

extern const std::string k_indexer;
extern const std::string k_server;
extern const std::filesystem::path k_data;

/// Runs dateline-indexer --db `db` over `inputs`.
ProgramResult index_into(const std::filesystem::path& db, const std::vector<std::string>& inputs);

struct Reply {
    int status = 0;
    nlohmann::json body;      // parsed when the response is JSON
    std::string text;         // the raw body
    std::string content_type;
    httplib::Headers headers;
};

/// GET `target` from the server on `port` (with extra request headers).
Reply get(int port, const std::string& target, const httplib::Headers& headers = {});

/// POST `body` of `content_type` to `target` on the server on `port`.
Reply post(int port, const std::string& target, const std::string& body, const std::string& content_type);

/// The ids of a search response's hits, in order.
std::vector<std::string> hit_ids(const nlohmann::json& body);

/// Checks the JSON error envelope {"error": {"status", "code", "message"}}.
void check_error_envelope(const Reply& reply, int status, const std::string& code);

/// A plain TCP connection to 127.0.0.1:`port` for what httplib's client would refuse or
/// repair: raw bytes, broken encodings, slow or silent clients.
class RawConnection {
public:
    explicit RawConnection(int port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    /// Writes all of `bytes`; false when the peer has closed the connection.
    bool send(std::string_view bytes);
    /// Reads until the peer closes the connection or `limit` passes; true when it closed.
    bool wait_closed(std::chrono::milliseconds limit);
    /// What was read so far.
    [[nodiscard]] const std::string& received() const { return m_received; }

private:
    int m_fd = -1;
    std::string m_received;
};

/// Sends `request` (a whole HTTP/1.1 request; add "Connection: close") on a new connection and
/// returns the response read until the server closes: status, JSON body when it is JSON.
Reply send_raw(int port, const std::string& request);

/// A port on 127.0.0.1 nothing listens on now (the kernel's choice), for programs that cannot
/// report a port they picked themselves (nginx, xapian-tcpsrv).
int free_port();

/// Whether something accepts TCP connections on 127.0.0.1:`port`.
bool accepts_connections(int port);

/// An indexed copy of tests/data/records and tests/data/site-a.
struct Archive {
    TempDir dir;
    std::filesystem::path db = dir.path() / "db";
    ProgramResult indexed = index_into(db, {(k_data / "records").string(), (k_data / "site-a").string()});
};

} // namespace dateline::testing
