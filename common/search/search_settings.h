// How queries are read and ranked, and how long the service may search and keep answers: the
// settings SearchService takes, defaults being what users get. Plain structs, no Xapian: the
// server chooses them without compiling the search engine.
#pragma once

#include "common/search/synonyms.h"

#include <chrono>
#include <cstddef>
#include <string>

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

/// What a sharded archive answers while a shard is down (issue 18).
enum class ShardDownPolicy {
    partial, // answer from the shards up, marked "partial" with the missing shards named
    fail,    // answer 503 until every shard is back
};

/// How the shards of a sharded archive (a stub file) are read; see docs/deployment.md.
struct ShardSettings {
    ShardDownPolicy when_down = ShardDownPolicy::partial;
    /// Each remote operation and connection attempt may take this long before the shard counts as down.
    std::chrono::milliseconds timeout{2000};
    /// A shard that went down is tried again after this long (by the next request).
    std::chrono::milliseconds retry_after{3000};
};

/// How queries are read and ranked; the defaults are what users get.
struct SearchSettings {
    RankingSettings ranking;
    SynonymTable synonyms = SynonymTable::built_in();
    /// How long a search may collect matches. After it, Xapian (1.4 has no way to abort a match)
    /// walks the rest of its posting lists but a match decider refuses every further document,
    /// so no more documents are weighed, spied on or fetched; the response is marked partial.
    std::chrono::milliseconds deadline{2000};
    /// Responses kept for repeated searches (search_cache.h); 0 turns the cache off.
    std::size_t cache_entries = 1000;
    /// How long a kept response may answer, at most (the recency boost follows the clock).
    std::chrono::milliseconds cache_time_to_live{60000};
    ShardSettings shards;
};

} // namespace dateline
