// Owns the read side: a pool of read-only Xapian databases (one per concurrent request), the
// query parsing and ranking, and the reopen-and-retry rule when the indexer commits. Turns a
// SearchRequest into a SearchResponse. Xapian stays behind this header.
#pragma once

#include "common/article.h"
#include "common/index/database_stats.h"
#include "common/search/facets.h"
#include "common/index/near_duplicates.h"
#include "common/search/query_builder.h"
#include "common/search/search_request.h"
#include "common/search/suggest.h"
#include "common/search/synonyms.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
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

struct SearchResponse {
    std::string query;
    std::size_t total = 0;
    bool total_exact = false;
    double took_ms = 0;
    int page = 1;
    int size = 10;
    std::vector<SearchHit> hits;
    std::string note; // set when the query could not be read as written
    bool has_facets = false;
    Facets facets;                   // counted under the request's filters
    std::string did_you_mean;        // the query with misspelt words corrected, or empty
    std::string showing_results_for; // set to did_you_mean when the query as typed found nothing
    bool partial = false; // the search deadline passed: hits, total and facets cover only the matches seen by then
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
};

/// The newest committed revision, as the server reports it in /readyz and /metrics.
struct DatabaseInfo {
    std::size_t documents = 0;
    std::uint64_t revision = 0;
};

/// What the service has counted since it started.
struct ServiceCounters {
    std::uint64_t reopens = 0;         // database handles that picked up a newer revision
    std::uint64_t failed_searches = 0; // searches that ended in an error (not a bad request)
    std::uint64_t cache_hits = 0;      // searches answered from the response cache
    std::uint64_t cache_misses = 0;    // searches the cache could not answer (while it is on)
};

class SearchService {
public:
    /// Opens the database at `db_dir` once to check it.
    /// @exception dateline::Error (unavailable) when it is missing, unreadable or of another schema version.
    explicit SearchService(std::string db_dir, SearchSettings settings = {});
    ~SearchService();
    SearchService(const SearchService&) = delete;
    SearchService& operator=(const SearchService&) = delete;

    /// Ranked hits for the request, from the newest committed revision. Safe to call from many
    /// threads. A query with broken syntax is answered for its plain words, with a note. Past
    /// SearchSettings::deadline it answers with what it has, marked partial.
    /// @exception dateline::Error (unavailable) when the database cannot be read.
    SearchResponse search(const SearchRequest& request);

    /// Articles like the one with this id (more-like-this from its own words), excluding it and
    /// its syndicated copies, optionally only those dated within request.days of it.
    /// @exception dateline::Error (not_found) when there is no such article.
    SimilarResponse similar(const SimilarRequest& request);

    /// Completions of what has been typed in the search box.
    Completions suggest(const SuggestRequest& request);

    /// The syndicated copies of the article with this id.
    /// @exception dateline::Error (not_found) when there is no such article.
    DuplicatesResponse duplicates_of(const std::string& id);

    /// Every group of two or more syndicated copies.
    std::vector<DuplicateCluster> duplicate_clusters();

    /// The stored article with this id.
    /// @exception dateline::Error (not_found) when there is none.
    Article get_article(const std::string& id);

    /// The stored article with this original URL (the exact string); when several articles share
    /// it, the one added last.
    /// @exception dateline::Error (not_found) when there is none.
    Article find_article_by_url(const std::string& url);

    /// Calls `visit` with every stored article matching `query` (the search query language;
    /// empty: every article), in the order they were first added. Returns how many it visited.
    /// A commit during the walk is picked up without visiting an article twice.
    /// @exception dateline::Error (unavailable) when the database cannot be read; whatever
    /// `visit` throws.
    std::size_t for_each_article(const std::string& query, const std::function<void(const Article&)>& visit);

    /// Documents in the newest committed revision.
    std::size_t document_count();

    /// Documents and revision of the newest committed revision.
    /// @exception dateline::Error (unavailable) when the database cannot be read.
    DatabaseInfo database_info();

    /// Statistics of the newest committed revision (see database_stats.h).
    /// @exception dateline::Error (unavailable) when the database cannot be read.
    DatabaseStats database_stats();

    /// Reopens and failed searches so far. Never throws.
    [[nodiscard]] ServiceCounters counters() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
