// Turns what a user typed into a ranked Xapian query: reads it with query_syntax.h, stems each
// free word in every language of the archive, adds synonyms, drops stop words, and boosts
// articles where the query's words stand close together; turns the ranking settings
// (search_settings.h) into a weighting scheme. Does not open or search databases.
#pragma once

#include "common/search/search_request.h"
#include "common/search/search_settings.h"
#include "common/search/synonyms.h"

#include <xapian.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// What SearchService knows that the query needs.
struct QueryContext {
    std::vector<Xapian::Stem> stemmers; // one per stemmer language of the archive's articles
    const SynonymTable* synonyms = nullptr;
    DefaultOperator op = DefaultOperator::op_or;
    RankingSettings ranking;
    /// The archive: wildcards are expanded from its terms until `deadline`
    /// (wildcard_expansion.h). Null: Xapian expands them during the match, however long it takes.
    const Xapian::Database* db = nullptr;
    std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct BuiltQuery {
    Xapian::Query query;     // what matches, ranked
    Xapian::Query proximity; // the proximity boost (ranked_page.h), or an empty query
    std::string note;        // why the query was not read as written, or ""
    std::string problem;     // the syntax error behind `note` (e.g. "unbalanced quotation marks"), or ""
    bool cut_short = false;  // a wildcard's expansion stopped at the deadline: it stands for fewer words
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
