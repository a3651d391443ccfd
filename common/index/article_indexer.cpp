#include "common/index/article_indexer.h"

#include "common/errors.h"
#include "common/index/chrome_store.h"
#include "common/index/copy_cluster_assignment.h"
#include "common/index/schema.h"

#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

namespace dateline {

struct ArticleIndexer::Impl {
    std::string path;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator termgen = schema::make_term_generator();
    std::size_t batch_size;
    std::size_t pending = 0;
    std::set<std::string> stem_languages; // of the pending batch, recorded at commit
    bool changed = false;                 // anything added or removed since the last commit
    std::vector<bool> added;              // by docid: added through this indexer
    // Spelling frequency changes of the pending batch, written at commit: one update per word
    // and batch instead of one per occurrence (Xapian's own FLAG_SPELLING path), which cost
    // about a quarter of the indexing time.
    std::unordered_map<std::string, std::int64_t> spelling_changes;

    void mark_added(Xapian::docid docid)
    {
        if (docid >= added.size()) {
            added.resize(docid + 1);
        }
        added[docid] = true;
    }

    void count_change(ArticleIndexer& owner)
    {
        changed = true;
        if (++pending >= batch_size) {
            owner.commit();
        }
    }

    void learn_spelling(const Xapian::Document& doc)
    {
        for (const auto& [word, occurrences] : schema::spelling_words(doc)) {
            spelling_changes[word] += occurrences;
        }
    }

    // Spelling data is the one thing derived across articles that outlives a document, so a
    // deleted or replaced article's words are taken back out. Duplicate clusters, autocomplete
    // pairs and facets are terms and values of the document itself and go with it.
    void forget_spelling(Xapian::docid docid)
    {
        for (const auto& [word, occurrences] : schema::spelling_words(db.get_document(docid))) {
            spelling_changes[word] -= occurrences;
        }
    }

    void write_spelling_changes()
    {
        try {
            for (const auto& [word, change] : spelling_changes) {
                if (change > 0) {
                    db.add_spelling(word, static_cast<Xapian::termcount>(change));
                } else if (change < 0) {
                    db.remove_spelling(word, static_cast<Xapian::termcount>(-change));
                }
            }
        } catch (const Xapian::UnimplementedError&) {
            // A backend without spelling data (Xapian::InMemory, in unit tests) keeps none.
        }
        spelling_changes.clear();
    }

    // Every way of deleting (by id, by missing file) goes through here, so that everything
    // derived from one article is forgotten in one place.
    void forget(Xapian::docid docid)
    {
        forget_spelling(docid);
        db.delete_document(docid);
    }
};

namespace {

Xapian::WritableDatabase open_writable(const std::string& db_dir, ArticleIndexer::Open open)
{
    try {
        if (open == ArticleIndexer::Open::existing) {
            return Xapian::WritableDatabase(db_dir, Xapian::DB_OPEN);
        }
        std::filesystem::create_directories(db_dir);
        return Xapian::WritableDatabase(db_dir, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError& error) {
        throw Error(ErrorCode::unavailable, describe_lock_failure(db_dir, error.get_msg()));
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCode::unavailable, "no database at " + db_dir + "; check --db");
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + db_dir + ": " + error.get_description());
    } catch (const std::filesystem::filesystem_error& error) {
        throw Error(ErrorCode::unavailable, "cannot create database directory " + db_dir + ": " + error.code().message());
    }
}

Error indexing_error(const Article& article, const Xapian::Error& error)
{
    return Error(ErrorCode::internal,
                 "cannot index " + article.origin + " (id \"" + article.id + "\"): " + error.get_description());
}

bool is_in_any(const std::string& path, const std::vector<std::string>& roots)
{
    return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_same_or_under(path, root); });
}

} // namespace

std::string describe_lock_failure(const std::string& db_dir, const std::string& xapian_message)
{
    // Xapian 1.4 reports a lock file it could not open as "Couldn't open lockfile: <strerror>";
    // a lock another process holds is "already locked".
    const auto says = [&](std::string_view reason) { return xapian_message.find(reason) != std::string::npos; };
    if (says("Permission denied") || says("Operation not permitted")) {
        return "permission denied writing " + db_dir +
               ": run the indexer as a user who may write that directory, or choose another --db";
    }
    if (says("Read-only file system")) {
        return "cannot write " + db_dir +
               ": it is on a read-only file system; remount it read-write or choose another --db";
    }
    return db_dir + " is being written by another dateline-indexer; wait for it to finish";
}

bool is_same_or_under(const std::string& path, const std::string& root)
{
    if (!path.starts_with(root)) {
        return false;
    }
    return path.size() == root.size() || root.ends_with('/') || path[root.size()] == '/';
}

