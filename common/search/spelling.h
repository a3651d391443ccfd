// "Did you mean": a corrected query, from the spelling data the indexer records from title and
// body words (schema::spelling_words). Leaves operators, field names, wildcards and numbers
// alone; does not parse or run queries.
#pragma once

#include <string>
#include <string_view>

namespace Xapian {
class Database;
}

namespace dateline {

/// The query with each word the archive does not contain replaced by the closest word it does
/// contain (edit distance at most 2, or 1 for words of four letters or fewer; the most
/// frequent when several are as close), or "" when no word needs a correction.
/// @exception Xapian::Error when the database cannot be read.
std::string suggest_query_spelling(const Xapian::Database& db, std::string_view query);

} // namespace dateline
