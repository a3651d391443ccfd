#include "common/search/search_service.h"

#include "common/text/calendar.h"
#include "common/errors.h"
#include "common/search/copy_clusters.h"
#include "common/search/facet_counter.h"
#include "common/search/facet_table.h"
#include "common/search/filter_query.h"
#include "common/search/query_builder.h"
#include "common/search/query_text.h"
#include "common/search/ranked_page.h"
#include "common/search/related.h"
#include "common/search/result_order.h"
#include "common/index/schema.h"
#include "common/search/search_cache.h"
#include "common/search/snippet.h"
#include "common/search/spelling.h"
#include "common/text/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <sys/stat.h>

namespace dateline {
namespace {

// Several commits can land during one search; each needs a reopen.
constexpr int k_max_attempts = 5;
// Counting this many matches makes small totals exact; beyond it a total is the lower bound,
// labelled so (Xapian's estimate was seen a third off, issue 15). Counting 1,000 cost 32 %
// more in-process search time on the benchmark queries.
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

// The revision of `db`, or nullopt for a backend that keeps none (Xapian::InMemory): its
// answers cannot be told apart by revision, so none is cached.
std::optional<Xapian::rev> read_revision(const Xapian::Database& db)
{
    try {
        return db.get_revision();
    } catch (const Xapian::UnimplementedError&) {
        return std::nullopt;
    }
}

// What names a database the service was given open, in messages.
constexpr const char* k_given_database_name = "the open database";

} // namespace

struct SearchService::Impl {
    std::string path; // empty for a database given open (its directory identity is then always {})
    std::unique_ptr<Xapian::Database> given; // the database given open, else null: `path` is opened
    SearchSettings settings;
    std::mutex mutex;
    std::vector<PooledDatabase> idle;
    std::atomic<std::uint64_t> reopens = 0;
    std::atomic<std::uint64_t> failed_searches = 0;
    std::unique_ptr<SearchCache> cache;
    FacetTableCache facet_tables;

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
                m_handle.db = std::make_unique<Xapian::Database>(owner.given ? *owner.given
                                                                             : open_database(owner.path));
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

SearchService::SearchService(std::string db_dir, SearchSettings settings) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = std::move(db_dir);
    m_impl->settings = std::move(settings);
    m_impl->cache = std::make_unique<SearchCache>(m_impl->settings.cache_entries, m_impl->settings.cache_time_to_live);
    m_impl->idle.push_back(PooledDatabase{std::make_unique<Xapian::Database>(open_database(m_impl->path)),
                                          identify_directory(m_impl->path)});
}

SearchService::SearchService(const Xapian::Database& db, SearchSettings settings) : m_impl(std::make_unique<Impl>())
{
    try {
        schema::check_schema_version(db, k_given_database_name);
    } catch (const Xapian::Error& error) {
        throw Error(ErrorCode::unavailable, std::string("cannot read ") + k_given_database_name + ": " +
                                                error.get_description());
    }
    m_impl->given = std::make_unique<Xapian::Database>(db);
    m_impl->settings = std::move(settings);
    m_impl->cache = std::make_unique<SearchCache>(m_impl->settings.cache_entries, m_impl->settings.cache_time_to_live);
    m_impl->idle.push_back(PooledDatabase{std::make_unique<Xapian::Database>(db), DirectoryIdentity{}});
}

SearchService::~SearchService() = default;

namespace {

// The stemmers of the languages the archive's articles were indexed in.
std::vector<Xapian::Stem> archive_stemmers(const Xapian::Database& db)
{
    std::vector<Xapian::Stem> stemmers;
    for (const std::string& language : schema::read_stem_languages(db)) {
        stemmers.push_back(schema::make_stemmer(language));
    }
    return stemmers;
}

// The request's query, read with the archive's stemmer languages and the service's settings.
BuiltQuery prepare_query(const SearchRequest& request, const SearchSettings& settings,
                         const std::vector<Xapian::Stem>& stemmers)
{
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

// Result pages (issue 4): filters, date order and the recency boost, collapsed copies, facets
// and "did you mean". Query parsing and weighting above stay as they are.

Xapian::doccount counted_matches(const SearchRequest& request)
{
    const auto page_end = static_cast<Xapian::doccount>(request.page * request.size);
    const auto facet_limit = static_cast<Xapian::doccount>(request.facets ? k_facet_exact_limit : 0);
    return std::max({k_check_at_least, page_end, facet_limit});
}

SearchHit make_hit(const Xapian::Database& db, const Xapian::MSetIterator& it, double score,
                   const SnippetTerms& snippet_terms)
{
    const Xapian::Document doc = it.get_document();
    const Article article = schema::read_stored_article(doc);
    SearchHit hit;
    hit.id = article.id;
    hit.title = article.title;
    hit.url = article.url;
    hit.date = article.date;
    hit.source = article.source;
    hit.section = article.section;
    hit.dateline = article.dateline;
    hit.score = score;
    hit.snippet = make_snippet(snippet_source(article), snippet_terms, k_snippet_bytes);
    hit.cluster = schema::read_cluster_key(doc);
    if (!hit.cluster.empty()) {
        hit.duplicates = db.get_termfreq(schema::cluster_term(hit.cluster)) - 1;
    }
    return hit;
}

// Accepts documents until the deadline, then none: Xapian 1.4 cannot abort a match, and its
// set_time_limit only stops exact counting, but a refused document is neither weighed into the
// MSet, counted by match spies nor fetched. Checks the clock for each candidate (tens of ns).
class SearchDeadline : public Xapian::MatchDecider {
public:
    explicit SearchDeadline(std::chrono::steady_clock::time_point deadline) : m_deadline(deadline) {}
    bool operator()(const Xapian::Document&) const override
    {
        if (!m_expired && std::chrono::steady_clock::now() >= m_deadline) {
            m_expired = true;
        }
        return !m_expired;
    }
    [[nodiscard]] bool expired() const { return m_expired; }

private:
    std::chrono::steady_clock::time_point m_deadline;
    mutable bool m_expired = false; // operator() is const in Xapian's interface
};

// What one search reads: the leased database, the request, the service's settings, the
// deadline and the archive's facet table (null without facets).
struct SearchInputs {
    const Xapian::Database& db;
    const SearchRequest& request;
    const SearchSettings& settings;
    const SearchDeadline& deadline;
    const FacetTable* facet_table;
};

// The shape of one search's match passes.
struct MatchPlan {
    PageWindow window;         // the page, counting `window.check_at_least` in its own pass
    Xapian::doccount check = 0; // matches to count for the totals and the facets
    bool count_apart = false;  // facets counted in a pass of their own
    bool boosted = false;      // a recency boost re-ranks a deeper first pass by date
};

MatchPlan plan_match(const SearchRequest& request, const SearchDeadline& deadline)
{
    MatchPlan plan;
    plan.window.offset = static_cast<Xapian::doccount>((request.page - 1) * request.size);
    plan.window.size = static_cast<Xapian::doccount>(request.size);
    plan.window.decider = &deadline;
    plan.check = counted_matches(request);
    // Facets over collapsed results are counted in a pass of their own, unweighted and
    // uncollapsed (the counter groups copies itself): Xapian collapsing thousands of matches
    // made a common word cost 10 ms where counting and a collapsed top page cost 4. The page
    // comes first, so that a search stopped by its deadline still has its best hits.
    plan.count_apart = request.facets && request.collapse;
    plan.window.check_at_least =
        plan.count_apart ? std::max(k_check_at_least, plan.window.offset + plan.window.size) : plan.check;
    plan.boosted = request.recency_half_life_days > 0;
    return plan;
}

// The query with its feedback terms, filtered by the request's filters.
Xapian::Query filter_search_query(const SearchInputs& in, const Xapian::Query& parsed)
{
    Xapian::Query query = add_feedback_terms(in.db, parsed, in.settings.ranking);
    if (!in.request.filters.empty()) {
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, build_filter_query(in.request.filters));
    }
    return query;
}

Xapian::Enquire make_enquire(const SearchInputs& in, const Xapian::Query& query, const Xapian::Weight& weighting)
{
    Xapian::Enquire enquire(in.db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(weighting);
    if (in.request.collapse) {
        enquire.set_collapse_key(schema::k_slot_cluster);
    }
    apply_sort_order(enquire, in.request.sort);
    return enquire;
}

// The page's first pass. Relevance order re-ranks the best matches by proximity
// (ranked_page.h); a recency boost re-ranks a deeper first pass by date instead (make_page_hits).
RankedPage fetch_page(const SearchInputs& in, const Xapian::Enquire& enquire, const Xapian::Weight& weighting,
                      const Xapian::Query& proximity, const MatchPlan& plan)
{
    if (plan.boosted) {
        RankedPage page;
        page.first_pass = enquire.get_mset(0, first_recency_fetch(plan.window.offset + plan.window.size),
                                           plan.window.check_at_least, nullptr, &in.deadline);
        return page;
    }
    return rank_page(in.db, enquire, weighting,
                     in.request.sort == SortOrder::relevance ? proximity : Xapian::Query(), plan.window);
}

// The pass that counts facets apart from the page: unweighted and uncollapsed. Returns its
// estimate of the matches.
Xapian::doccount count_matches_apart(const SearchInputs& in, const Xapian::Query& query, FacetCounter& counter,
                                     Xapian::doccount check)
{
    Xapian::Enquire counting(in.db);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    counting.add_matchspy(&counter);
    return counting.get_mset(0, 0, check, nullptr, &in.deadline).get_matches_estimated();
}

// Fewer documents seen than asked to check means all were seen.
bool saw_all_matches(const FacetCounter& counter, const MatchPlan& plan)
{
    return counter.documents_seen() < plan.check;
}

void set_total_relation(SearchResponse& result, std::size_t total, TotalRelation relation)
{
    result.total = total;
    result.total_relation = relation;
}

// The facets' estimate of the matches when the counter saw only the first `check`: the
// counting pass's estimate, scaled from matches to groups of copies.
Xapian::doccount scaled_group_estimate(const FacetCounter& counter, Xapian::doccount counted_estimate)
{
    const double groups_per_match =
        counter.documents_seen() == 0 ? 1.0 : static_cast<double>(counter.groups_seen()) / counter.documents_seen();
    return std::max<Xapian::doccount>(static_cast<Xapian::doccount>(counter.groups_seen()),
                                      static_cast<Xapian::doccount>(counted_estimate * groups_per_match + 0.5));
}

// The total: exact when every match was counted, else a lower bound (relation gte), never
// Xapian's estimate, which can be a third off either way. Xapian's bounds stay loose when it
// collapses copies, but its lower bound is then the exact count of hits.
void set_total(SearchResponse& result, const FacetCounter& counter, const Xapian::MSet& mset, const MatchPlan& plan)
{
    const bool saw_all = saw_all_matches(counter, plan);
    if (plan.count_apart) {
        // The counter saw every match or the first `check`: groups exactly, or at least those.
        set_total_relation(result, counter.groups_seen(), saw_all ? TotalRelation::eq : TotalRelation::gte);
        return;
    }
    const bool exact = saw_all || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    set_total_relation(result, mset.get_matches_lower_bound(), exact ? TotalRelation::eq : TotalRelation::gte);
}

// The hits of the page: the first pass's, or for a recency boost the matches re-ranked by date.
std::vector<SearchHit> make_page_hits(const SearchInputs& in, Xapian::Enquire& enquire, RankedPage&& page,
                                      const MatchPlan& plan, const SnippetTerms& snippet_terms)
{
    std::vector<SearchHit> hits;
    if (plan.boosted) {
        const RecencyPage recent = rank_by_recency(in.db, enquire, std::move(page.first_pass), plan.window,
                                                   in.request.recency_half_life_days);
        for (const auto& [index, score] : recent.hits) {
            hits.push_back(make_hit(in.db, recent.mset[index], score, snippet_terms));
        }
        return hits;
    }
    for (const RankedHit& ranked : page.hits) {
        hits.push_back(make_hit(in.db, ranked.match, ranked.score, snippet_terms));
    }
    return hits;
}

void run_search(const SearchInputs& in, SearchResponse& result)
{
    const SearchRequest& request = in.request;
    const std::vector<Xapian::Stem> stemmers = archive_stemmers(in.db);
    const BuiltQuery parsed = prepare_query(request, in.settings, stemmers);
    result.note = parsed.note;
    const Xapian::Query query = filter_search_query(in, parsed.query);
    const std::unique_ptr<Xapian::Weight> weighting = make_weighting(in.settings.ranking);
    Xapian::Enquire enquire = make_enquire(in, query, *weighting);
    const MatchPlan plan = plan_match(request, in.deadline);
    // The documents the counter sees tell whether the match saw every matching one.
    FacetCounter counter(request.facets, !request.filters.single_year().empty(), request.collapse, in.facet_table);
    if (!plan.count_apart) {
        enquire.add_matchspy(&counter);
    }
    RankedPage page = fetch_page(in, enquire, *weighting, parsed.proximity, plan);
    enquire.clear_matchspies(); // a recency re-fetch must not count twice
    const Xapian::doccount counted_estimate =
        plan.count_apart ? count_matches_apart(in, query, counter, plan.check) : 0;
    set_total(result, counter, page.first_pass, plan);
    if (in.deadline.expired()) {
        // Counting stopped at the deadline: what was seen is a lower bound, not the total.
        result.partial = true;
        set_total_relation(result, std::max<std::size_t>(result.total, counter.documents_seen()), TotalRelation::gte);
    }
    if (request.facets) {
        result.has_facets = true;
        const bool saw_all = saw_all_matches(counter, plan);
        result.facets = counter.facets(saw_all, plan.count_apart ? (saw_all ? static_cast<Xapian::doccount>(result.total)
                                                                             : scaled_group_estimate(counter, counted_estimate))
                                                                 : page.first_pass.get_matches_estimated());
    }
    result.hits = make_page_hits(in, enquire, std::move(page), plan, SnippetTerms(parsed.query, stemmers));
    // A recency boost's deeper fetches may have met the deadline too.
    result.partial = result.partial || in.deadline.expired();
}

// Offers a corrected query, and answers it instead when the query as typed finds nothing.
void add_spelling_suggestion(const SearchInputs& in, SearchResponse& result)
{
    if (trim(in.request.query).empty() || in.deadline.expired()) {
        return;
    }
    result.did_you_mean = suggest_query_spelling(in.db, repair_utf8(in.request.query));
    if (result.did_you_mean.empty() || result.total != 0) {
        return;
    }
    SearchRequest corrected = in.request;
    corrected.query = result.did_you_mean;
    SearchResponse retry = result;
    retry.hits.clear();
    run_search(SearchInputs{in.db, corrected, in.settings, in.deadline, in.facet_table}, retry);
    if (retry.total != 0) {
        result = std::move(retry);
        result.showing_results_for = result.did_you_mean;
    }
}

Xapian::docid find_article(const Xapian::Database& db, const std::string& id)
{
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator it = db.postlist_begin(term);
    if (it == db.postlist_end(term)) {
        throw Error(ErrorCode::not_found, "no article with id \"" + id + "\"");
    }
    return *it;
}

// Inside a catch block: counts the error as a failed search unless the client caused it (a bad
// request, an unknown article), then rethrows it.
[[noreturn]] void count_failure_and_rethrow(std::atomic<std::uint64_t>& failed_searches)
{
    try {
        throw;
    } catch (const Error& error) {
        if (error.code() != ErrorCode::bad_request && error.code() != ErrorCode::not_found) {
            ++failed_searches;
        }
        throw;
    } catch (...) {
        ++failed_searches;
        throw;
    }
}

} // namespace

SearchResponse SearchService::search(const SearchRequest& request)
try {
    const auto start = std::chrono::steady_clock::now();
    SearchResponse response = m_impl->with_database([&](Xapian::Database& db) {
        SearchCache& cache = *m_impl->cache;
        std::string key;
        if (const std::optional<Xapian::rev> revision = read_revision(db); cache.enabled() && revision) {
            key = search_cache_key(db.get_uuid(), *revision, request);
            if (std::optional<SearchResponse> kept = cache.find(key, start)) {
                return std::move(*kept);
            }
        }
        SearchResponse result;
        result.query = request.query;
        result.page = request.page;
        result.size = request.size;
        // One deadline for the search and its spelling retry; a retry after a commit starts anew.
        const SearchDeadline deadline(std::chrono::steady_clock::now() + m_impl->settings.deadline);
        const std::shared_ptr<const FacetTable> facet_table =
            request.facets ? m_impl->facet_tables.get(db) : nullptr;
        const SearchInputs inputs{db, request, m_impl->settings, deadline, facet_table.get()};
        run_search(inputs, result);
        add_spelling_suggestion(inputs, result);
        if (!key.empty() && !result.partial) {
            cache.store(key, result, start); // a partial answer is not kept: the next one may be whole
        }
        return result;
    });
    response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return response;
} catch (...) {
    count_failure_and_rethrow(m_impl->failed_searches);
}

SimilarResponse SearchService::similar(const SimilarRequest& request)
try {
    const auto start = std::chrono::steady_clock::now();
    SimilarResponse response = m_impl->with_database([&](Xapian::Database& db) {
        SimilarResponse result;
        result.id = request.id;
        const Xapian::docid docid = find_article(db, request.id);
        const Xapian::Document doc = db.get_document(docid);
        Xapian::Query query = build_similar_query(db, docid);
        if (query.empty()) {
            return result;
        }
        // Never the article itself nor its syndicated copies.
        const std::string cluster = schema::read_cluster_key(doc);
        query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                              Xapian::Query(cluster.empty() ? schema::id_term(request.id) : schema::cluster_term(cluster)));
        if (request.days > 0) {
            if (const std::optional<std::int64_t> day = day_number(doc.get_value(schema::k_slot_date))) {
                query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                      build_date_range_query(iso_date_of_day(*day - request.days),
                                                             iso_date_of_day(*day + request.days)));
            } else {
                result.note = "the article has no date, so \"days\" could not apply; showing similar articles of any date";
            }
        }
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        enquire.set_weighting_scheme(*make_weighting(m_impl->settings.ranking));
        enquire.set_collapse_key(schema::k_slot_cluster);
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(request.size));
        const SnippetTerms snippet_terms(query, archive_stemmers(db));
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            result.hits.push_back(make_hit(db, it, it.get_weight(), snippet_terms));
        }
        return result;
    });
    response.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return response;
} catch (...) {
    count_failure_and_rethrow(m_impl->failed_searches);
}

