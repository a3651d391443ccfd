// Turns what a user typed into a ranked Xapian query: reads it with query_syntax.h, stems each
// free word in every language of the archive, adds synonyms, drops stop words, and boosts
// articles where the query's words stand close together. Owns the ranking settings chosen by
// evaluation (docs/ranking.md). Does not open or search databases.
#pragma once

#include "common/search/search_request.h"
#include "common/search/synonyms.h"

#include <xapian.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// Ranking knobs; the defaults are what users get (docs/ranking.md gives the evaluation).
struct RankingSettings {
    /// Xapian's DFR scheme IneB2 with its library default c = 1 (best of Xapian's schemes on
    /// the evaluation; docs/ranking.md). For comparison: "bm25" (bm25_k1, bm25_b), "bm25+",
    /// "inl2", "ifb2", "bb2", "pl2" (dfr_c), "dph", "dlh", "lm", "tfidf".
    std::string scheme = "ineb2";
    double bm25_k1 = 1.2;
    double bm25_b = 0.75;
    /// The DFR schemes' length normalisation parameter c (Xapian's default 1).
    double dfr_c = 1.0;
    /// Weight of the proximity boost: pairs of neighbouring query words found within
    /// `proximity_window` words of each other, in order, add this share of their weight.
    /// 0 turns it off.
    double proximity_weight = 0.1;
    unsigned proximity_window = 2;
    /// The same pairs in either order within `proximity_near_window` words (the unordered
    /// windows of Metzler and Croft's sequential dependence model) add this share. 0 turns
    /// it off.
    double proximity_near_weight = 0.05;
    unsigned proximity_near_window = 8;
    /// Only the first this many pairs of a long query take part: each pair costs position
    /// look-ups, and in verbose queries far-apart words are rarely a phrase.
    unsigned proximity_max_pairs = 6;
    /// Leave common English function words ("the", "of") out of free-word queries, unless the
    /// query has nothing else. Words in quotes or marked + are always kept.
    bool drop_stop_words = true;
    /// A spelling typed as several words joined by - or / ("e-mail", "COVID-19") also matches
    /// the words written as one ("email", "covid19").
    bool join_typed_words = true;
    /// Pseudo-relevance feedback: the best `feedback_terms` words of the first `feedback_docs`
    /// hits are added to the query with `feedback_weight`. 0 documents turns it off.
    unsigned feedback_docs = 0;
    unsigned feedback_terms = 10;
    double feedback_weight = 0.3;
};

/// What SearchService knows that the query needs.
struct QueryContext {
    std::vector<Xapian::Stem> stemmers; // one per stemmer language of the archive's articles
    const SynonymTable* synonyms = nullptr;
    DefaultOperator op = DefaultOperator::op_or;
    RankingSettings ranking;
};

struct BuiltQuery {
    Xapian::Query query;     // what matches, ranked
    Xapian::Query proximity; // the proximity boost (ranked_page.h), or an empty query
    std::string note;        // why the query was not read as written, or ""
    std::string problem;     // the syntax error behind `note` (e.g. "unbalanced quotation marks"), or ""
};

/// The Xapian query for `text`. An empty text matches every article. A query whose syntax
/// cannot be read is answered for its plain words, and `note` says what was wrong.
BuiltQuery build_query(std::string_view text, const QueryContext& context);

/// `query` with pseudo-relevance feedback words added (RankingSettings::feedback_docs), or
/// `query` itself when feedback is off or finds nothing. Runs one extra search on `db`.
Xapian::Query add_feedback_terms(const Xapian::Database& db, const Xapian::Query& query,
                                 const RankingSettings& settings);

/// The weighting scheme of `settings`.
/// @exception std::invalid_argument for an unknown scheme name.
std::unique_ptr<Xapian::Weight> make_weighting(const RankingSettings& settings);

} // namespace dateline
