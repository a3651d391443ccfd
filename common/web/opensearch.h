// Dateline inside the browser: the OpenSearch description (/opensearch.xml) that lets a
// browser add Dateline as a search engine, and the suggestions JSON its address bar asks for
// (/opensearch/suggest). Pure functions; strings are escaped for XML and JSON here.
#pragma once

#include "common/search/suggest.h"

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

/// What the address bar offers for `completions`: the typed text with its last word completed,
/// then titles that contain the typed words; no repeats, at most `max`.
std::vector<std::string> opensearch_completions(const Completions& completions,
                                                std::size_t max = k_max_opensearch_suggestions);

} // namespace dateline
