// Owns the WritableDatabase: adds or replaces articles by id and commits in explicit
// batches. The only writer of the database; it does not read files.
#pragma once

#include "common/article.h"

#include <cstddef>
#include <memory>
#include <string>

namespace dateline {

class ArticleIndexer {
public:
    /// Opens the database at `db_dir`, creating it (and its directory) when missing.
    /// @exception dateline::Error (unavailable) when it is locked by another writer, not a
    /// Dateline database, or of another schema version.
    ArticleIndexer(const std::string& db_dir, std::size_t batch_size);
    ~ArticleIndexer();
    ArticleIndexer(const ArticleIndexer&) = delete;
    ArticleIndexer& operator=(const ArticleIndexer&) = delete;

    /// Adds the article, replacing any earlier one with the same id; commits when the batch is full.
    /// @exception dateline::Error (internal) when Xapian fails; committed batches stay intact.
    void add(const Article& article);

    /// Commits the pending batch. Call it before destruction: the destructor's implicit commit
    /// would swallow errors.
    /// @exception dateline::Error (internal) when the commit fails.
    void commit();

    /// Articles added since the last commit.
    [[nodiscard]] std::size_t pending() const;
    /// Documents in the database, committed or not.
    [[nodiscard]] std::size_t document_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
