// Reduces a query the query language cannot read to its plain words, the fallback search.
// A pure string function.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

/// The query's words without operators, quotes, brackets or field prefixes, lower-cased.
std::string plain_query_words(std::string_view query);

} // namespace dateline
