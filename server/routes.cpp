#include "server/routes.h"

#include "common/web/access_control.h"
#include "common/web/api_json.h"
#include "common/web/article_view.h"
#include "common/web/cors.h"
#include "common/errors.h"
#include "common/web/openapi.h"
#include "common/web/opensearch.h"
#include "common/web/page_layout.h"
#include "common/web/page_query.h"
#include "common/web/route_patterns.h"
#include "common/web/rss_feed.h"
#include "common/search/search_request.h"
#include "common/web/search_view.h"
#include "common/text/text_utils.h"
#include "common/version.h"
#include "common/web/web_assets.h"
#include "common/web/web_http.h"
#include "server/http_server.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <span>
#include <string>

namespace dateline {
namespace {

constexpr const char* k_json_type = "application/json; charset=utf-8";
constexpr const char* k_html_type = "text/html; charset=utf-8";
constexpr const char* k_metrics_type = "text/plain; version=0.0.4; charset=utf-8";
// Set by a route on its response so the post-routing handler knows which route answered;
// removed before the response is sent.
constexpr const char* k_route_header = "X-Dateline-Route";
constexpr const char* k_allowed_methods = "GET, HEAD, OPTIONS";
// A route that also takes its parameters in a body (POST /api/v1/search).
constexpr const char* k_allowed_methods_with_post = "GET, HEAD, POST, OPTIONS";

void reply_json(httplib::Response& res, const nlohmann::json& body)
{
    res.set_content(dump_json(body), k_json_type);
}

void reply_error(httplib::Response& res, ErrorCode code, const std::string& message)
{
    res.status = http_status(code);
    reply_json(res, error_to_json(code, message));
}

// The body, with "warnings" naming the parameters the route ignored.
void reply_json(httplib::Response& res, nlohmann::json body, const httplib::Params& params,
                std::span<const std::string_view> known)
{
    if (std::vector<std::string> warnings = unknown_parameter_warnings(params, known); !warnings.empty()) {
        body["warnings"] = std::move(warnings);
    }
    reply_json(res, body);
}

void handle_get_search(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SearchRequest request = parse_search_request(req.params);
    reply_json(res, search_response_to_json(service.search(request)), req.params, k_search_parameters);
}

// The parameters of a POST: a JSON object, or a form (httplib reads forms of up to 8,192 bytes
// into req.params, with the URL's parameters).
httplib::Params read_posted_parameters(const httplib::Request& req)
{
    const std::string type = to_lower(req.get_header_value("Content-Type"));
    if (type.starts_with("application/json")) {
        httplib::Params params = read_json_parameters(req.body);
        if (const std::string problem = find_encoding_problem("", params); !problem.empty()) {
            throw Error(ErrorCode::bad_request, problem);
        }
        return params;
    }
    if (type.starts_with("application/x-www-form-urlencoded")) {
        return req.params;
    }
    const std::string sent = req.has_header("Content-Type")
                                 ? "not as \"" + req.get_header_value("Content-Type").substr(0, 64) + "\""
                                 : "with a Content-Type header (this request had none)";
    throw Error(ErrorCode::bad_request, "send the search parameters as JSON (Content-Type: application/json) or as a "
                                        "form (application/x-www-form-urlencoded), " +
                                            sent);
}

// POST /api/v1/search: the parameters of GET in the body, for queries longer than a URL may be
// (httplib refuses request lines over 8,192 bytes; a query may have 16 KB, three times that
// percent-encoded).
void handle_post_search(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const httplib::Params params = read_posted_parameters(req);
    const SearchRequest request = parse_search_request(params);
    reply_json(res, search_response_to_json(service.search(request)), params, k_search_parameters);
}

void handle_get_article(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    // httplib has already percent-decoded the path, so an id with '/' arrives whole.
    reply_json(res, article_to_json(service.get_article(req.matches[1].str())));
}

void handle_get_similar(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SimilarRequest request = parse_similar_request(req.matches[1].str(), req.params);
    reply_json(res, similar_response_to_json(service.similar(request)), req.params, k_similar_parameters);
}

void handle_get_duplicates(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    reply_json(res, duplicates_response_to_json(service.duplicates_of(req.matches[1].str())));
}

void handle_get_suggest(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SuggestRequest request = parse_suggest_request(req.params);
    reply_json(res, completions_to_json(service.suggest(request)), req.params, k_suggest_parameters);
}

void handle_get_article_by_url(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    reply_json(res, article_to_json(service.find_article_by_url(parse_article_url(req.params))));
}

void handle_get_stats(httplib::Response& res, SearchService& service)
{
    reply_json(res, database_stats_to_json(service.database_stats()));
}

void handle_get_openapi(httplib::Response& res)
{
    const std::string_view text = openapi_document_text();
    res.set_content(text.data(), text.size(), k_json_type);
}

// Liveness: answers whenever the process serves HTTP, also when the database cannot be read.
void handle_get_health(httplib::Response& res, SearchService& service)
{
    nlohmann::json documents = nullptr;
    try {
        documents = service.database_info().documents;
    } catch (const Error&) {
        // Readiness reports the reason; liveness stays 200.
    }
    reply_json(res, {{"status", "ok"}, {"documents", documents}});
}

// Readiness: searches can be answered and the server is not shutting down.
void handle_get_ready(httplib::Response& res, SearchService& service, const ServerState& state)
{
    if (state.stopping) {
        reply_error(res, ErrorCode::unavailable, "not ready: the server is shutting down");
        return;
    }
    const DatabaseInfo info = service.database_info();
    nlohmann::json body = {{"status", "ready"}, {"documents", info.documents}, {"revision", info.revision}};
    if (!info.shards.empty()) {
        nlohmann::json shards = nlohmann::json::array();
        for (const ShardStatus& shard : info.shards) {
            shards.push_back({{"name", shard.name}, {"up", shard.up}});
            if (!shard.up) {
                shards.back()["problem"] = shard.problem;
                body["status"] = "partial"; // answering from the shards up (--shard-down partial)
            }
        }
        body["shards"] = std::move(shards);
    }
    reply_json(res, body);
}

void handle_get_metrics(httplib::Response& res, SearchService& service, const ServerState& state)
{
    DatabaseGauges gauges;
    try {
        const DatabaseInfo info = service.database_info();
        gauges.available = true;
        gauges.documents = info.documents;
        gauges.revision = info.revision;
    } catch (const Error& error) {
        gauges.available = false;
        if (!error.detail().empty()) {
            std::fprintf(stderr, "dateline-server: GET /metrics: %s\n", error.detail().c_str());
        }
    }
    const ServiceCounters counters = service.counters();
    gauges.reopens = counters.reopens;
    gauges.failed_searches = counters.failed_searches;
    gauges.cache_hits = counters.cache_hits;
    gauges.cache_misses = counters.cache_misses;
    res.set_content(state.metrics.render(gauges, k_version), k_metrics_type);
}

void reply_page(httplib::Response& res, const std::string& html)
{
    for (const auto& [name, value] : html_security_headers()) {
        res.set_header(name, value);
    }
    res.set_content(html, k_html_type);
}

// The pages people read; their errors are pages too, not JSON.
bool is_page_path(const std::string& path)
{
    return path == "/" || path == "/search" || path.starts_with("/articles/");
}

std::string base_url(const httplib::Request& req)
{
    return site_base_url(req.get_header_value("Host"), req.get_header_value("X-Forwarded-Proto"),
                         req.local_addr + ":" + std::to_string(req.local_port));
}

SearchResponse search_for_page(SearchService& service, const PageQuery& query)
{
    return service.search(parse_search_request(query.to_params()));
}

void handle_get_home(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    if (req.has_param("q")) { // the old form of the results page: /?q=...
        const PageQuery query = PageQuery::from_params(req.params);
        reply_page(res, render_search_view(query, search_for_page(service, query)));
        return;
    }
    SearchRequest everything; // its facets are the home page's "Browse" lists
    everything.size = 1;
    reply_page(res, render_home_view(service.document_count(), service.search(everything)));
}

void handle_get_search_page(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const PageQuery query = PageQuery::from_params(req.params);
    reply_page(res, render_search_view(query, search_for_page(service, query)));
}

void handle_get_article_page(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const Article article = service.get_article(req.matches[1].str());
    SimilarRequest related{.id = article.id, .size = 5, .days = 0};
    const ArticleNeighbours neighbours{service.similar(related).hits, service.duplicates_of(article.id).duplicates};
    reply_page(res, render_article_view(article, neighbours));
}

void handle_get_feed(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const PageQuery query = feed_query(PageQuery::from_params(req.params));
    const std::string feed = render_rss_feed(query, search_for_page(service, query), base_url(req));
    res.set_content(feed, "application/rss+xml; charset=utf-8");
}

void handle_get_opensearch(const httplib::Request& req, httplib::Response& res)
{
    res.set_content(render_opensearch_description(base_url(req)), "application/opensearchdescription+xml; charset=utf-8");
}

void handle_get_suggestions(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    SuggestRequest request = parse_suggest_request(req.params);
    request.size = static_cast<int>(k_max_opensearch_suggestions);
    const std::string body = render_opensearch_suggestions(request.prefix, opensearch_completions(service.suggest(request)));
    res.set_content(body, "application/x-suggestions+json");
}

// Embedded files only: the name is looked up in a table, never joined to a path.
void handle_get_asset(const httplib::Request& req, httplib::Response& res, const std::string& name)
{
    const WebAsset* asset = find_web_asset(name);
    if (asset == nullptr) {
        throw Error(ErrorCode::not_found, "no file named \"" + name + "\" under /assets/");
    }
    const std::string etag = "\"" + std::string(asset->fingerprint) + "\"";
    const bool versioned = req.get_param_value("v") == asset->fingerprint;
    res.set_header("ETag", etag);
    res.set_header("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "public, max-age=3600");
    res.set_header("X-Content-Type-Options", "nosniff");
    if (req.get_header_value("If-None-Match") == etag) {
        res.status = 304;
        return;
    }
    res.set_content(std::string(asset->body), std::string(asset->content_type));
}

// One pattern: GET/HEAD to the handler, POST to `post` when there is one, OPTIONS 204, other
// methods 405; each response names its route for the log and the metrics.
void add_one_read_route(httplib::Server& server, const std::string& pattern, const httplib::Server::Handler& handler,
                        const httplib::Server::Handler& post)
{
    const std::string label = route_label(pattern);
    const std::string allowed = post ? k_allowed_methods_with_post : k_allowed_methods;
    server.Get(pattern, [label, handler](const httplib::Request& req, httplib::Response& res) {
        res.set_header(k_route_header, label);
        handler(req, res);
    });
    server.Options(pattern, [label, allowed](const httplib::Request&, httplib::Response& res) {
        res.set_header(k_route_header, label);
        res.set_header("Allow", allowed);
        res.status = 204;
    });
    const auto not_allowed = [label, allowed, post](const httplib::Request& req, httplib::Response& res) {
        res.set_header(k_route_header, label);
        res.set_header("Allow", allowed);
        reply_error(res, ErrorCode::method_not_allowed,
                    req.method + " is not allowed here; use " + (post ? "GET or POST" : "GET"));
    };
    if (post) {
        server.Post(pattern, [label, post](const httplib::Request& req, httplib::Response& res) {
            res.set_header(k_route_header, label);
            post(req, res);
        });
    } else {
        server.Post(pattern, not_allowed);
    }
    server.Put(pattern, not_allowed);
    server.Patch(pattern, not_allowed);
    server.Delete(pattern, not_allowed);
}

std::string default_message(int status)
{
    switch (status) {
    case 400: return "the request could not be read";
    case 404: return "no such route; the API is described at /api/v1/openapi.json";
    case 405: return "method not allowed";
    case 413: return "the request is too large";
    case 414: return "the URL is too long (at most 8192 bytes); send a long query with POST /api/v1/search";
    default: return status >= 500 ? "internal error" : "request failed";
    }
}

ErrorCode code_for_status(int status)
{
    switch (status) {
    case 400: return ErrorCode::bad_request;
    case 401: return ErrorCode::unauthorized;
    case 404: return ErrorCode::not_found;
    case 405: return ErrorCode::method_not_allowed;
    case 413: return ErrorCode::payload_too_large;
    case 414: return ErrorCode::uri_too_long;
    case 429: return ErrorCode::rate_limited;
    case 503: return ErrorCode::unavailable;
    default: return status >= 500 ? ErrorCode::internal : ErrorCode::bad_request;
    }
}

// The methods some route answers (others with 405 and the Allow header).
bool is_routed_method(const std::string& method)
{
    return method == "GET" || method == "HEAD" || method == "OPTIONS" || method == "POST" || method == "PUT" ||
           method == "PATCH" || method == "DELETE";
}

// TRACE, CONNECT and methods httplib's parser does not know (FOO) get 405 like POST does,
// not httplib's 400 "could not be read".
void refuse_method(const std::string& method, httplib::Response& res)
{
    res.set_header("Allow", k_allowed_methods);
    reply_error(res, ErrorCode::method_not_allowed,
                "the method " + method + " is not supported; use GET, HEAD or OPTIONS");
}

// A request line httplib refused only for its method: a token, a target and HTTP/1.x.
bool is_unknown_method_line(const httplib::Request& req)
{
    const bool token = !req.method.empty() && std::all_of(req.method.begin(), req.method.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
    });
    return token && !is_routed_method(req.method) && !req.target.empty() &&
           (req.version == "HTTP/1.1" || req.version == "HTTP/1.0");
}

// A body httplib would not read (GET, HEAD, OPTIONS): refused like a POST's when it is over
// the limit. A smaller one is ignored and its connection closed (server/http_server.h).
bool refuse_unread_body(const httplib::Request& req, httplib::Response& res)
{
    if (!has_unread_body(req)) {
        return false;
    }
    const std::string text = req.get_header_value("Content-Length");
    std::size_t length = 0;
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), length);
    if (!text.empty() && (problem != std::errc{} || end != text.data() + text.size())) {
        reply_error(res, ErrorCode::bad_request, "the Content-Length header is not a number");
        return true;
    }
    if (length > k_max_request_body) {
        reply_error(res, ErrorCode::payload_too_large,
                    "the request body is too large (" + text + " bytes; at most 1 MiB, and " + req.method +
                        " requests need none)");
        return true;
    }
    return false;
}

