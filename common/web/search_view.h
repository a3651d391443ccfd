// The search pages' markup: the home page and the results page (summary, sort and date
// controls, filter chips, facet sidebar, hits, pagination, empty state). Pure functions of the
// page's parameters and the SearchService's answer; every user string is escaped here.
#pragma once

#include "common/search/facets.h"
#include "common/web/page_query.h"
#include "common/search/search_response.h"

#include <cstddef>
#include <string>
#include <vector>

namespace dateline {

struct FacetGroup {
    std::string param; // the filter parameter: "source", "section", "tag", "year"; "month" links
                       // a from/to range over that month ("1987-03")
    std::string title; // "Source"
    std::vector<FacetBucket> values;
};

/// The sidebar groups of a response's facets (source, section, year, month, tag), empty ones left out.
std::vector<FacetGroup> make_facet_groups(const Facets& facets);

/// The home page: the search box (focused), how to write queries, the archive's size, and
/// links to browse it by source, section and year (the facets of `everything`, a search for all
/// articles).
std::string render_home_view(std::size_t document_count, const SearchResponse& everything);

/// The results page for a search asked with `query` and answered with `response`.
std::string render_search_view(const PageQuery& query, const SearchResponse& response);

/// The sidebar: each group's values with their counts, each a link that adds (or, when active,
/// removes) its filter. Empty when no group has values. `exact` false says the counts are estimates.
std::string render_facets(const PageQuery& query, const std::vector<FacetGroup>& groups, bool exact = true);

/// The active filters and date range as chips, each with a link that removes it.
std::string render_filter_chips(const PageQuery& query);

/// Page links (previous, numbers around the current page, next) for `total` hits.
std::string render_pagination(const PageQuery& query, int page, int size, std::size_t total);

} // namespace dateline