ArticleIndexer::ArticleIndexer(const std::string& db_dir, std::size_t batch_size, Open open)
    : m_impl(std::make_unique<Impl>(Impl{db_dir, open_writable(db_dir, open), schema::make_term_generator(),
                                         batch_size == 0 ? 1 : batch_size, 0, {}, false, {}, {}}))
{
    schema::prepare_writable_database(m_impl->db, db_dir);
}

ArticleIndexer::ArticleIndexer(const Xapian::WritableDatabase& db, std::size_t batch_size)
    : m_impl(std::make_unique<Impl>(Impl{"the open database", db, schema::make_term_generator(),
                                         batch_size == 0 ? 1 : batch_size, 0, {}, false, {}, {}}))
{
    try {
        schema::prepare_writable_database(m_impl->db, m_impl->path);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open " + m_impl->path + ": " + error.get_description());
    }
}

ArticleIndexer::~ArticleIndexer() = default;

void ArticleIndexer::add(const Article& article)
{
    try {
        Xapian::Document doc;
        m_impl->stem_languages.insert(schema::index_article(doc, m_impl->termgen, article));
        // The writable database sees this batch's uncommitted copies too.
        const BodyFingerprint fingerprint = fingerprint_article(article);
        const ClusterAssignment cluster = assign_cluster(m_impl->db, article, fingerprint);
        schema::set_cluster(doc, cluster.key, fingerprint.bands);
        for (const std::string& other : cluster.merged) {
            merge_cluster(m_impl->db, other, cluster.key);
        }
        const std::string id_term = schema::id_term(article.id);
        // A replaced article's words leave the spelling data before its new words enter it.
        if (const Xapian::PostingIterator old = m_impl->db.postlist_begin(id_term); old != m_impl->db.postlist_end(id_term)) {
            m_impl->forget_spelling(*old);
        }
        m_impl->learn_spelling(doc);
        const Xapian::docid docid = m_impl->db.replace_document(id_term, doc);
        m_impl->mark_added(docid);
    } catch (const Xapian::Error& error) {
        throw indexing_error(article, error);
    }
    m_impl->count_change(*this);
}

void ArticleIndexer::add_as(const Article& article, std::uint32_t docid)
{
    try {
        Xapian::Document doc;
        m_impl->stem_languages.insert(schema::index_article(doc, m_impl->termgen, article));
        const BodyFingerprint fingerprint = fingerprint_article(article);
        schema::set_cluster(doc, default_cluster_key(article, fingerprint), fingerprint.bands);
        m_impl->learn_spelling(doc);
        m_impl->db.replace_document(docid, doc);
        m_impl->mark_added(docid);
    } catch (const Xapian::Error& error) {
        throw indexing_error(article, error);
    }
    m_impl->count_change(*this);
}

namespace {

// Fingerprints kept per thread while looking for copies (a few KB each).
constexpr std::size_t k_fingerprint_cache = 30000;

// find_earlier_copies over [first, end) split into `threads` ranges, each on its own handle.
std::vector<EarlierCopy> find_copies_in_parallel(const std::string& path, Xapian::docid first, Xapian::docid end,
                                                 unsigned threads)
{
    threads = std::max(1u, threads);
    const Xapian::docid span = end > first ? end - first : 0;
    std::vector<std::vector<EarlierCopy>> found(threads);
    std::vector<std::exception_ptr> failures(threads);
    std::vector<std::thread> workers;
    for (unsigned i = 0; i < threads; ++i) {
        const Xapian::docid from = first + static_cast<Xapian::docid>(std::uint64_t(span) * i / threads);
        const Xapian::docid to = first + static_cast<Xapian::docid>(std::uint64_t(span) * (i + 1) / threads);
        workers.emplace_back([&, i, from, to] {
            try {
                const Xapian::Database db(path);
                found[i] = find_earlier_copies(db, from, to, k_fingerprint_cache);
            } catch (...) {
                failures[i] = std::current_exception();
            }
        });
    }
    for (std::thread& worker : workers) {
        worker.join();
    }
    for (const std::exception_ptr& failure : failures) {
        if (failure) {
            std::rethrow_exception(failure);
        }
    }
    std::vector<EarlierCopy> copies;
    for (std::vector<EarlierCopy>& part : found) {
        copies.insert(copies.end(), part.begin(), part.end());
    }
    return copies;
}

} // namespace

