// Unit tests of common/web/openapi.h: the embedded document is valid JSON, OpenAPI 3.1, carries
// the program's version, and every $ref in it resolves. (That real responses match it is
// tested against the running server in tests/integration/test_operations.cpp.)
#include "common/web/openapi.h"

#include "common/version.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

using nlohmann::json;

namespace {

void collect_refs(const json& node, std::vector<std::string>& refs)
{
    if (node.is_object()) {
        for (const auto& [key, value] : node.items()) {
            if (key == "$ref" && value.is_string()) {
                refs.push_back(value.get<std::string>());
            } else {
                collect_refs(value, refs);
            }
        }
    } else if (node.is_array()) {
        for (const json& item : node) {
            collect_refs(item, refs);
        }
    }
}

} // namespace

TEST_SUITE("openapi")
{
    TEST_CASE("the embedded document is OpenAPI 3.1 with this program's version")
    {
        const json document = json::parse(dateline::openapi_document_text());
        CHECK(document["openapi"] == "3.1.0");
        CHECK(document["info"]["version"] == dateline::k_version);
        for (const char* path : {"/api/v1/search", "/api/v1/articles", "/api/v1/articles/{id}", "/api/v1/stats",
                                 "/api/v1/openapi.json", "/healthz", "/readyz", "/metrics"}) {
            CAPTURE(path);
            CHECK(document["paths"].contains(path));
        }
    }

    TEST_CASE("every reference in the document resolves")
    {
        const json document = json::parse(dateline::openapi_document_text());
        std::vector<std::string> refs;
        collect_refs(document, refs);
        CHECK(refs.size() > 20);
        for (const std::string& ref : refs) {
            CAPTURE(ref);
            REQUIRE(ref.starts_with("#/"));
            CHECK(document.contains(json::json_pointer(ref.substr(1))));
        }
    }
}
