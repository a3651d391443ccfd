// Expands a wildcard (barr*) into the terms of the archive it stands for, as Xapian's OP_WILDCARD
// with WILDCARD_LIMIT_MOST_FREQUENT does, but within the search's deadline: Xapian walks every
// term with the prefix, however many, before the match starts (issue 15). Reads the term list;
// does not search.
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <string>

namespace dateline {

/// The terms one wildcard stands for, at most: the most frequent of them.
inline constexpr std::size_t k_max_wildcard_terms = 200;
/// Terms walked between two looks at the clock.
inline constexpr std::size_t k_wildcard_terms_per_clock_check = 64;

struct WildcardExpansion {
    Xapian::Query query;    // OP_SYNONYM of the terms kept (one term: that term), or MatchNothing
    std::size_t walked = 0; // terms with the prefix looked at
    bool cut_short = false; // the deadline passed before the last term with the prefix
};

/// The at most `limit` most frequent terms of `db` that start with `term_prefix` (ties: the
/// first in term order), combined as one word (OP_SYNONYM). Looks at the clock before the first
/// term and every k_wildcard_terms_per_clock_check terms; at `deadline` it stops walking and
/// returns what it kept, cut_short.
/// @exception Xapian::Error when the database cannot be read.
WildcardExpansion expand_wildcard(const Xapian::Database& db, const std::string& term_prefix, std::size_t limit,
                                  std::chrono::steady_clock::time_point deadline);

} // namespace dateline
