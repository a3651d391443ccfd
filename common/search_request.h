// The search request as the API takes it, and the pure function that reads it from URL
// parameters (validating ranges and naming the parameter that is wrong).
#pragma once

#include <map>
#include <string>

namespace dateline {

enum class DefaultOperator { op_or, op_and };

struct SearchRequest {
    std::string query;                        // as typed; empty lists every article
    int page = 1;                             // 1-based
    int size = 10;                            // hits per page
    DefaultOperator op = DefaultOperator::op_or; // between free words; see README "Query language"
};

inline constexpr int k_max_page_size = 100;
inline constexpr int k_max_page = 1000;
inline constexpr std::size_t k_max_query_bytes = 1024;
inline constexpr std::size_t k_max_url_bytes = 2048;

/// Reads q, page, size and op from URL parameters. Missing ones take their defaults.
/// @exception dateline::Error (bad_request) naming the parameter, the allowed range and the
/// value received, e.g. `"size" must be a whole number from 1 to 100, got "1000"`.
SearchRequest parse_search_request(const std::multimap<std::string, std::string>& params);

/// The "url" parameter of GET /api/v1/articles?url=, the original address to look up.
/// @exception dateline::Error (bad_request) when it is missing, empty or too long, naming it.
std::string parse_article_url(const std::multimap<std::string, std::string>& params);

} // namespace dateline
