// Owns the read side: a pool of read-only Xapian databases (one per concurrent request), the
// query parsing and ranking, and the reopen-and-retry rule when the indexer commits. Turns a
// SearchRequest into a SearchResponse. Xapian stays behind this header.
#pragma once

#include "common/article.h"
#include "common/query_builder.h"
#include "common/search_request.h"
#include "common/synonyms.h"

#include <cstddef>
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
};

/// How queries are read and ranked; the defaults are what users get.
struct SearchSettings {
    RankingSettings ranking;
    SynonymTable synonyms = SynonymTable::built_in();
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
    /// threads. A query with broken syntax is answered for its plain words, with a note.
    /// @exception dateline::Error (unavailable) when the database cannot be read.
    SearchResponse search(const SearchRequest& request);

    /// The stored article with this id.
    /// @exception dateline::Error (not_found) when there is none.
    Article get_article(const std::string& id);

    /// Documents in the newest committed revision.
    std::size_t document_count();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
