// Test support shared by the integration suites: the binaries and fixtures under test, HTTP
// requests to a running server, an indexed fixture archive, and common checks.
#pragma once

#include "tests/integration/process.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace dateline::testing {

extern const std::string k_indexer;
extern const std::string k_server;
extern const std::filesystem::path k_data;

/// Runs dateline-indexer --db `db` over `inputs`.
ProgramResult index_into(const std::filesystem::path& db, const std::vector<std::string>& inputs);

struct Reply {
    int status = 0;
    nlohmann::json body;      // parsed when the response is JSON
    std::string text;         // the raw body
    std::string content_type;
    httplib::Headers headers;
};

/// GET `target` from the server on `port` (with extra request headers).
Reply get(int port, const std::string& target, const httplib::Headers& headers = {});

/// The ids of a search response's hits, in order.
std::vector<std::string> hit_ids(const nlohmann::json& body);

/// Checks the JSON error envelope {"error": {"status", "code", "message"}}.
void check_error_envelope(const Reply& reply, int status, const std::string& code);

/// An indexed copy of tests/data/records and tests/data/site-a.
struct Archive {
    TempDir dir;
    std::filesystem::path db = dir.path() / "db";
    ProgramResult indexed = index_into(db, {(k_data / "records").string(), (k_data / "site-a").string()});
};

} // namespace dateline::testing
