// What SearchService answers: hits, result pages, similar articles, syndicated copies, the
// database's revision and the service's counters. Plain data for the views, the cache and the
// server; no Xapian and no behaviour.
#pragma once

#include "common/article.h"
#include "common/search/facets.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace dateline {

struct SearchHit {
    std::string id;
    std::string title;
    std::string url;
    std::string date; // "YYYY-MM-DD" or empty
    std::string source;
    std::string section;
    std::string dateline;
    double score = 0;    // the ranking weight
    std::string snippet; // HTML-escaped text with <mark> around matched terms
    std::string cluster; // key shared with the article's syndicated copies
    std::size_t duplicates = 0; // copies of it elsewhere in the archive (GET /api/articles/{id}/duplicates)
};

// How a response's total relates to the number of matches (JSON total.relation).
enum class TotalRelation {
    eq,    // exactly this many
    gte,   // at least this many: a lower bound, when counting stopped before the last match
    about, // an estimate within 10%
};

struct SearchResponse {
    std::string query;
    std::size_t total = 0;
    TotalRelation total_relation = TotalRelation::eq;
    double took_ms = 0;
    int page = 1;
    int size = 10;
    std::vector<SearchHit> hits;
    std::string note; // set when the query could not be read as written
    bool has_facets = false;
    Facets facets;                   // counted under the request's filters
    std::string did_you_mean;        // the query with misspelt words corrected, or empty
    std::string showing_results_for; // set to did_you_mean when the query as typed found nothing
    bool partial = false; // the search deadline passed, or shards are missing: hits, total and facets
                          // cover only the matches seen by then, on the shards that answered
    std::vector<std::string> missing_shards; // shards down when it searched (issue 18); implies partial

    [[nodiscard]] bool total_exact() const { return total_relation == TotalRelation::eq; }
};

struct SimilarResponse {
    std::string id;
    std::vector<SearchHit> hits; // most similar first; never the article or its copies
    std::string note;            // e.g. why a time window could not apply
    double took_ms = 0;
};

struct DuplicatesResponse {
    std::string id;
    std::string cluster;
    std::vector<Article> duplicates; // the other articles of the cluster
};

/// One cluster of syndicated copies, as stored.
struct DuplicateCluster {
    std::string key;
    std::vector<Article> articles; // in document order
};

/// One shard of a sharded archive and whether it answers (issue 18).
struct ShardStatus {
    std::string name;    // as the stub file names it
    bool up = true;
    std::string problem; // why it is down (Xapian's words: for the log and /readyz)
};

/// The newest committed revision, as the server reports it in /readyz and /metrics.
struct DatabaseInfo {
    std::size_t documents = 0;
    std::uint64_t revision = 0;  // 0 for a sharded archive (each shard has its own)
    std::vector<ShardStatus> shards; // a sharded archive's shards; empty for one database
};

/// What the service has counted since it started.
struct ServiceCounters {
    std::uint64_t reopens = 0;         // database handles that picked up a newer revision
    std::uint64_t failed_searches = 0; // searches that ended in an error (not a bad request)
    std::uint64_t cache_hits = 0;      // searches answered from the response cache
    std::uint64_t cache_misses = 0;    // searches the cache could not answer (while it is on)
};

} // namespace dateline
