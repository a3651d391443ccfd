// Dateline inside the browser: the OpenSearch description (/opensearch.xml) that lets a
// browser add Dateline as a search engine, and the suggestions JSON its address bar asks for
// (/opensearch/suggest). Pure functions; strings are escaped for XML and JSON here.
#pragma once

#include "common/search_request.h"
#include "common/search_service.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

inline constexpr std::size_t k_max_opensearch_suggestions = 8;

/// The OpenSearch 1.1 description, with absolute templates under `base_url` for the results
/// page, the RSS feed and the suggestions.
std::string render_opensearch_description(std::string_view base_url);

/// The OpenSearch suggestions format: `["typed text", ["completion", ...]]`.
std::string render_opensearch_suggestions(std::string_view typed, const std::vector<std::string>& completions);

/// The search behind title suggestions for typed text: its last word also matches as a prefix
/// ("tidal bar" → `tidal bar*`), a few hits.
SearchRequest make_title_suggestion_request(std::string_view typed);

/// The distinct titles of the hits, at most `max`, in rank order.
std::vector<std::string> suggestion_titles(const SearchResponse& response, std::size_t max = k_max_opensearch_suggestions);

} // namespace dateline