std::size_t ArticleIndexer::link_copies(std::uint32_t first_docid, unsigned threads)
{
    commit(); // the threads read the last commit
    std::size_t linked = 0;
    try {
        Xapian::WritableDatabase& db = m_impl->db;
        const std::vector<EarlierCopy> copies =
            find_copies_in_parallel(m_impl->path, first_docid, db.get_lastdocid() + 1, threads);
        // Replay, in document order, what add() would have done: a document joins the cluster
        // of its most similar earlier copy, and the clusters of its other copies merge into
        // that one. Clusters are tracked by key (each merged key points to the key it joined),
        // and the documents are rewritten once at the end.
        std::unordered_map<std::string, std::string> joined;
        const auto current = [&joined](std::string key) {
            for (auto it = joined.find(key); it != joined.end(); it = joined.find(key)) {
                key = it->second;
            }
            return key;
        };
        const auto stored_key = [&db](Xapian::docid docid) { return schema::read_cluster_key(db.get_document(docid)); };
        linked = copies.size();
        for (const EarlierCopy& copy : copies) {
            const std::string key = current(stored_key(copy.copy_of));
            for (const Xapian::docid other : copy.copies) {
                if (const std::string other_key = current(stored_key(other)); other_key != key) {
                    joined[other_key] = key;
                }
            }
            if (const std::string own = stored_key(copy.docid); own != key) {
                joined[own] = key;
            }
        }
        for (const auto& [from, to] : joined) {
            const std::string term = schema::cluster_term(from);
            std::vector<Xapian::docid> members;
            for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
                members.push_back(*it);
            }
            const std::string key = current(to);
            for (const Xapian::docid docid : members) {
                Xapian::Document doc = db.get_document(docid);
                schema::change_cluster_key(doc, key);
                db.replace_document(docid, doc);
                m_impl->count_change(*this);
            }
        }
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot link syndicated copies in " + m_impl->path + ": " +
                                             error.get_description());
    }
    return linked;
}

void ArticleIndexer::note_merged(const std::vector<std::string>& stem_languages)
{
    m_impl->stem_languages.insert(stem_languages.begin(), stem_languages.end());
    m_impl->changed = true;
}

void ArticleIndexer::close()
{
    m_impl->db.close();
}

std::uint32_t ArticleIndexer::last_docid() const
{
    return m_impl->db.get_lastdocid();
}

bool ArticleIndexer::remove(const std::string& id)
{
    try {
        const std::string term = schema::id_term(id);
        const Xapian::PostingIterator it = m_impl->db.postlist_begin(term);
        if (it == m_impl->db.postlist_end(term)) {
            return false;
        }
        m_impl->forget(*it);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot delete \"" + id + "\" from " + m_impl->path + ": " +
                                             error.get_description());
    }
    m_impl->count_change(*this);
    return true;
}

std::vector<std::string> ArticleIndexer::remove_missing(const MissingScope& scope)
{
    std::vector<std::string> removed;
    try {
        Xapian::WritableDatabase& db = m_impl->db;
        std::vector<Xapian::docid> doomed;
        for (auto it = db.valuestream_begin(schema::k_slot_source_path); it != db.valuestream_end(schema::k_slot_source_path);
             ++it) {
            const Xapian::docid docid = it.get_docid();
            if (docid < m_impl->added.size() && m_impl->added[docid]) {
                continue;
            }
            const std::string source_path = *it;
            if (is_in_any(source_path, scope.roots) && !is_in_any(source_path, scope.kept)) {
                doomed.push_back(docid);
            }
        }
        for (const Xapian::docid docid : doomed) {
            removed.push_back(schema::read_stored_article(db.get_document(docid)).id);
            m_impl->forget(docid);
            m_impl->count_change(*this);
        }
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot delete missing articles from " + m_impl->path + ": " +
                                             error.get_description());
    }
    return removed;
}

void ArticleIndexer::commit()
{
    try {
        // Queries stem their words in every language the articles were stemmed in.
        schema::add_stem_languages(m_impl->db, m_impl->stem_languages);
        m_impl->write_spelling_changes();
        if (m_impl->changed) {
            schema::record_commit_time(m_impl->db);
        }
        // Commit explicitly: the destructor would commit too, but swallow any error.
        m_impl->db.commit();
        m_impl->pending = 0;
        m_impl->changed = false;
        m_impl->stem_languages.clear();
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot commit to " + m_impl->path + ": " + error.get_description() +
                                             " (the database keeps its last committed state)");
    }
}

std::vector<std::string> ArticleIndexer::load_chrome(ChromeModel& chrome) const
{
    return load_chrome_model(m_impl->db, chrome);
}

void ArticleIndexer::store_chrome(const ChromeModel& chrome)
{
    try {
        store_chrome_model(m_impl->db, chrome);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot store the learned site chrome in " + m_impl->path + ": " +
                                             error.get_description());
    }
}

std::size_t ArticleIndexer::document_count() const
{
    return m_impl->db.get_doccount();
}

std::vector<std::string> load_learned_chrome(const std::string& db_dir, ChromeModel& chrome)
{
    if (!std::filesystem::is_directory(db_dir)) {
        throw Error(ErrorCode::unavailable, "no database at " + db_dir +
                                                " (--db names a database built by dateline-indexer; leave it out to "
                                                "learn only from the files given)");
    }
    try {
        const Xapian::Database db(db_dir);
        schema::check_schema_version(db, db_dir);
        return load_chrome_model(db, chrome);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + db_dir + ": " + error.get_description());
    }
}

} // namespace dateline
