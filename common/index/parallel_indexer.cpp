#include "common/index/parallel_indexer.h"

#include "common/errors.h"
#include "common/index/maintenance.h"
#include "common/index/schema.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <set>
#include <thread>
#include <unordered_set>

namespace dateline {

namespace {

// Consecutive articles that become one partial database, holding document ids first.. in order.
struct Chunk {
    Xapian::docid first = 0;
    std::vector<Article> articles;
};

struct Partial {
    Xapian::docid first = 0;
    std::string path;
};

std::string partial_name(const std::string& work_dir, std::size_t number)
{
    char name[32];
    std::snprintf(name, sizeof name, "/part-%06zu", number);
    return work_dir + name;
}

// Merges `sources` (disjoint ranges of document ids, in order) into the new database `output`,
// keeping document ids so that the merged order is the input order. Where several sources hold
// one metadata key, the first one's value is kept (the stem languages are merged separately).
void merge_databases(const std::vector<std::string>& sources, const std::string& output)
{
    Xapian::Database all;
    for (const std::string& source : sources) {
        all.add_database(Xapian::Database(source));
    }
    // Fuller blocks than Xapian's default: about 6 % smaller ("news": 4.87 -> 4.59 times the
    // text), and a bulk load is followed by appends, not by rewrites.
    unsigned flags = Xapian::DBCOMPACT_NO_RENUMBER | Xapian::Compactor::FULLER;
    if (sources.size() > 3) {
        flags |= Xapian::DBCOMPACT_MULTIPASS; // merge in pairs: faster with many sources
    }
    all.compact(output, flags);
}

double seconds_since(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Compacts the database `merged` once more, in place; `db_dir` is named in the error.
void recompact_database(const std::string& merged, const std::string& db_dir)
{
    merge_databases({merged}, merged + "-compact");
    remove_directory_quietly(merged);
    std::error_code error;
    std::filesystem::rename(merged + "-compact", merged, error);
    if (error) {
        throw Error(ErrorCode::internal, "cannot rename " + merged + "-compact: " + error.message() + " (" + db_dir +
                                             " is unchanged)");
    }
}

} // namespace

struct ParallelIndexer::Impl {
    ArticleIndexer& target;
    std::string db_dir;
    ParallelIndexing settings;
    std::function<bool()> stop_check;
    std::string work_dir;
    Xapian::docid first_docid = 1;
    Xapian::docid next_docid = 1;
    std::unordered_set<std::string> ids; // of this run
    std::vector<Article> late;           // articles whose id came earlier in this run
    Chunk chunk;                         // being filled
    std::size_t chunks_queued = 0;

    std::mutex mutex;
    std::condition_variable has_work;
    std::condition_variable has_room;
    std::deque<Chunk> queue;
    bool closing = false;
    std::exception_ptr failure;
    std::vector<Partial> partials;
    std::set<std::string> stem_languages;
    std::vector<std::thread> workers;
    std::unordered_set<std::string> left_out; // ids not indexed because of a stop (under `mutex`)

    std::mutex swap_mutex; // held while the result replaces the target (see abandon)
    bool abandoned = false; // written under both mutexes, read under either

    Impl(ArticleIndexer& target_indexer, std::string db, ParallelIndexing parallel, std::function<bool()> stop)
        : target(target_indexer), db_dir(std::move(db)), settings(parallel), stop_check(std::move(stop))
    {
        while (db_dir.size() > 1 && db_dir.back() == '/') {
            db_dir.pop_back();
        }
        settings.threads = std::max(1u, settings.threads);
        settings.chunk_articles = std::max<std::size_t>(1, settings.chunk_articles);
        work_dir = make_sibling_directory(db_dir, "parallel");
        first_docid = target.last_docid() + 1;
        next_docid = first_docid;
    }

    [[nodiscard]] bool stop_requested() const { return stop_check && stop_check(); }

    // Records the articles of `work` from `from` on as left out; the caller holds `mutex`.
    void leave_out_locked(const Chunk& work, std::size_t from)
    {
        for (std::size_t i = from; i < work.articles.size(); ++i) {
            left_out.insert(work.articles[i].id);
        }
    }

    // Creates the database `path` in the work directory, unless abandon() came first: under
    // `mutex`, so that the work directory abandon() removes is never created again.
    std::unique_ptr<ArticleIndexer> create_in_work_dir(const std::string& path)
    {
        const std::lock_guard lock(mutex);
        if (abandoned) {
            throw Error(ErrorCode::internal, "parallel indexing abandoned (" + db_dir + " is unchanged)");
        }
        return std::make_unique<ArticleIndexer>(path, settings.batch_size);
    }

