// Counts facets over an archive with remote shards (issue 18). xapian-tcpsrv runs only Xapian's
// own match spies, so FacetCounter cannot run there, and reading each match's values from the
// client fetched every document over the network (224 ms a query): Xapian::ValueCountMatchSpy
// counts the facet values and copy groups on each shard's side and sends back only the counts.
#pragma once

#include "common/search/facet_counter.h"

#include <xapian.h>

namespace dateline {

/// Counts the facet values of the first `check` matches of `query` (at least; all when fewer)
/// into `counter`, as FacetCounter would over the same matches: when `collapse`, documents of a
/// group of copies that several matches share are read one by one (only those). Returns
/// Xapian's estimate of the matches.
/// @exception Xapian::Error when a shard cannot be read.
Xapian::doccount count_facets_remotely(const Xapian::Database& db, const Xapian::Query& query, FacetCounter& counter,
                                       Xapian::doccount check, bool collapse);

} // namespace dateline
