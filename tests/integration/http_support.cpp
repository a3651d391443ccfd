#include "tests/integration/http_support.h"

#include <doctest/doctest.h>

namespace dateline::testing {

const std::string k_indexer = DATELINE_INDEXER_BIN;
const std::string k_server = DATELINE_SERVER_BIN;
const std::filesystem::path k_data = DATELINE_TEST_DATA_DIR;

ProgramResult index_into(const std::filesystem::path& db, const std::vector<std::string>& inputs)
{
    std::vector<std::string> argv = {k_indexer, "--db", db.string()};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    return run_program(argv);
}

Reply get(int port, const std::string& target, const httplib::Headers& headers)
{
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10);
    const httplib::Result result = client.Get(target, headers);
    REQUIRE_MESSAGE(result, "no HTTP response for " << target);
    Reply reply;
    reply.status = result->status;
    reply.content_type = result->get_header_value("Content-Type");
    reply.text = result->body;
    reply.headers = result->headers;
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

void check_error_envelope(const Reply& reply, int status, const std::string& code)
{
    CHECK(reply.status == status);
    REQUIRE(reply.body.contains("error"));
    CHECK(reply.body["error"]["status"] == status);
    CHECK(reply.body["error"]["code"] == code);
    CHECK(reply.body["error"]["message"].is_string());
    CHECK_FALSE(reply.body["error"]["message"].get<std::string>().empty());
}

} // namespace dateline::testing
