// The requests of the read API (search, similar articles, completions) as the API takes them,
// and the pure functions that read them from URL parameters (validating ranges and naming the
// parameter that is wrong).
#pragma once

#include <map>
#include <span>
#include <string_view>
#include <string>
#include <vector>

namespace dateline {

enum class DefaultOperator { op_or, op_and };

/// `sort=`: by relevance, or by date with undated articles last either way.
enum class SortOrder { relevance, newest, oldest };

/// Filters on the result set (`source=`, `section=`, `tag=`, `year=`, `from=`, `to=`). Values of
/// one parameter widen (any of them), different parameters narrow (all of them). Source,
/// section and tag values match whatever their case and spacing.
struct SearchFilters {
    std::vector<std::string> sources;
    std::vector<std::string> sections;
    std::vector<std::string> tags;
    std::vector<std::string> years; // "YYYY" or "undated"
    std::string from;               // "YYYY-MM-DD", inclusive, or empty
    std::string to;                 // "YYYY-MM-DD", inclusive, or empty

    [[nodiscard]] bool empty() const
    {
        return sources.empty() && sections.empty() && tags.empty() && years.empty() && from.empty() && to.empty();
    }
    /// The year when the filters keep articles of one calendar year only ("year=2021", or
    /// from and to in 2021), else "".
    [[nodiscard]] std::string single_year() const;
};

struct SearchRequest {
    std::string query;                        // as typed; empty lists every article
    int page = 1;                             // 1-based
    int size = 10;                            // hits per page
    DefaultOperator op = DefaultOperator::op_or; // between free words; see docs/query-language.md
    SortOrder sort = SortOrder::relevance;
    double recency_half_life_days = 0;       // > 0: boost recent articles (relevance sort only)
    SearchFilters filters;
    bool collapse = true;                    // one hit per cluster of syndicated copies
    bool facets = true;                      // count facets beside the hits
};

/// GET /api/articles/{id}/similar
struct SimilarRequest {
    std::string id;
    int size = 10;
    int days = 0; // > 0: only articles dated within this many days of the article's date
};

/// GET /api/suggest
struct SuggestRequest {
    std::string prefix; // what the user has typed so far
    int size = 5;       // completions of each kind
};

inline constexpr int k_max_page_size = 100;
inline constexpr int k_max_page = 1000;
// A pasted paragraph or article is a normal query ("articles like this text"); its words beyond
// k_max_query_words are not refused but dropped, the most common first (long_query.h).
inline constexpr std::size_t k_max_query_bytes = 16384;
inline constexpr double k_max_recency_days = 36500;
inline constexpr std::size_t k_max_filter_values = 20;
inline constexpr int k_max_similar_days = 36500;
inline constexpr int k_max_suggestions = 20;
inline constexpr std::size_t k_max_prefix_bytes = 200;
inline constexpr std::size_t k_max_url_bytes = 2048;
// Each word becomes a few Xapian terms (stems in each language, synonyms, fields): a search
// takes at most this many words of a query, keeping the most informative (long_query.h). 256
// loses nothing measurable on the evaluation (CISI nDCG@10 at 64, 128, 256 words: 0.4148,
// 0.4209, 0.4215; docs/ranking.md).
inline constexpr std::size_t k_max_query_words = 256;
// Unknown parameters listed in "warnings" (the rest are counted), and the bytes of a name shown.
inline constexpr std::size_t k_max_warnings = 10;
inline constexpr std::size_t k_max_warning_name_bytes = 64;

/// The parameters each read request takes; any other is ignored and reported by
/// unknown_parameter_warnings.
inline constexpr std::string_view k_search_parameters[] = {"q", "page", "size", "op", "sort", "recency", "source",
                                                           "section", "tag", "year", "from", "to", "collapse",
                                                           "facets"};
inline constexpr std::string_view k_similar_parameters[] = {"size", "days"};
inline constexpr std::string_view k_suggest_parameters[] = {"q", "size"};
inline constexpr std::string_view k_article_url_parameters[] = {"url"};

/// One message per parameter of `params` whose name is not in `known`, e.g.
/// `unknown parameter "qq" was ignored`, at most k_max_warnings (then "... and N more"); names
/// are cut to k_max_warning_name_bytes and made valid UTF-8. Empty when all are known.
std::vector<std::string> unknown_parameter_warnings(const std::multimap<std::string, std::string>& params,
                                                    std::span<const std::string_view> known);

/// What is wrong with the encoding of a request: a '%' in the raw `target` (path and query as
/// sent) not followed by two hex digits, or a parameter name or value that is not UTF-8 once
/// decoded; "" when nothing is. E.g. `the URL has an invalid percent-escape "%zz" at byte 12`.
std::string find_encoding_problem(std::string_view target, const std::multimap<std::string, std::string>& params);

/// Reads q, page, size and op from URL parameters. Missing ones take their defaults.
/// @exception dateline::Error (bad_request) naming the parameter, the allowed range and the
/// value received, e.g. `"size" must be a whole number from 1 to 100, got "1000"`.
SearchRequest parse_search_request(const std::multimap<std::string, std::string>& params);

/// Reads size and days for the article `id`.
/// @exception dateline::Error (bad_request) as parse_search_request.
SimilarRequest parse_similar_request(const std::string& id, const std::multimap<std::string, std::string>& params);

/// Reads q (required) and size.
/// @exception dateline::Error (bad_request) as parse_search_request.
SuggestRequest parse_suggest_request(const std::multimap<std::string, std::string>& params);

/// The "url" parameter of GET /api/v1/articles?url=, the original address to look up.
/// @exception dateline::Error (bad_request) when it is missing, empty or too long, naming it.
std::string parse_article_url(const std::multimap<std::string, std::string>& params);

} // namespace dateline
