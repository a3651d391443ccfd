// Reduces a query the query language cannot read to its plain words, the fallback search, and
// counts a query's words. Pure string functions.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The query's words without operators, quotes, brackets or field prefixes, lower-cased.
std::string plain_query_words(std::string_view query);

/// The words of `query` as the query language sees them: runs of characters between spaces,
/// brackets and quotes, not counting the operators between them (AND, NEAR/3, …).
std::size_t count_query_words(std::string_view query);

} // namespace dateline
