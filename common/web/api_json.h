// The JSON shapes of the HTTP API: search responses, articles and error envelopes, and the
// parameters of a search sent as JSON. One place decides field names and null-handling;
// handlers only call these.
#pragma once

#include "common/article.h"
#include "common/errors.h"
#include "common/search/search_response.h"
#include "common/search/suggest.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>

namespace dateline {

/// {"query", "total": {"value", "exact"}, "took_ms", "page", "size", "hits": [...], "partial", "note"?,
///  "facets"?, "did_you_mean"?, "showing_results_for"?}
nlohmann::json search_response_to_json(const SearchResponse& response);

/// {"id", "took_ms", "hits": [...], "note"?}
nlohmann::json similar_response_to_json(const SimilarResponse& response);

/// {"query", "took_ms", "terms": [...], "titles": [{"id", "title", "date"}]}
nlohmann::json completions_to_json(const Completions& completions);

/// {"id", "cluster", "duplicates": [{"id", "title", "url", "date", "source", "section"}]}
nlohmann::json duplicates_response_to_json(const DuplicatesResponse& response);

/// {"cluster", "articles": [{"id", "title", "url", "date", "source", "section"}]}
nlohmann::json duplicate_cluster_to_json(const DuplicateCluster& cluster);

/// The stored article as a record (see article_to_record).
nlohmann::json article_to_json(const Article& article);

/// {"error": {"status", "code", "message"}}
nlohmann::json error_to_json(ErrorCode code, const std::string& message);

/// The parameters of a search sent as a JSON object in a POST body (`{"q": "…", "size": 20,
/// "source": ["A", "B"]}`), as URL parameters would carry them: a string as it is, a number or
/// true/false as written, a list as the parameter repeated, null as absent.
/// @exception dateline::Error (bad_request) when the body is not a JSON object of such values,
/// naming the parameter or the byte where the JSON breaks.
std::multimap<std::string, std::string> read_json_parameters(std::string_view body);

/// Compact JSON text; invalid UTF-8 is replaced, never thrown on.
std::string dump_json(const nlohmann::json& value);

} // namespace dateline
