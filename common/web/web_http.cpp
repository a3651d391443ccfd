#include "common/web/web_http.h"

#include "common/text/char_class.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace dateline {
namespace {

bool is_host_char(char c)
{
    return is_ascii_alnum(c) || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
}

// A host name, IPv4 or bracketed IPv6 address with an optional port: nothing that could leave
// the authority part of a URL (no '/', '@', quotes or spaces).
bool is_plain_host(std::string_view host)
{
    return !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), is_host_char);
}

} // namespace

std::vector<std::pair<std::string, std::string>> html_security_headers()
{
    return {
        {"Content-Security-Policy", std::string(k_content_security_policy)},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "same-origin"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
    };
}

std::string site_base_url(std::string_view host_header, std::string_view forwarded_proto,
                          std::string_view fallback_host)
{
    const std::string_view scheme = forwarded_proto == "https" ? "https" : "http";
    const std::string_view host = is_plain_host(host_header) ? host_header : fallback_host;
    return std::string(scheme) + "://" + std::string(host);
}

std::string describe_listen_failure(std::string_view host, int port, int error_number)
{
    const std::string where = "cannot listen on " + std::string(host) + ":" + std::to_string(port);
    if (error_number == EADDRINUSE) {
        return where + ": port " + std::to_string(port) +
               " is in use (another server is listening there); stop it, or choose another port with --port "
               "(--port 0 takes a free one)";
    }
    return where + ": " + std::strerror(error_number) + "; check --host and --port (--port 0 takes a free one)";
}

} // namespace dateline
