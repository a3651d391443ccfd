#include "common/article_indexer.h"

#include "common/errors.h"
#include "common/schema.h"

#include <xapian.h>

#include <algorithm>
#include <filesystem>

namespace dateline {

struct ArticleIndexer::Impl {
    std::string path;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator termgen = schema::make_term_generator();
    std::size_t batch_size;
    std::size_t pending = 0;
    bool changed = false;     // anything added or removed since the last commit
    std::vector<bool> added;  // by docid: added through this indexer

    void count_change(ArticleIndexer& owner)
    {
        changed = true;
        if (++pending >= batch_size) {
            owner.commit();
        }
    }

    // Every way of deleting (by id, by missing file) goes through here, so that everything
    // derived from one article is forgotten in one place: today the document with its terms and
    // values; data derived across articles (spelling, duplicate clusters) is removed here too.
    void forget(Xapian::docid docid) { db.delete_document(docid); }
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
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ErrorCode::unavailable,
                    db_dir + " is being written by another dateline-indexer; wait for it to finish");
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCode::unavailable, "no database at " + db_dir + "; check --db");
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + db_dir + ": " + error.get_description());
    } catch (const std::filesystem::filesystem_error& error) {
        throw Error(ErrorCode::unavailable, "cannot create database directory " + db_dir + ": " + error.code().message());
    }
}

bool is_in_any(const std::string& path, const std::vector<std::string>& roots)
{
    return std::any_of(roots.begin(), roots.end(), [&](const std::string& root) { return is_same_or_under(path, root); });
}

} // namespace

bool is_same_or_under(const std::string& path, const std::string& root)
{
    if (!path.starts_with(root)) {
        return false;
    }
    return path.size() == root.size() || root.ends_with('/') || path[root.size()] == '/';
}

ArticleIndexer::ArticleIndexer(const std::string& db_dir, std::size_t batch_size, Open open)
    : m_impl(std::make_unique<Impl>(Impl{db_dir, open_writable(db_dir, open), schema::make_term_generator(),
                                         batch_size == 0 ? 1 : batch_size, 0, false, {}}))
{
    schema::prepare_writable_database(m_impl->db, db_dir);
}

ArticleIndexer::~ArticleIndexer() = default;

void ArticleIndexer::add(const Article& article)
{
    try {
        Xapian::Document doc;
        schema::index_article(doc, m_impl->termgen, article);
        const Xapian::docid docid = m_impl->db.replace_document(schema::id_term(article.id), doc);
        if (docid >= m_impl->added.size()) {
            m_impl->added.resize(docid + 1);
        }
        m_impl->added[docid] = true;
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot index " + article.origin + " (id \"" + article.id +
                                             "\"): " + error.get_description());
    }
    m_impl->count_change(*this);
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
        if (m_impl->changed) {
            schema::record_commit_time(m_impl->db);
        }
        // Commit explicitly: the destructor would commit too, but swallow any error.
        m_impl->db.commit();
        m_impl->pending = 0;
        m_impl->changed = false;
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot commit to " + m_impl->path + ": " + error.get_description() +
                                             " (the database keeps its last committed state)");
    }
}

std::size_t ArticleIndexer::pending() const
{
    return m_impl->pending;
}

std::size_t ArticleIndexer::document_count() const
{
    return m_impl->db.get_doccount();
}

} // namespace dateline
