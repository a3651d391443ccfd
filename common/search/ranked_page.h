// One page of ranked matches: Xapian's first pass, then the proximity boost re-ranking the
// best few (reading word positions for every match would cost tens of milliseconds on common
// words). Knows nothing of articles, snippets or the HTTP shape of a hit.
#pragma once

#include <xapian.h>

#include <vector>

namespace dateline {

/// How many of the best matches the proximity boost re-ranks: the first pages.
inline constexpr Xapian::doccount k_rerank_depth = 30;

/// The matches a page asks for: [offset, offset + size), with at least `check_at_least` matches
/// counted (as Enquire::get_mset), each filtered by `decider` when not null (e.g. a SearchDeadline).
struct PageWindow {
    Xapian::doccount offset = 0;
    Xapian::doccount size = 0;
    Xapian::doccount check_at_least = 0;
    const Xapian::MatchDecider* decider = nullptr;
};

struct RankedHit {
    Xapian::MSetIterator match; // into the first pass: the document, collapse counts
    double score = 0;           // the ranking weight, with the proximity boost when re-ranked
};

struct RankedPage {
    Xapian::MSet first_pass;      // totals, and any match spies' counts
    std::vector<RankedHit> hits;  // the page, best first
};

/// Hits offset .. offset+size-1 of `window` in `enquire`'s query (set up by the caller with its
/// query and `weighting`). When `proximity` is not empty, the best k_rerank_depth matches are
/// re-ordered by weight plus `proximity`'s weight (a second, small search of `query` AND_MAYBE
/// `proximity` over just those documents); the order is the same whatever the page size.
/// Over several databases (shards, issue 18) the second search is restricted by the best matches'
/// id terms, since a posting source sees each shard's own document ids and a remote shard cannot run one.
/// Pass an empty `proximity` when the enquire sorts by anything but relevance. The window's
/// decider filters the first pass.
RankedPage rank_page(const Xapian::Database& db, const Xapian::Enquire& enquire, const Xapian::Weight& weighting,
                     const Xapian::Query& proximity, const PageWindow& window);

} // namespace dateline
