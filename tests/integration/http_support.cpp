#include "tests/integration/http_support.h"

#include <doctest/doctest.h>
#include <httplib.h>

namespace dateline::testing {

Reply get(int port, const std::string& target)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    const httplib::Result result = client.Get(target);
    REQUIRE_MESSAGE(result, "no HTTP response for " << target);
    Reply reply;
    reply.status = result->status;
    reply.content_type = result->get_header_value("Content-Type");
    if (reply.content_type.starts_with("application/json")) {
        reply.body = nlohmann::json::parse(result->body);
    }
    return reply;
}

std::vector<std::string> hit_ids(const nlohmann::json& body)
{
    std::vector<std::string> ids;
    for (const nlohmann::json& hit : body.at("hits")) {
        ids.push_back(hit.at("id").get<std::string>());
    }
    return ids;
}

} // namespace dateline::testing
