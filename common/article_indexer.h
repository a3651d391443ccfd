// Owns the WritableDatabase: adds or replaces articles by id and commits in explicit
// batches. The only writer of the database; it does not read files.
#pragma once

#include "common/article.h"
#include "common/chrome_model.h"

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

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

    /// Adds what this database learned about site chrome in earlier runs to `chrome`. Returns a
    /// message for each stored entry it could not read.
    [[nodiscard]] std::vector<std::string> load_chrome(ChromeModel& chrome) const;

    /// Stores `chrome` (which should hold what load_chrome gave plus this run's learning), so
    /// that a later run on a single new file still cleans it; written by the next commit().
    /// @exception dateline::Error (internal) when Xapian fails.
    void store_chrome(const ChromeModel& chrome);

    /// Articles added since the last commit.
    [[nodiscard]] std::size_t pending() const;
    /// Documents in the database, committed or not.
    [[nodiscard]] std::size_t document_count() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Adds what the database at `db_dir` learned about site chrome to `chrome`, opening it
/// read-only (for `extract --db`). Returns a message for each stored entry it could not read.
/// @exception dateline::Error (unavailable) when there is no Dateline database at `db_dir`.
std::vector<std::string> load_learned_chrome(const std::string& db_dir, ChromeModel& chrome);

} // namespace dateline
