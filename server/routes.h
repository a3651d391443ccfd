// The whole HTTP surface on one screen: which path and method go to which handler, how errors
// become JSON envelopes, and what every response gets (request id, CORS headers). Handlers
// parse, call the SearchService, and serialise.
#pragma once

#include "common/web/metrics.h"
#include "common/web/rate_limiter.h"
#include "common/search/search_service.h"
#include "server/request_log.h"

#include <httplib.h>

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

/// The largest request body taken (1 MiB); larger ones are refused with 413, whatever the method.
inline constexpr std::size_t k_max_request_body = 1 << 20;

/// What the routes share with main.
struct ServerState {
    ServerMetrics metrics;
    std::vector<std::string> cors_origins; // --cors-origin
    std::atomic<bool> stopping = false;    // set on SIGTERM: /readyz answers 503 from then on
    std::string auth_token;                // --auth-token: required on every route but /healthz; "" none
    std::unique_ptr<RateLimiter> rate_limiter; // --rate-limit: per client address; null when off
};

/// Registers every route, the error and exception mapping, the access log, metrics, CORS and
/// (before routing) the rate limit and the token check on `server`.
void register_routes(httplib::Server& server, SearchService& service, RequestLog& log, ServerState& state);

/// Registers a read-only route: GET (and HEAD) go to `handler`, POST to `post` when given (a
/// search whose parameters are too long for a URL), OPTIONS answers 204 with the allowed
/// methods, every other method 405. An API route ("/api/...") is registered twice: under
/// "/api/v1/..." and at the unversioned alias, which answers the same. Handlers see the path's
/// regex groups in req.matches as usual.
void add_read_route(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler,
                    httplib::Server::Handler post = {});

} // namespace dateline
