// API versioning and route names, as pure functions of a route pattern: which paths a route
// answers at (/api/v1/... and its unversioned alias) and how logs and metrics name it.
#pragma once

#include <string>
#include <vector>

namespace dateline {

inline constexpr const char* k_api_version_prefix = "/api/v1/";

/// The patterns a route answers at: an API pattern "/api/x" gives {"/api/v1/x", "/api/x"}
/// (the alias answers the same); any other pattern (or one already versioned) only itself.
std::vector<std::string> versioned_patterns(const std::string& pattern);

/// The route label of a pattern for logs and metrics: each regex group becomes "{param}"
/// ("/api/v1/articles/(.+)" -> "/api/v1/articles/{param}"), so ids never become labels.
std::string route_label(const std::string& pattern);

} // namespace dateline
