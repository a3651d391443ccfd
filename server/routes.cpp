#include "server/routes.h"

#include "common/api_json.h"
#include "common/errors.h"
#include "common/search_page.h"
#include "common/search_request.h"

#include <cstdio>
#include <string>

namespace dateline {
namespace {

constexpr const char* k_json_type = "application/json; charset=utf-8";
constexpr const char* k_html_type = "text/html; charset=utf-8";

void reply_json(httplib::Response& res, const nlohmann::json& body)
{
    res.set_content(dump_json(body), k_json_type);
}

void reply_error(httplib::Response& res, ErrorCode code, const std::string& message)
{
    res.status = http_status(code);
    reply_json(res, error_to_json(code, message));
}

void handle_get_search(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SearchRequest request = parse_search_request(req.params);
    reply_json(res, search_response_to_json(service.search(request)));
}

void handle_get_article(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    // httplib has already percent-decoded the path, so an id with '/' arrives whole.
    reply_json(res, article_to_json(service.get_article(req.matches[1].str())));
}

void handle_get_similar(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SimilarRequest request = parse_similar_request(req.matches[1].str(), req.params);
    reply_json(res, similar_response_to_json(service.similar(request)));
}

void handle_get_duplicates(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    reply_json(res, duplicates_response_to_json(service.duplicates_of(req.matches[1].str())));
}

void handle_get_suggest(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    const SuggestRequest request = parse_suggest_request(req.params);
    reply_json(res, completions_to_json(service.suggest(request)));
}

void handle_get_health(httplib::Response& res, SearchService& service)
{
    reply_json(res, {{"status", "ok"}, {"documents", service.document_count()}});
}

void handle_get_page(const httplib::Request& req, httplib::Response& res, SearchService& service)
{
    SearchRequest request;
    try {
        request = parse_search_request(req.params);
    } catch (const Error& error) {
        res.status = http_status(error.code());
        request.query = req.get_param_value("q");
        res.set_content(render_search_page(request, nullptr, error.what()), k_html_type);
        return;
    }
    if (request.query.empty() && !req.has_param("q")) {
        res.set_content(render_search_page(request, nullptr, {}), k_html_type);
        return;
    }
    const SearchResponse response = service.search(request);
    res.set_content(render_search_page(request, &response, {}), k_html_type);
}

// GET (and HEAD, which httplib serves from GET) for `pattern`; every other method gets 405.
void add_read_route(httplib::Server& server, const std::string& pattern, httplib::Server::Handler handler)
{
    server.Get(pattern, std::move(handler));
    const auto not_allowed = [](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Allow", "GET, HEAD");
        reply_error(res, ErrorCode::method_not_allowed, req.method + " is not allowed here; use GET");
    };
    server.Post(pattern, not_allowed);
    server.Put(pattern, not_allowed);
    server.Patch(pattern, not_allowed);
    server.Delete(pattern, not_allowed);
    server.Options(pattern, not_allowed);
}

std::string default_message(int status)
{
    switch (status) {
    case 400: return "the request could not be read";
    case 404:
        return "no such route; see /api/search, /api/suggest, /api/articles/{id} (also /similar and /duplicates) "
               "and /healthz";
    case 405: return "method not allowed";
    case 413: return "the request is too large";
    default: return status >= 500 ? "internal error" : "request failed";
    }
}

ErrorCode code_for_status(int status)
{
    switch (status) {
    case 400: return ErrorCode::bad_request;
    case 404: return ErrorCode::not_found;
    case 405: return ErrorCode::method_not_allowed;
    case 413: return ErrorCode::payload_too_large;
    case 429: return ErrorCode::rate_limited;
    case 503: return ErrorCode::unavailable;
    default: return status >= 500 ? ErrorCode::internal : ErrorCode::bad_request;
    }
}

} // namespace

void register_routes(httplib::Server& server, SearchService& service, RequestLog& log)
{
    add_read_route(server, "/", [&](const auto& req, auto& res) { handle_get_page(req, res, service); });
    add_read_route(server, "/api/search", [&](const auto& req, auto& res) { handle_get_search(req, res, service); });
    add_read_route(server, "/api/suggest", [&](const auto& req, auto& res) { handle_get_suggest(req, res, service); });
    // Before the plain article route, which would take ".../similar" as part of an id.
    add_read_route(server, "/api/articles/(.+)/similar",
                   [&](const auto& req, auto& res) { handle_get_similar(req, res, service); });
    add_read_route(server, "/api/articles/(.+)/duplicates",
                   [&](const auto& req, auto& res) { handle_get_duplicates(req, res, service); });
    add_read_route(server, "/api/articles/(.+)",
                   [&](const auto& req, auto& res) { handle_get_article(req, res, service); });
    add_read_route(server, "/healthz", [&](const auto&, auto& res) { handle_get_health(res, service); });

    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const Error& error) {
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
    server.set_error_handler([](const httplib::Request&, httplib::Response& res) {
        if (res.body.empty()) {
            reply_error(res, code_for_status(res.status), default_message(res.status));
        }
    });
    server.set_pre_routing_handler([&log](const httplib::Request&, httplib::Response&) {
        log.start_request();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_logger([&log](const httplib::Request& req, const httplib::Response& res) { log.finish_request(req, res); });
}

} // namespace dateline
