// How hits are ordered besides plain relevance: by date (newest or oldest first, undated
// articles last either way) and the recency boost for "latest news" searches. Does not build
// queries or count anything.
#pragma once

#include "common/search/ranked_page.h"
#include "common/search/search_request.h"

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace dateline {

/// Sets `enquire` to rank by `sort`: relevance (Xapian's order), or the date and then
/// relevance, with undated articles after every dated one. `remote`: some shards are remote,
/// where Xapian cannot run a key maker, so the date is compared as the value itself: the same
/// order for newest first, but oldest first then lists undated articles first.
void apply_sort_order(Xapian::Enquire& enquire, SortOrder sort, bool remote = false);

/// The recency boost of an article `age_days` old: 1 + 2^(-age / half-life), so 2 for the
/// newest article, 1.5 one half-life older, towards 1 for old ones. An undated article
/// (nullopt) gets exactly 1: its relevance score is neither raised nor lowered.
double recency_factor(std::optional<std::int64_t> age_days, double half_life_days);

/// One page of hits ranked by relevance × recency_factor, the age counted back from the
/// newest dated article in `db` (so a closed archive ranks as it did when it was live).
struct RecencyPage {
    Xapian::MSet mset; // the matches looked at, by relevance
    std::vector<std::pair<Xapian::doccount, double>> hits; // (index into mset, boosted score), best first
};

/// Ranks the matches of `enquire` (set to relevance order) for the page `window`.
/// `first` is the caller's relevance MSet of the first first_recency_fetch(offset + size) matches. Fetches more matches
/// only while one not yet fetched could still reach the page: the boost is at most 2×.
/// The window's decider filters each fetch.
/// @exception Xapian::Error from the match.
RecencyPage rank_by_recency(const Xapian::Database& db, Xapian::Enquire& enquire, Xapian::MSet first,
                            const PageWindow& window, double half_life_days);

/// How many matches to fetch first for a recency-ranked page ending at `page_end`.
Xapian::doccount first_recency_fetch(Xapian::doccount page_end);

} // namespace dateline