// Before routing: the rate limit, then the token. True when the request was answered here.
// /healthz stays open to both (load balancers probe it), and so do CORS preflights, which
// browsers send without credentials.
bool refuse_before_routing(const httplib::Request& req, httplib::Response& res, ServerState& state)
{
    if (!is_routed_method(req.method)) {
        refuse_method(req.method, res);
        return true;
    }
    if (refuse_unread_body(req, res)) {
        return true;
    }
    if (req.path == "/healthz") {
        return false;
    }
    if (state.rate_limiter) {
        const RateDecision decision = state.rate_limiter->take(req.remote_addr, RateLimiter::Clock::now());
        if (!decision.allowed) {
            res.set_header("Retry-After", std::to_string(decision.retry_after_seconds));
            reply_error(res, ErrorCode::rate_limited,
                        "too many requests from " + req.remote_addr + "; retry after " +
                            std::to_string(decision.retry_after_seconds) + " s");
            return true;
        }
    }
    if (const std::string problem = find_encoding_problem(req.target, req.params); !problem.empty()) {
        reply_error(res, ErrorCode::bad_request, problem);
        return true;
    }
    const bool preflight = req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method");
    if (!state.auth_token.empty() && !preflight && !is_authorized(req.get_header_value("Authorization"), state.auth_token)) {
        res.set_header("WWW-Authenticate", k_basic_challenge);
        res.set_header("WWW-Authenticate", k_bearer_challenge);
        reply_error(res, ErrorCode::unauthorized,
                    req.has_header("Authorization")
                        ? "the credentials were not accepted"
                        : "this archive is private: send \"Authorization: Bearer TOKEN\" or HTTP basic credentials");
        return true;
    }
    return false;
}

} // namespace

