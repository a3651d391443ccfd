// HTTP helpers shared by the integration suites: GET a target from a test server and read its
// JSON, and the ids of a search response's hits.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace dateline::testing {

struct Reply {
    int status = 0;
    nlohmann::json body; // parsed when the reply is JSON
    std::string content_type;
};

/// GET `target` from the server on 127.0.0.1:`port`; fails the test when nothing answers.
Reply get(int port, const std::string& target);

/// The "id" of every hit in a search (or similar-articles) response, in order.
std::vector<std::string> hit_ids(const nlohmann::json& body);

} // namespace dateline::testing
