// Related articles ("more like this"): the query made of an article's own most distinctive
// title and body words, by Xapian's relevance-feedback term expansion. Excluding the
// article's copies and limiting dates is the caller's (SearchService's) business.
#pragma once

#include <xapian.h>

namespace dateline {

/// The OR of the most distinctive plain words of document `docid` (at most 25), weighted as
/// Xapian's expansion ranks them; an empty query when the document has no words.
/// @exception Xapian::Error when the database cannot be read.
Xapian::Query build_similar_query(const Xapian::Database& db, Xapian::docid docid);

} // namespace dateline
