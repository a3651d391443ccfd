#include "common/article_indexer.h"

#include "common/errors.h"
#include "common/duplicate_clusters.h"
#include "common/schema.h"

#include <xapian.h>

#include <filesystem>
#include <set>

namespace dateline {

struct ArticleIndexer::Impl {
    std::string path;
    Xapian::WritableDatabase db;
    Xapian::TermGenerator termgen = schema::make_term_generator();
    std::size_t batch_size;
    std::size_t pending = 0;
    std::set<std::string> stem_languages; // of the pending batch, recorded at commit
};

namespace {

Xapian::WritableDatabase open_writable(const std::string& db_dir)
{
    try {
        std::filesystem::create_directories(db_dir);
        return Xapian::WritableDatabase(db_dir, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw Error(ErrorCode::unavailable,
                    db_dir + " is being written by another dateline-indexer; wait for it to finish");
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + db_dir + ": " + error.get_description());
    } catch (const std::filesystem::filesystem_error& error) {
        throw Error(ErrorCode::unavailable, "cannot create database directory " + db_dir + ": " + error.code().message());
    }
}

} // namespace

ArticleIndexer::ArticleIndexer(const std::string& db_dir, std::size_t batch_size)
    : m_impl(std::make_unique<Impl>(Impl{db_dir, open_writable(db_dir), schema::make_term_generator(),
                                         batch_size == 0 ? 1 : batch_size, 0, {}}))
{
    schema::prepare_writable_database(m_impl->db, db_dir);
    schema::enable_spelling(m_impl->termgen, m_impl->db);
}

ArticleIndexer::~ArticleIndexer() = default;

void ArticleIndexer::add(const Article& article)
{
    try {
        Xapian::Document doc;
        m_impl->stem_languages.insert(schema::index_article(doc, m_impl->termgen, article));
        // The writable database sees this batch's uncommitted copies too.
        const BodyFingerprint fingerprint = fingerprint_article(article);
        schema::set_cluster(doc, assign_cluster_key(m_impl->db, article, fingerprint), fingerprint.bands);
        m_impl->db.replace_document(schema::id_term(article.id), doc);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot index " + article.origin + " (id \"" + article.id +
                                             "\"): " + error.get_description());
    }
    if (++m_impl->pending >= m_impl->batch_size) {
        commit();
    }
}

void ArticleIndexer::commit()
{
    try {
        // Queries stem their words in every language the articles were stemmed in.
        schema::add_stem_languages(m_impl->db, m_impl->stem_languages);
        // Commit explicitly: the destructor would commit too, but swallow any error.
        m_impl->db.commit();
        m_impl->pending = 0;
        m_impl->stem_languages.clear();
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot commit to " + m_impl->path + ": " + error.get_description() +
                                             " (the database keeps its last committed state)");
    }
}

std::vector<std::string> ArticleIndexer::load_chrome(ChromeModel& chrome) const
{
    return schema::load_chrome_model(m_impl->db, chrome);
}

void ArticleIndexer::store_chrome(const ChromeModel& chrome)
{
    try {
        schema::store_chrome_model(m_impl->db, chrome);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::internal, "cannot store the learned site chrome in " + m_impl->path + ": " +
                                             error.get_description());
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
        return schema::load_chrome_model(db, chrome);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + db_dir + ": " + error.get_description());
    }
}

} // namespace dateline