Completions SearchService::suggest(const SuggestRequest& request)
{
    const auto start = std::chrono::steady_clock::now();
    Completions completions = m_impl->with_database([&](Xapian::Database& db) {
        return complete_prefix(db, request.prefix, static_cast<std::size_t>(request.size));
    });
    completions.took_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return completions;
}

DuplicatesResponse SearchService::duplicates_of(const std::string& id)
{
    return m_impl->with_database([&](Xapian::Database& db) {
        const Xapian::docid docid = find_article(db, id);
        DuplicatesResponse response;
        response.id = id;
        response.cluster = schema::read_cluster_key(db.get_document(docid));
        if (!response.cluster.empty()) {
            response.duplicates = collect_cluster_articles(db, response.cluster, docid);
        }
        return response;
    });
}

std::vector<DuplicateCluster> SearchService::duplicate_clusters()
{
    return m_impl->with_database([](Xapian::Database& db) { return collect_duplicate_clusters(db); });
}

Article SearchService::get_article(const std::string& id)
{
    return m_impl->with_database(
        [&](Xapian::Database& db) { return schema::read_stored_article(db.get_document(find_article(db, id))); });
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
        const BuiltQuery parsed = prepare_query(request, m_impl->settings, archive_stemmers(db));
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
        return DatabaseInfo{static_cast<std::size_t>(db.get_doccount()), read_revision(db).value_or(0)};
    });
}

DatabaseStats SearchService::database_stats()
{
    return m_impl->with_database([&](Xapian::Database& db) { return compute_database_stats(db, m_impl->path); });
}

ServiceCounters SearchService::counters() const
{
    return ServiceCounters{m_impl->reopens.load(), m_impl->failed_searches.load(), m_impl->cache->hits(),
                           m_impl->cache->misses()};
}

} // namespace dateline
