// HTTP facts of the web pages that are not markup: the security headers every HTML response
// carries, the site's absolute address as a request names it (for feeds and OpenSearch), and
// what to say when the server cannot listen. No httplib here: routes apply these to responses.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

/// Content-Security-Policy for the pages: scripts and styles only from this site's own files
/// (no inline script, no inline style, no event-handler attributes), no frames, forms only here.
inline constexpr std::string_view k_content_security_policy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Name and value of each header an HTML page is sent with (the CSP above among them).
std::vector<std::pair<std::string, std::string>> html_security_headers();

/// "http://host:port" (or https when a proxy says so in X-Forwarded-Proto) from the request's
/// Host header; `fallback_host` (e.g. "127.0.0.1:8080") when the header is missing or holds
/// anything but a host name or address and an optional port.
std::string site_base_url(std::string_view host_header, std::string_view forwarded_proto,
                          std::string_view fallback_host);

/// The error message when the server cannot listen on `host`:`port`; `error_number` is the
/// errno of the failed bind (EADDRINUSE: the port is in use; else its description).
std::string describe_listen_failure(std::string_view host, int port, int error_number);

} // namespace dateline
