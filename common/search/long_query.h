// Long queries (a pasted paragraph, "articles like this text"): when a query has more words than
// a search takes, keeps the most informative of them, those found in the fewest articles. Reads
// document frequencies from the database; does not build or run queries.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class Database;
class Stem;
} // namespace Xapian

namespace dateline {

struct ShortenedQuery {
    std::string text; // what to search: the query as typed, or the words kept, in their order
    std::string note; // what was left out and why, for the response; "" when nothing was
};

/// `query` itself when it has at most `max_words` words (count_query_words), else its plain
/// words (plain_query_words: operators, quotes and fields are not read) reduced to the
/// `max_words` found in the fewest articles of `db`, in the order typed. A word's frequency is
/// that of its stem in the most frequent of `stemmers` (its unstemmed term without stemmers);
/// words the archive lacks count as the most common (they find nothing); ties keep the
/// earlier word. Repeated words count each time, as in the query.
/// @exception Xapian::Error when the database cannot be read.
ShortenedQuery shorten_long_query(const Xapian::Database& db, std::string_view query,
                                  const std::vector<Xapian::Stem>& stemmers, std::size_t max_words);

} // namespace dateline
