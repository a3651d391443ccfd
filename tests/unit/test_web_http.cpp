// Unit tests of common/web/web_http.h and common/web/web_assets.h: the security headers of the pages,
// the site's base URL from a Host header, and the embedded files.
#include "common/web/web_assets.h"
#include "common/web/web_http.h"

#include <doctest/doctest.h>

#include <cerrno>

#include <stdexcept>
#include <string>

TEST_SUITE("web_http")
{
    TEST_CASE("says a port in use is in use, and names other bind failures")
    {
        CHECK(dateline::describe_listen_failure("127.0.0.1", 8080, EADDRINUSE) ==
              "cannot listen on 127.0.0.1:8080: port 8080 is in use (another server is listening there); stop it, "
              "or choose another port with --port (--port 0 takes a free one)");
        CHECK(dateline::describe_listen_failure("0.0.0.0", 80, EACCES) ==
              "cannot listen on 0.0.0.0:80: Permission denied; check --host and --port (--port 0 takes a free one)");
    }

    TEST_CASE("pages carry a CSP that allows no inline script and no framing")
    {
        const auto headers = dateline::html_security_headers();
        std::string csp;
        std::string nosniff;
        for (const auto& [name, value] : headers) {
            if (name == "Content-Security-Policy") {
                csp = value;
            } else if (name == "X-Content-Type-Options") {
                nosniff = value;
            }
        }
        CHECK(csp.find("script-src 'self';") != std::string::npos);
        CHECK(csp.find("default-src 'none'") != std::string::npos);
        CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
        CHECK(csp.find("unsafe-inline") == std::string::npos);
        CHECK(csp.find("unsafe-eval") == std::string::npos);
        CHECK(nosniff == "nosniff");
    }

    TEST_CASE("builds the base URL from a plain Host header, else the fallback")
    {
        CHECK(dateline::site_base_url("news.example:8080", "", "127.0.0.1:1") == "http://news.example:8080");
        CHECK(dateline::site_base_url("[::1]:8080", "https", "x") == "https://[::1]:8080");
        CHECK(dateline::site_base_url("", "", "127.0.0.1:8080") == "http://127.0.0.1:8080");
        for (const char* hostile : {"evil.example/path", "a\"b", "a b", "user@host", "<script>", "a\r\nX: y"}) {
            CAPTURE(hostile);
            CHECK(dateline::site_base_url(hostile, "", "127.0.0.1:8080") == "http://127.0.0.1:8080");
        }
        CHECK(dateline::site_base_url("h", "javascript", "f") == "http://h");
    }
}

TEST_SUITE("web_assets")
{
    TEST_CASE("embeds the style sheet, script and icons with their types and fingerprints")
    {
        const dateline::WebAsset* css = dateline::find_web_asset("dateline.css");
        REQUIRE(css != nullptr);
        CHECK(css->content_type == "text/css; charset=utf-8");
        CHECK(css->body.find(":focus-visible") != std::string_view::npos);
        CHECK(css->fingerprint.size() == 12);
        const dateline::WebAsset* icon = dateline::find_web_asset("favicon.ico");
        REQUIRE(icon != nullptr);
        CHECK(icon->body.substr(0, 4) == std::string_view("\0\0\1\0", 4)); // an ICO header, NUL bytes kept
        CHECK(dateline::find_web_asset("dateline.js") != nullptr);
        CHECK(dateline::find_web_asset("favicon.svg")->content_type == "image/svg+xml");
    }

    TEST_CASE("finds only exact names: no path ever reaches the file system")
    {
        for (const char* name : {"../dateline.css", "DATELINE.CSS", "dateline.css/", "", "embed.cmake", "/etc/passwd"}) {
            CAPTURE(name);
            CHECK(dateline::find_web_asset(name) == nullptr);
        }
    }

    TEST_CASE("versions asset links with the fingerprint")
    {
        const std::string url = dateline::web_asset_url("dateline.js");
        CHECK(url == "/assets/dateline.js?v=" + std::string(dateline::find_web_asset("dateline.js")->fingerprint));
        CHECK_THROWS_AS(dateline::web_asset_url("nope.css"), std::logic_error);
    }
}