    // The partial database of `work` at `path`. Asked to stop part way, it commits the articles
    // it added (consecutive document ids from work.first) and leaves the rest out.
    void build_partial(const Chunk& work, const std::string& path)
    {
        std::size_t built = 0;
        {
            const std::unique_ptr<ArticleIndexer> part = create_in_work_dir(path);
            for (; built < work.articles.size() && !stop_requested(); ++built) {
                part->add_as(work.articles[built], work.first + static_cast<Xapian::docid>(built));
            }
            part->commit();
        }
        if (built < work.articles.size()) {
            const std::lock_guard lock(mutex);
            leave_out_locked(work, built);
        }
        if (built == 0) {
            remove_directory_quietly(path);
            return;
        }
        const Xapian::Database written(path);
        const std::vector<std::string> languages = schema::read_stem_languages(written);
        const std::lock_guard lock(mutex);
        partials.push_back(Partial{work.first, path});
        stem_languages.insert(languages.begin(), languages.end());
    }

    void run_worker()
    {
        for (;;) {
            Chunk work;
            std::string path;
            {
                std::unique_lock lock(mutex);
                has_work.wait(lock, [this] { return !queue.empty() || closing; });
                if (queue.empty()) {
                    return;
                }
                work = std::move(queue.front());
                queue.pop_front();
                has_room.notify_one();
                if (failure) {
                    continue; // drain: the run is lost anyway
                }
                if (stop_requested()) {
                    leave_out_locked(work, 0); // the stop: build nothing more
                    continue;
                }
            }
            try {
                build_partial(work, partial_name(work_dir, work.first));
            } catch (...) {
                const std::lock_guard lock(mutex);
                if (!failure) {
                    failure = std::current_exception();
                }
            }
        }
    }

    void rethrow_failure()
    {
        std::exception_ptr seen;
        {
            const std::lock_guard lock(mutex);
            seen = failure;
        }
        if (seen) {
            std::rethrow_exception(seen);
        }
    }

    void start_workers()
    {
        for (unsigned i = 0; i < settings.threads; ++i) {
            workers.emplace_back([this] { run_worker(); });
        }
    }

    void queue_chunk()
    {
        if (chunk.articles.empty()) {
            return;
        }
        std::unique_lock lock(mutex);
        // At most one chunk waiting per worker: bounded memory, and the reader keeps ahead.
        has_room.wait(lock, [this] { return queue.size() < settings.threads; });
        queue.push_back(std::move(chunk));
        chunk = Chunk{};
        has_work.notify_one();
    }

    void stop_workers()
    {
        {
            const std::lock_guard lock(mutex);
            closing = true;
        }
        has_work.notify_all();
        for (std::thread& worker : workers) {
            worker.join();
        }
        workers.clear();
    }

    // A compacted copy of the target's last commit without the articles this run replaces
    // (and, with `missing`, those remove_missing removes).
    std::string keep_target(const MissingScope* missing, std::vector<std::string>& deleted)
    {
        const std::string kept = work_dir + "/kept";
        Xapian::Database(db_dir).compact(kept, Xapian::DBCOMPACT_NO_RENUMBER);
        ArticleIndexer indexer(kept, settings.batch_size, ArticleIndexer::Open::existing);
        for (const std::string& id : ids) {
            if (left_out.count(id) == 0) { // what was left out keeps its earlier version
                static_cast<void>(indexer.remove(id));
            }
        }
        if (missing != nullptr) {
            deleted = indexer.remove_missing(*missing);
        }
        indexer.commit();
        return kept;
    }

    // Merges what the target keeps (see keep_target) and the partial databases, in document
    // order, into the new database `merged`.
    void merge_partials(const std::string& merged, const MissingScope* missing, ParallelOutcome& outcome)
    {
        std::vector<std::string> sources;
        if (first_docid > 1) {
            sources.push_back(keep_target(missing, outcome.deleted));
        }
        for (const Partial& partial : partials) {
            sources.push_back(partial.path);
        }
        const auto merge_start = std::chrono::steady_clock::now();
        if (!sources.empty()) {
            merge_databases(sources, merged);
        }
        outcome.merge_seconds = seconds_since(merge_start);
    }

    // Links the copies in the merged database, adds the late articles and the chrome learned,
    // and commits it.
    void complete_merged(const std::string& merged, const ChromeModel& chrome, ParallelOutcome& outcome)
    {
        const auto link_start = std::chrono::steady_clock::now();
        const std::unique_ptr<ArticleIndexer> result = create_in_work_dir(merged);
        result->note_merged({stem_languages.begin(), stem_languages.end()});
        if (!outcome.stopped) { // stopped, the re-run the message asks for links them
            outcome.linked_copies = result->link_copies(first_docid, settings.threads);
        }
        outcome.link_seconds = seconds_since(link_start);
        for (const Article& article : late) {
            result->add(article);
        }
        result->store_chrome(chrome);
        result->commit();
        outcome.documents = result->document_count();
        result->close();
    }

