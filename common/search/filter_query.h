// The Xapian query of a request's filters (source, section, tag, year, from, to): values of
// one filter are alternatives, different filters all apply. Boolean: filters never change
// the ranking. Terms and slots come from schema.h.
#pragma once

#include "common/search/search_request.h"

#include <xapian.h>

#include <string>

namespace dateline {

/// The query that keeps exactly the articles `filters` allow; Xapian::Query::MatchAll when
/// they are empty. Undated articles pass only `year=undated` (never from/to or a year).
Xapian::Query build_filter_query(const SearchFilters& filters);

/// Articles dated from `from` to `to` ("YYYY-MM-DD", inclusive; either may be empty for an
/// open end).
Xapian::Query build_date_range_query(const std::string& from, const std::string& to);

} // namespace dateline
