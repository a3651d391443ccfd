// Errors that cross a boundary (CLI exit code, HTTP status). Owns the error codes and
// their mapping to HTTP statuses; it must not know about Xapian or httplib.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace dateline {

enum class ErrorCode {
    bad_request,        // the caller's input is wrong: 400
    unauthorized,       // a private archive and no valid credentials: 401
    not_found,          // no such article or route: 404
    method_not_allowed, // 405
    payload_too_large,  // 413
    uri_too_long,       // the request line is longer than the HTTP library takes: 414
    rate_limited,       // 429
    unavailable,        // database missing, locked or incompatible: 503
    internal,           // a bug or an unexpected library failure: 500
};

/// An error whose message is safe to show to the user who caused it.
class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    /// With `detail`: what only the operator may read (a library's own message), for the log.
    Error(ErrorCode code, const std::string& message, std::string detail)
        : std::runtime_error(message), m_code(code), m_detail(std::move(detail))
    {
    }
    [[nodiscard]] ErrorCode code() const noexcept { return m_code; }
    /// For the log, never for the client; empty when the message says it all.
    [[nodiscard]] const std::string& detail() const noexcept { return m_detail; }

private:
    ErrorCode m_code;
    std::string m_detail;
};

/// The HTTP status for an error code.
int http_status(ErrorCode code) noexcept;

/// The stable machine-readable name of an error code, e.g. "bad_request".
std::string_view error_code_name(ErrorCode code) noexcept;

} // namespace dateline
