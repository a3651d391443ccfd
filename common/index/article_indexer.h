// Owns the WritableDatabase: adds, replaces and removes articles by id and commits in explicit
// batches. The only writer of the database; it does not read files.
#pragma once

#include "common/article.h"
#include "common/index/article_writer.h"
#include "common/cleaning/chrome_model.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace Xapian {
class WritableDatabase;
}

namespace dateline {

class ArticleIndexer final : public ArticleWriter {
public:
    enum class Open {
        create_or_open, // create the database (and its directory) when missing
        existing,       // refuse a missing database (commands that only change one)
    };

    /// Opens the database at `db_dir`.
    /// @exception dateline::Error (unavailable) when it is missing (Open::existing), locked by
    /// another writer, not a Dateline database, or of another schema version.
    ArticleIndexer(const std::string& db_dir, std::size_t batch_size, Open open = Open::create_or_open);
    /// Writes into `db`, a database already open (Xapian::InMemory in unit tests), prepared as a
    /// new database is. link_copies, which opens the database again by path, needs the one above;
    /// a backend without spelling data (InMemory) keeps none.
    /// @exception dateline::Error (unavailable) when `db` holds documents Dateline did not write
    /// or is of another schema version.
    ArticleIndexer(const Xapian::WritableDatabase& db, std::size_t batch_size);
    ~ArticleIndexer() override;
    ArticleIndexer(const ArticleIndexer&) = delete;
    ArticleIndexer& operator=(const ArticleIndexer&) = delete;

    /// Adds the article, replacing any earlier one with the same id; commits when the batch is full.
    /// @exception dateline::Error (internal) when Xapian fails; committed batches stay intact.
    void add(const Article& article) override;

    /// Adds the article as document `docid`, which no other article of this database may hold,
    /// with the cluster key it has when it is nobody's copy (link_copies joins copies later).
    /// For the partial databases of the parallel indexer, whose articles have distinct ids.
    /// @exception dateline::Error (internal) when Xapian fails.
    void add_as(const Article& article, std::uint32_t docid);

    /// Commits, then gives every document from `first_docid` on that is a near-duplicate of an
    /// earlier document the cluster key of that document's cluster: the keys add() would have
    /// given had the documents been added one by one in document order. Looks for copies on
    /// `threads` threads. Returns the number of documents found to be a copy of an earlier one
    /// (changes not yet committed).
    /// @exception dateline::Error (internal) when Xapian fails.
    std::size_t link_copies(std::uint32_t first_docid, unsigned threads);

    /// Records stemmer languages of articles that came in by a merge, and that this database
    /// changed (so the next commit records its time).
    void note_merged(const std::vector<std::string>& stem_languages);

    /// Commits nothing and releases the database (and its writer lock); the indexer is unusable after.
    void close();

    /// The highest document id used so far (0 for an empty database).
    [[nodiscard]] std::uint32_t last_docid() const;

    /// Removes the article with this id and everything derived from it; false when there is
    /// none. Counts towards the batch like add.
    /// @exception dateline::Error (internal) when Xapian fails.
    bool remove(const std::string& id) override;

    /// Removes every article in `scope` that was not added through this indexer (the articles
    /// whose files are gone or no longer hold them). Returns the ids removed, in docid order.
    /// @exception dateline::Error (internal) when Xapian fails.
    std::vector<std::string> remove_missing(const MissingScope& scope) override;

    /// Commits the pending batch (and records the commit time). Call it before destruction: the
    /// destructor's implicit commit would swallow errors.
    /// @exception dateline::Error (internal) when the commit fails.
    void commit() override;

    /// Adds what this database learned about site chrome in earlier runs to `chrome`. Returns a
    /// message for each stored entry it could not read.
    [[nodiscard]] std::vector<std::string> load_chrome(ChromeModel& chrome) const override;

    /// Stores `chrome` (which should hold what load_chrome gave plus this run's learning), so
    /// that a later run on a single new file still cleans it; written by the next commit().
    /// @exception dateline::Error (internal) when Xapian fails.
    void store_chrome(const ChromeModel& chrome) override;

    /// Documents in the database, committed or not.
    [[nodiscard]] std::size_t document_count() const override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Adds what the database at `db_dir` learned about site chrome to `chrome`, opening it
/// read-only (for `extract --db`). Returns a message for each stored entry it could not read.
/// @exception dateline::Error (unavailable) when there is no Dateline database at `db_dir`.
std::vector<std::string> load_learned_chrome(const std::string& db_dir, ChromeModel& chrome);

/// The message for a writer lock Xapian would not give (its DatabaseLockError message is
/// `xapian_message`): another writer holds it, or the user may not write `db_dir` (permissions,
/// a read-only file system). Xapian 1.4 gives no errno, only the system's reason in the message.
std::string describe_lock_failure(const std::string& db_dir, const std::string& xapian_message);

/// True when `path` is `root` or lies under the directory `root` (both absolute, normalised).
bool is_same_or_under(const std::string& path, const std::string& root);

} // namespace dateline
