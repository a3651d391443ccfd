// Owns the read side: a pool of read-only Xapian databases (one per concurrent request), the
// query parsing and ranking, and the reopen-and-retry rule when the indexer commits. Turns a
// SearchRequest into a SearchResponse. Xapian stays behind this header (declared, never included).
#pragma once

#include "common/article.h"
#include "common/index/database_stats.h"
#include "common/search/search_request.h"
#include "common/search/search_response.h"
#include "common/search/search_settings.h"
#include "common/search/suggest.h"

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace Xapian {
class Database;
}

namespace dateline {

class SearchService {
public:
    /// Opens the database at `db_dir` once to check it. `db_dir` may also be a sharded archive: a
    /// Xapian stub file, or a directory holding one named XAPIANDB (database_set.h), whose shards
    /// are read as one database; shards down are left out or refused as settings.shards says.
    /// @exception dateline::Error (unavailable) when it is missing, unreadable or of another schema
    /// version; for a sharded archive, when its stub cannot be read or every shard is down.
    explicit SearchService(std::string db_dir, SearchSettings settings = {});
    /// Searches `db`, a database already open (Xapian::InMemory in unit tests). Every request
    /// reads through a copy of this handle, and copies share one database: use the service from
    /// one thread at a time. A backend without revisions (InMemory) gets no cached answers.
    /// @exception dateline::Error (unavailable) when `db` is not of this schema version.
    explicit SearchService(const Xapian::Database& db, SearchSettings settings = {});
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

    /// Documents and revision of the newest committed revision; for readiness and metrics.
    /// When the table files changed since the last call, a fresh handle reads a few blocks of
    /// each table first (database_health.h); damage met then or by a search is kept until the
    /// files change again.
    /// @exception dateline::Error (unavailable) when the database cannot be read or is damaged;
    /// Xapian's message is in its detail(), never in its message.
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