void add_read_route(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler,
                    httplib::Server::Handler post)
{
    for (const std::string& answered_at : versioned_patterns(pattern)) {
        add_one_read_route(server, answered_at, handler, post);
    }
}

void register_routes(httplib::Server& server, SearchService& service, RequestLog& log, ServerState& state)
{
    add_read_route(server, "/", [&](const auto& req, auto& res) { handle_get_home(req, res, service); });
    add_read_route(server, "/search", [&](const auto& req, auto& res) { handle_get_search_page(req, res, service); });
    add_read_route(server, "/search.rss", [&](const auto& req, auto& res) { handle_get_feed(req, res, service); });
    add_read_route(server, "/articles/(.+)",
                   [&](const auto& req, auto& res) { handle_get_article_page(req, res, service); });
    add_read_route(server, "/opensearch.xml", [](const auto& req, auto& res) { handle_get_opensearch(req, res); });
    add_read_route(server, "/opensearch/suggest",
                   [&](const auto& req, auto& res) { handle_get_suggestions(req, res, service); });
    add_read_route(server, "/assets/([^/]+)",
                   [](const auto& req, auto& res) { handle_get_asset(req, res, req.matches[1].str()); });
    add_read_route(server, "/favicon.ico", [](const auto& req, auto& res) { handle_get_asset(req, res, "favicon.ico"); });
    add_read_route(
        server, "/api/search", [&](const auto& req, auto& res) { handle_get_search(req, res, service); },
        [&](const auto& req, auto& res) { handle_post_search(req, res, service); });
    add_read_route(server, "/api/suggest", [&](const auto& req, auto& res) { handle_get_suggest(req, res, service); });
    // Before the plain article route, which would take ".../similar" as part of an id.
    add_read_route(server, "/api/articles/(.+)/similar",
                   [&](const auto& req, auto& res) { handle_get_similar(req, res, service); });
    add_read_route(server, "/api/articles/(.+)/duplicates",
                   [&](const auto& req, auto& res) { handle_get_duplicates(req, res, service); });
    add_read_route(server, "/api/articles",
                   [&](const auto& req, auto& res) { handle_get_article_by_url(req, res, service); });
    add_read_route(server, "/api/articles/(.+)",
                   [&](const auto& req, auto& res) { handle_get_article(req, res, service); });
    add_read_route(server, "/api/stats", [&](const auto&, auto& res) { handle_get_stats(res, service); });
    add_read_route(server, "/api/openapi\\.json", [](const auto&, auto& res) { handle_get_openapi(res); });
    add_read_route(server, "/healthz", [&](const auto&, auto& res) { handle_get_health(res, service); });
    add_read_route(server, "/readyz", [&](const auto&, auto& res) { handle_get_ready(res, service, state); });
    add_read_route(server, "/metrics", [&](const auto&, auto& res) { handle_get_metrics(res, service, state); });

    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const Error& error) {
            if (!error.detail().empty()) { // e.g. Xapian's words on a damaged table: the log only
                std::fprintf(stderr, "dateline-server: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                             error.detail().c_str());
            }
            if (is_page_path(req.path)) {
                res.status = http_status(error.code());
                reply_page(res, render_error_page(res.status, error.what(), req.get_param_value("q")));
                return;
            }
            reply_error(res, error.code(), error.what());
        } catch (const std::exception& error) {
            // Log the detail; never echo it to the client.
            std::fprintf(stderr, "dateline-server: internal error: %s\n", error.what());
            reply_error(res, ErrorCode::internal, "internal error");
        } catch (...) {
            reply_error(res, ErrorCode::internal, "internal error");
        }
    });
    // httplib calls this for every status >= 400; fill only bodies the handlers left empty.
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        // A browser (it asks for HTML) that follows a dead link gets a page with a search box.
        if (res.status == 400 && is_unknown_method_line(req)) {
            res.status = http_status(ErrorCode::method_not_allowed);
            refuse_method(req.method, res);
        } else if (res.body.empty() && res.status == 404 && req.get_header_value("Accept").find("text/html") != std::string::npos) {
            reply_page(res, render_error_page(404, "There is no page at " + req.path + ".", ""));
        } else if (res.body.empty() && res.status == 413 && req.method == "POST" &&
                   to_lower(req.get_header_value("Content-Type")).starts_with("application/x-www-form-urlencoded")) {
            reply_error(res, ErrorCode::payload_too_large,
                        "a form body may hold at most 8192 bytes; send longer queries as JSON "
                        "(Content-Type: application/json)");
        } else if (res.body.empty()) {
            reply_error(res, code_for_status(res.status), default_message(res.status));
        }
    });
    server.set_pre_routing_handler([&log, &state](const httplib::Request& req, httplib::Response& res) {
        log.start_request(req, res);
        return refuse_before_routing(req, res, state) ? httplib::Server::HandlerResponse::Handled
                                                      : httplib::Server::HandlerResponse::Unhandled;
    });
    // After the handler (and the error handler), before anything is sent.
    server.set_post_routing_handler([&log, &state](const httplib::Request& req, httplib::Response& res) {
        if (res.has_header(k_route_header)) {
            log.set_route(res.get_header_value(k_route_header));
            res.headers.erase(k_route_header);
        }
        const bool preflight = req.method == "OPTIONS" && req.has_header("Access-Control-Request-Method");
        for (const auto& [name, value] : cors_headers(state.cors_origins, req.get_header_value("Origin"), preflight,
                                                        !state.auth_token.empty())) {
            res.set_header(name, value);
        }
    });
    server.set_logger([&log](const httplib::Request& req, const httplib::Response& res) { log.finish_request(req, res); });
}

} // namespace dateline