    // Queues the last chunk, or leaves it out when asked to stop, and waits for the workers.
    void drain()
    {
        if (stop_requested()) {
            const std::lock_guard lock(mutex);
            leave_out_locked(chunk, 0);
            chunk = Chunk{};
        } else {
            queue_chunk();
        }
        stop_workers();
    }

    // Puts the database `merged` at the target's place, unless abandon() came first.
    void swap_in(const std::string& merged)
    {
        const std::lock_guard lock(swap_mutex);
        if (abandoned) {
            throw Error(ErrorCode::internal, "parallel indexing abandoned (" + db_dir + " is unchanged)");
        }
        // Swap while holding the old database's writer lock, so that no other indexer commits to
        // it in between; release the lock before removing it.
        const std::string old_dir = swap_in_database(merged, db_dir);
        target.close();
        dispose_old_database(old_dir, false);
    }
};

ParallelIndexer::ParallelIndexer(ArticleIndexer& target, std::string db_dir, ParallelIndexing settings,
                                 std::function<bool()> stop_requested)
    : m_impl(std::make_unique<Impl>(target, std::move(db_dir), settings, std::move(stop_requested)))
{
    m_impl->start_workers();
}

ParallelIndexer::~ParallelIndexer()
{
    {
        const std::lock_guard lock(m_impl->mutex);
        if (!m_impl->failure && !m_impl->workers.empty()) {
            // Abandoned (an exception on the reading side): stop building what nobody will merge.
            m_impl->failure = std::make_exception_ptr(Error(ErrorCode::internal, "parallel indexing abandoned"));
        }
    }
    m_impl->stop_workers();
    remove_directory_quietly(m_impl->work_dir);
}

void ParallelIndexer::add(Article&& article)
{
    m_impl->rethrow_failure();
    if (!m_impl->ids.insert(article.id).second) {
        m_impl->late.push_back(std::move(article));
        return;
    }
    if (m_impl->chunk.articles.empty()) {
        m_impl->chunk.first = m_impl->next_docid;
        m_impl->chunk.articles.reserve(m_impl->settings.chunk_articles);
    }
    m_impl->chunk.articles.push_back(std::move(article));
    ++m_impl->next_docid;
    if (m_impl->chunk.articles.size() >= m_impl->settings.chunk_articles) {
        m_impl->queue_chunk();
    }
}

ParallelOutcome ParallelIndexer::finish(const ChromeModel& chrome, const MissingScope* missing)
{
    Impl& impl = *m_impl;
    impl.drain();
    // The target's handle must hold no pending change: closing it after the swap would commit
    // that change into the directory where the merged database is by then.
    impl.target.commit();
    impl.rethrow_failure();
    std::sort(impl.partials.begin(), impl.partials.end(),
              [](const Partial& x, const Partial& y) { return x.first < y.first; });

    ParallelOutcome outcome;
    outcome.partials = impl.partials.size();
    outcome.stopped = impl.stop_requested();
    outcome.left_out = impl.left_out.size();
    if (outcome.stopped && impl.partials.empty()) {
        // Stopped before anything was indexed: the target keeps its last commit.
        outcome.left_out += impl.late.size();
        outcome.documents = impl.target.document_count();
        impl.target.close();
        return outcome;
    }
    const std::string merged = impl.work_dir + "/merged";
    try {
        // A stopped run did not index every file: it deletes nothing.
        impl.merge_partials(merged, outcome.stopped ? nullptr : missing, outcome);
        impl.complete_merged(merged, chrome, outcome);
        // Rewrites after a compaction leave half-empty blocks behind (the "news" index grew from
        // 99 to 105 MB for 711 linked copies): compact once more, which takes a few seconds.
        if (!outcome.stopped && (outcome.linked_copies > 0 || !impl.late.empty())) {
            const auto recompact_start = std::chrono::steady_clock::now();
            recompact_database(merged, impl.db_dir);
            outcome.merge_seconds += seconds_since(recompact_start);
        }
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot merge the partial databases into " + merged + ": " +
                                             error.get_description() + " (" + impl.db_dir + " is unchanged)");
    }
    impl.swap_in(merged);
    return outcome;
}

void ParallelIndexer::abandon() noexcept
{
    Impl& impl = *m_impl;
    const std::lock_guard lock(impl.swap_mutex);
    {
        const std::lock_guard work_lock(impl.mutex);
        impl.abandoned = true;
    }
    // Workers may still be writing into it: remove until it is gone (once it is, nothing can
    // be created in it any more).
    std::error_code error;
    for (int attempt = 0; attempt < 100 && std::filesystem::exists(impl.work_dir, error); ++attempt) {
        remove_directory_quietly(impl.work_dir);
    }
}

} // namespace dateline
