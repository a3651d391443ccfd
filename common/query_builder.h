// Turns what a user typed into a ranked Xapian query: reads it with query_syntax.h, stems each
// free word in every language of the archive, adds synonyms, drops stop words, and boosts
// articles where the query's words stand close together. Owns the ranking settings chosen by
// evaluation (README "Ranking"). Does not open or search databases.
#pragma once

#include "common/search_request.h"
#include "common/synonyms.h"

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// Ranking knobs; the defaults are what users get (README "Ranking" gives the evaluation).
struct RankingSettings {
    double bm25_k1 = 1.2;
    double bm25_b = 0.75;
    /// Weight of the proximity boost: pairs of neighbouring query words found within
    /// `proximity_window` words of each other, in order, add this share of their weight.
    /// 0 turns it off.
    double proximity_weight = 0.0;
    unsigned proximity_window = 2;
    /// Leave common English function words ("the", "of") out of free-word queries, unless the
    /// query has nothing else. Words in quotes or marked + are always kept.
    bool drop_stop_words = true;
};

/// What SearchService knows that the query needs.
struct QueryContext {
    std::vector<Xapian::Stem> stemmers; // one per stemmer language of the archive's articles
    const SynonymTable* synonyms = nullptr;
    DefaultOperator op = DefaultOperator::op_or;
    RankingSettings ranking;
};

struct BuiltQuery {
    Xapian::Query query;
    std::string note; // why the query was not read as written, or ""
};

/// The Xapian query for `text`. An empty text matches every article. A query whose syntax
/// cannot be read is answered for its plain words, and `note` says what was wrong.
BuiltQuery build_query(std::string_view text, const QueryContext& context);

/// The weighting scheme of `settings` (BM25).
Xapian::BM25Weight make_weighting(const RankingSettings& settings);

} // namespace dateline
