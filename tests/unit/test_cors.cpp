// Unit tests of common/web/cors.h and common/web/route_patterns.h: the CORS headers for allowed,
// refused and wildcard origins and for preflights; API versioning and route labels.
#include "common/web/cors.h"
#include "common/web/route_patterns.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using dateline::HeaderList;
using Strings = std::vector<std::string>;

TEST_SUITE("cors")
{
    TEST_CASE("echoes an allowed origin, varies by origin and exposes the request id")
    {
        const HeaderList headers = dateline::cors_headers({"https://a.example", "https://b.example:8443"},
                                                          "https://b.example:8443", false, false);
        CHECK(headers == HeaderList{{"Access-Control-Allow-Origin", "https://b.example:8443"},
                                    {"Vary", "Origin"},
                                    {"Access-Control-Expose-Headers", "X-Request-Id"}});
    }

    TEST_CASE("gives nothing to an origin that is not allowed, or without an Origin header")
    {
        CHECK(dateline::cors_headers({"https://a.example"}, "https://evil.example", false, false).empty());
        CHECK(dateline::cors_headers({"https://a.example"}, "https://a.example.evil", true, true).empty());
        CHECK(dateline::cors_headers({"https://a.example"}, "", false, false).empty());
        CHECK(dateline::cors_headers({}, "https://a.example", false, true).empty());
    }

    TEST_CASE("allows any origin with a star and answers preflights")
    {
        const HeaderList headers = dateline::cors_headers({"*"}, "https://any.example", true, false);
        CHECK(headers == HeaderList{{"Access-Control-Allow-Origin", "*"},
                                    {"Access-Control-Expose-Headers", "X-Request-Id"},
                                    {"Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"},
                                    {"Access-Control-Allow-Headers", "X-Request-Id, Content-Type"},
                                    {"Access-Control-Max-Age", "600"}});
    }

    TEST_CASE("lets a preflight send Authorization when the server wants a token (issue 15)")
    {
        const HeaderList preflight = dateline::cors_headers({"https://a.example"}, "https://a.example", true, true);
        CHECK(preflight == HeaderList{{"Access-Control-Allow-Origin", "https://a.example"},
                                      {"Vary", "Origin"},
                                      {"Access-Control-Expose-Headers", "X-Request-Id"},
                                      {"Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"},
                                      {"Access-Control-Allow-Headers", "X-Request-Id, Content-Type, Authorization"},
                                      {"Access-Control-Max-Age", "600"}});
        // A star does not cover Authorization in Access-Control-Allow-Headers: it is named.
        const HeaderList any = dateline::cors_headers({"*"}, "https://any.example", true, true);
        REQUIRE(any.size() == 5);
        CHECK(any[3].second == "X-Request-Id, Content-Type, Authorization");
        // Simple requests need no Allow-Headers.
        CHECK(dateline::cors_headers({"*"}, "https://any.example", false, true) ==
              HeaderList{{"Access-Control-Allow-Origin", "*"}, {"Access-Control-Expose-Headers", "X-Request-Id"}});
    }
}

TEST_SUITE("route patterns")
{
    TEST_CASE("registers every API route under /api/v1 and at its unversioned alias")
    {
        CHECK(dateline::versioned_patterns("/api/search") == Strings{"/api/v1/search", "/api/search"});
        CHECK(dateline::versioned_patterns("/api/articles/(.+)/similar") ==
              Strings{"/api/v1/articles/(.+)/similar", "/api/articles/(.+)/similar"});
        CHECK(dateline::versioned_patterns("/api/v1/suggest") == Strings{"/api/v1/suggest"});
        CHECK(dateline::versioned_patterns("/healthz") == Strings{"/healthz"});
        CHECK(dateline::versioned_patterns("/") == Strings{"/"});
        CHECK(dateline::versioned_patterns("/apical") == Strings{"/apical"});
    }

    TEST_CASE("labels routes by pattern with regex groups as parameters")
    {
        CHECK(dateline::route_label("/api/v1/articles/(.+)") == "/api/v1/articles/{param}");
        CHECK(dateline::route_label("/api/v1/articles/([^/]+)/similar") == "/api/v1/articles/{param}/similar");
        CHECK(dateline::route_label("/api/v1/openapi\\.json") == "/api/v1/openapi.json");
        CHECK(dateline::route_label("/api/v1/x/((a)|(b))") == "/api/v1/x/{param}");
        CHECK(dateline::route_label("/healthz") == "/healthz");
    }
}
