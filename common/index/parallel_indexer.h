// Parallel indexing of one large run: worker threads build small partial databases from chunks
// of the input (consecutive document ids each) and Xapian's compaction merges them, with what
// the target already holds, into a new database that replaces the target whole. It does not
// read files (the ingest walk does) and writes only through ArticleIndexer and the compactor.
#pragma once

#include "common/article.h"
#include "common/index/article_indexer.h"
#include "common/cleaning/chrome_model.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

struct ParallelIndexing {
    unsigned threads = 2;             // worker threads building partial databases
    std::size_t chunk_articles = 8000; // articles per partial database
    std::size_t batch_size = 2000;    // articles per commit inside a partial
};

/// Input of at least this many bytes is indexed in parallel by the index command (smaller
/// runs, such as a day's new files, go straight into the database).
inline constexpr std::uintmax_t k_parallel_min_bytes = 16'000'000;

/// What a finished parallel run did.
struct ParallelOutcome {
    std::vector<std::string> deleted; // ids removed by --delete-missing, in document order
    std::size_t documents = 0;        // in the database now
    std::size_t partials = 0;         // partial databases merged
    std::size_t linked_copies = 0;    // articles whose cluster key came from an earlier copy
    double merge_seconds = 0;         // merging the partials by compaction
    double link_seconds = 0;          // linking copies across partials
    bool stopped = false;             // a stop came before the merge: see finish()
    std::size_t left_out = 0;         // articles added but not indexed because of the stop
};

/// One parallel run into the database that `target` (holding its writer lock) has open.
/// add() from one thread; finish() merges and swaps the result in. Until finish() returns the
/// target is untouched: a crash or an error leaves it as it was (plus a work directory
/// "<db>.parallel-XXXXXX" beside it, removed by the destructor when it can).
class ParallelIndexer {
public:
    /// `stop_requested` is polled between articles (by the workers too); once it returns true
    /// the run stops (see finish). Never when empty.
    /// @exception dateline::Error (internal) when the work directory cannot be created.
    ParallelIndexer(ArticleIndexer& target, std::string db_dir, ParallelIndexing settings,
                    std::function<bool()> stop_requested = {});
    ~ParallelIndexer();
    ParallelIndexer(const ParallelIndexer&) = delete;
    ParallelIndexer& operator=(const ParallelIndexer&) = delete;

    /// Queues the article (blocking while the workers are busy). An id this run already had is
    /// kept aside and replaces the earlier article after the merge, as the sequential path does.
    /// @exception dateline::Error when a worker failed (its message).
    void add(Article&& article);

    /// Waits for the workers; builds the new database from the target (without the articles
    /// this run replaces, and, with `missing`, without those remove_missing removes), the
    /// partials, the late replacements and `chrome`; links syndicated copies across partials;
    /// commits and swaps it in at the target's place. `target` is closed afterwards.
    /// Once stop_requested says stop (before or during finish), the workers
    /// index no further article: the partial databases hold what they had added, the articles
    /// not yet indexed are left out (ParallelOutcome::left_out; the target keeps its earlier
    /// version of each) and the result is merged as above, but without deleting the missing
    /// articles (the run did not index every file), linking copies across partials or
    /// compacting again. When nothing was indexed, the target is left as it was.
    /// @exception dateline::Error (internal) when indexing, merging or the swap fails; the
    /// target then keeps its last commit.
    ParallelOutcome finish(const ChromeModel& chrome, const MissingScope* missing);

    /// For a process about to end at once (a second Ctrl-C), from any thread: waits for a swap
    /// in progress, forbids any later one (finish() then throws) and removes the work directory.
    void abandon() noexcept;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace dateline
