#include "common/search_service.h"

#include "common/errors.h"
#include "common/query_builder.h"
#include "common/ranked_page.h"
#include "common/schema.h"
#include "common/snippet.h"
#include "common/text_utils.h"

#include <xapian.h>

#include <chrono>
#include <mutex>

namespace dateline {
namespace {

// Several commits can land during one search; each needs a reopen.
constexpr int k_max_attempts = 5;
// Counting this many matches makes small totals exact at little cost.
constexpr Xapian::doccount k_check_at_least = 100;
constexpr std::size_t k_snippet_bytes = 320;

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

} // namespace

struct SearchService::Impl {
    std::string path;
    SearchSettings settings;
    std::mutex mutex;
    std::vector<std::unique_ptr<Xapian::Database>> idle;

    // A database handle used by one request at a time: Xapian::Database is not thread-safe.
    class Lease {
    public:
        explicit Lease(Impl& owner) : m_owner(owner)
        {
            {
                const std::lock_guard lock(owner.mutex);
                if (!owner.idle.empty()) {
                    m_db = std::move(owner.idle.back());
                    owner.idle.pop_back();
                }
            }
            if (!m_db) {
                m_db = std::make_unique<Xapian::Database>(open_database(owner.path));
            } else {
                // Pick up whatever the indexer committed since this handle was last used.
                m_db->reopen();
            }
        }
        ~Lease()
        {
            if (m_db) {
                const std::lock_guard lock(m_owner.mutex);
                m_owner.idle.push_back(std::move(m_db));
            }
        }
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Xapian::Database& db() { return *m_db; }
        void discard() { m_db.reset(); }

    private:
        Impl& m_owner;
        std::unique_ptr<Xapian::Database> m_db;
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

SearchService::SearchService(std::string db_dir, SearchSettings settings) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = std::move(db_dir);
    m_impl->settings = std::move(settings);
    m_impl->idle.push_back(std::make_unique<Xapian::Database>(open_database(m_impl->path)));
}

SearchService::~SearchService() = default;

namespace {

// The request's query, read with the archive's stemmer languages and the service's settings.
BuiltQuery prepare_query(const Xapian::Database& db, const SearchRequest& request, const SearchSettings& settings,
                         std::vector<Xapian::Stem>& stemmers)
{
    for (const std::string& language : schema::read_stem_languages(db)) {
        stemmers.push_back(schema::make_stemmer(language));
    }
    QueryContext context;
    context.stemmers = stemmers;
    context.synonyms = &settings.synonyms;
    context.op = request.op;
    context.ranking = settings.ranking;
    return build_query(request.query, context);
}

// Snippet cost grows with the text: scan whole paragraphs up to this many bytes (most news
// stories fit; matches further on are not shown).
constexpr std::size_t k_snippet_scan_bytes = 6000;

std::string snippet_source(const Article& article)
{
    std::string text;
    for (const std::string& paragraph : article.body) {
        if (!text.empty() && text.size() + paragraph.size() > k_snippet_scan_bytes) {
            break;
        }
        if (!text.empty()) {
            text += "\n\n";
        }
        text += paragraph;
    }
    return text.empty() ? article.title : text;
}

} // namespace

SearchResponse SearchService::search(const SearchRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    SearchResponse response = m_impl->with_database([&](Xapian::Database& db) {
        SearchResponse result;
        result.query = request.query;
        result.page = request.page;
        result.size = request.size;
        std::vector<Xapian::Stem> stemmers;
        const BuiltQuery parsed = prepare_query(db, request, m_impl->settings, stemmers);
        result.note = parsed.note;

        const RankingSettings& ranking = m_impl->settings.ranking;
        const std::unique_ptr<Xapian::Weight> weighting = make_weighting(ranking);
        Xapian::Enquire enquire(db);
        enquire.set_query(add_feedback_terms(db, parsed.query, ranking));
        enquire.set_weighting_scheme(*weighting);
        const auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.size);
        const auto size = static_cast<Xapian::doccount>(request.size);
        const RankedPage page = rank_page(db, enquire, *weighting, parsed.proximity, offset, size,
                                          std::max(k_check_at_least, offset + size));

        result.total = page.first_pass.get_matches_estimated();
        result.total_exact = page.first_pass.get_matches_lower_bound() == page.first_pass.get_matches_upper_bound();
        const SnippetTerms snippet_terms(parsed.query, std::move(stemmers));
        for (const RankedHit& ranked : page.hits) {
            const Article article = schema::read_stored_article(ranked.match.get_document());
            SearchHit hit;
            hit.id = article.id;
            hit.title = article.title;
            hit.url = article.url;
            hit.date = article.date;
            hit.source = article.source;
            hit.section = article.section;
            hit.dateline = article.dateline;
            hit.score = ranked.score;
            hit.snippet = make_snippet(snippet_source(article), snippet_terms, k_snippet_bytes);
            result.hits.push_back(std::move(hit));
        }
        return result;
    });
    response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return response;
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

std::size_t SearchService::document_count()
{
    return m_impl->with_database([](Xapian::Database& db) { return static_cast<std::size_t>(db.get_doccount()); });
}

} // namespace dateline
