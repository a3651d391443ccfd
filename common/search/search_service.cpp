#include "common/search/search_service.h"

#include "common/text/calendar.h"
#include "common/errors.h"
#include "common/search/copy_clusters.h"
#include "common/search/database_set.h"
#include "common/search/database_health.h"
#include "common/search/facet_counter.h"
#include "common/search/facet_table.h"
#include "common/search/filter_query.h"
#include "common/search/long_query.h"
#include "common/search/query_builder.h"
#include "common/search/query_text.h"
#include "common/search/ranked_page.h"
#include "common/search/related.h"
#include "common/search/remote_facets.h"
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
#include <type_traits>

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
        throw database_read_error(path, error);
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
    std::vector<std::string> missing; // shards left out when it was opened (a sharded archive)
    std::uint64_t generation = 0;     // DatabaseSet::generation() when it was opened
};

// The revision of `db`, or nullopt for a backend that keeps none (Xapian::InMemory, a remote
// shard) or for several shards: its answers cannot be told apart by revision, so none is cached.
std::optional<Xapian::rev> read_revision(const Xapian::Database& db)
{
    try {
        return db.get_revision();
    } catch (const Xapian::UnimplementedError&) {
        return std::nullopt;
    } catch (const Xapian::InvalidOperationError&) {
        return std::nullopt; // several shards: each has its own revision
    }
}

// What names a database the service was given open, in messages.
constexpr const char* k_given_database_name = "the open database";

// Runs `work` with the database, and with the shards missing from it when it takes them.
template <typename Work> auto call_work(Work& work, Xapian::Database& db, const std::vector<std::string>& missing)
{
    if constexpr (std::is_invocable_v<Work&, Xapian::Database&, const std::vector<std::string>&>) {
        return work(db, missing);
    } else {
        return work(db);
    }
}

std::string join_names(const std::vector<std::string>& names)
{
    std::string joined;
    for (const std::string& name : names) {
        joined += (joined.empty() ? "" : ", ") + name;
    }
    return joined;
}

} // namespace

struct SearchService::Impl {
    std::string path; // empty for a database given open (its directory identity is then always {})
    std::unique_ptr<Xapian::Database> given; // the database given open, else null: `path` is opened
    std::string identity_path;               // what is watched for a swap: the directory, or the stub file
    std::shared_ptr<DatabaseSet> shards;     // a sharded archive (a stub), else null; replaced under `mutex`
    DirectoryIdentity shards_identity;       // of the stub file `shards` was read from
    SearchSettings settings;
    std::mutex mutex;
    std::vector<PooledDatabase> idle;
    std::atomic<std::uint64_t> reopens = 0;
    std::atomic<std::uint64_t> failed_searches = 0;
    std::unique_ptr<SearchCache> cache;
    FacetTableCache facet_tables;
    std::unique_ptr<DatabaseHealth> health = std::make_unique<DatabaseHealth>(""); // damage seen, for readiness

    // Whether a pooled handle must be dropped: the directory was swapped, or (sharded) a shard
    // went down or came back, or a down shard is due to be tried again.
    static bool stale(const PooledDatabase& handle, const DirectoryIdentity& directory, const DatabaseSet* set)
    {
        if (!(handle.directory == directory)) {
            return true;
        }
        return set != nullptr && (handle.generation != set->generation() || set->retry_due());
    }

    // The shards the stub names now (null for one database): a stub file renamed into place (a
    // shard added, rebuilt or moved) is read again; one that cannot be read leaves the shards as
    // they were.
    std::shared_ptr<DatabaseSet> current_shards(const DirectoryIdentity& directory)
    {
        const std::lock_guard lock(mutex);
        if (shards && !(directory == shards_identity) && !(directory == DirectoryIdentity{})) {
            shards_identity = directory;
            try {
                shards = std::make_shared<DatabaseSet>(path, settings.shards);
            } catch (const Error&) {
                // Keep serving the shards named before; the next rename of the stub is read again.
            }
        }
        return shards;
    }

    PooledDatabase open_handle(const DirectoryIdentity& directory, DatabaseSet* set)
    {
        PooledDatabase handle;
        handle.directory = directory;
        if (given) {
            handle.db = std::make_unique<Xapian::Database>(*given);
        } else if (set == nullptr) {
            handle.db = std::make_unique<Xapian::Database>(open_database(path));
        } else {
            OpenedShards opened = set->open();
            if (opened.db.size() == 0) {
                throw Error(ErrorCode::unavailable, "every shard of the archive is down (" +
                                                        join_names(opened.missing) + "); try again later");
            }
            handle.db = std::make_unique<Xapian::Database>(std::move(opened.db));
            handle.missing = std::move(opened.missing);
            handle.generation = opened.generation;
        }
        return handle;
    }

    // A database handle used by one request at a time: Xapian::Database is not thread-safe.
    class Lease {
    public:
        explicit Lease(Impl& owner) : m_owner(owner)
        {
            const DirectoryIdentity directory = identify_directory(owner.identity_path);
            m_shards = owner.current_shards(directory);
            {
                const std::lock_guard lock(owner.mutex);
                while (!owner.idle.empty() && !m_handle.db) {
                    m_handle = std::move(owner.idle.back());
                    owner.idle.pop_back();
                    if (stale(m_handle, directory, m_shards.get())) {
                        m_handle.db.reset(); // a database from before a swap or a shard's change: drop it
                        ++owner.reopens;
                    }
                }
            }
            if (m_handle.db) {
                reopen_handle();
            }
            if (!m_handle.db) {
                m_handle = owner.open_handle(directory, m_shards.get());
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
        [[nodiscard]] const std::vector<std::string>& missing() const { return m_handle.missing; }
        [[nodiscard]] bool sharded() const { return m_shards != nullptr; }
        void discard() { m_handle.db.reset(); }
        // After a failure of a sharded archive's handle: marks the shards that no longer open
        // down; true when one was.
        bool check_shards()
        {
            OpenedShards opened;
            opened.missing = m_handle.missing;
            return m_shards->check_shards(opened);
        }

    private:
        // Picks up whatever the indexer committed since this handle was last used; a remote
        // shard that went away drops the handle (and is marked down).
        void reopen_handle()
        {
            try {
                if (m_handle.db->reopen()) {
                    ++m_owner.reopens;
                }
            } catch (const Xapian::NetworkError&) {
                if (!m_shards) {
                    throw;
                }
                check_shards();
                m_handle.db.reset();
            }
        }

        Impl& m_owner;
        std::shared_ptr<DatabaseSet> m_shards; // null for one database
        PooledDatabase m_handle;
    };

    [[nodiscard]] bool any_remote()
    {
        const std::lock_guard lock(mutex);
        return shards && shards->any_remote();
    }

    // The policy for shards that are down: 503 under ShardDownPolicy::fail.
    void apply_shard_policy(const std::vector<std::string>& missing) const
    {
        if (!missing.empty() && settings.shards.when_down == ShardDownPolicy::fail) {
            throw Error(ErrorCode::unavailable, "shard down: " + join_names(missing) +
                                                    "; the archive is answered only whole (--shard-down fail)");
        }
    }

    // Runs `work` on a leased database, reopening and retrying when a commit overtakes it, or
    // (sharded) without a shard that failed during it.
    template <typename Work> auto with_database(Work&& work)
    {
        for (int attempt = 1;; ++attempt) {
            try {
                Lease lease(*this);
                apply_shard_policy(lease.missing());
                try {
                    return call_work(work, lease.db(), lease.missing());
                } catch (const Xapian::DatabaseModifiedError&) {
                    throw; // the handle is fine: the next lease reopens it
                } catch (const Error& error) {
                    throw_unless_shards_missing(error, lease.missing());
                } catch (const Xapian::NetworkError& error) {
                    lease.discard(); // a remote shard failed: never hand its connection on
                    retry_without_failed_shards(lease, error, attempt);
                } catch (const Xapian::DatabaseError& error) {
                    lease.discard(); // never hand a broken handle to the next request
                    if (!lease.sharded()) {
                        throw;
                    }
                    retry_without_failed_shards(lease, error, attempt);
                }
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt >= k_max_attempts) {
                    throw Error(ErrorCode::unavailable, "the database changed too often during the search; try again");
                }
            } catch (const Xapian::DatabaseError& error) {
                health->fail(error); // kept for /readyz; Xapian's text only in the Error's detail
            }
        }
    }

    // An article not found while shards are down may be on one of them: 503, not 404.
    [[noreturn]] static void throw_unless_shards_missing(const Error& error, const std::vector<std::string>& missing)
    {
        if (error.code() == ErrorCode::not_found && !missing.empty()) {
            throw Error(ErrorCode::unavailable, std::string(error.what()) + " on the shards up; it may be on " +
                                                    join_names(missing) + ", which is down; try again later");
        }
        throw; // called inside the handler of `error`

    }

    // A sharded archive's handle failed: marks the shards that fail down and returns to retry
    // without them; throws when none failed (after a few tries: a shard that restarted leaves
    // one broken connection per pooled handle).
    void retry_without_failed_shards(Lease& lease, const Xapian::Error& error, int attempt)
    {
        if (!lease.sharded()) {
            throw database_read_error(path, error);
        }
        const bool marked = lease.check_shards();
        if (!marked && attempt >= k_max_attempts) {
            throw Error(ErrorCode::unavailable, "a shard of the archive failed; try again",
                        error.get_description());
        }
    }
};

SearchService::SearchService(std::string db_dir, SearchSettings settings) : m_impl(std::make_unique<Impl>())
{
    m_impl->path = std::move(db_dir);
    m_impl->settings = std::move(settings);
    m_impl->cache = std::make_unique<SearchCache>(m_impl->settings.cache_entries, m_impl->settings.cache_time_to_live);
    m_impl->identity_path = m_impl->path;
    auto shards = std::make_shared<DatabaseSet>(m_impl->path, m_impl->settings.shards);
    if (shards->single_local()) {
        m_impl->health = std::make_unique<DatabaseHealth>(m_impl->path);
        m_impl->idle.push_back(PooledDatabase{std::make_unique<Xapian::Database>(open_database(m_impl->path)),
                                              identify_directory(m_impl->path), {}, 0});
        return;
    }
    m_impl->identity_path = shards->stub_path();
    m_impl->shards_identity = identify_directory(m_impl->identity_path);
    m_impl->idle.push_back(m_impl->open_handle(m_impl->shards_identity, shards.get()));
    m_impl->shards = std::move(shards);
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
    m_impl->idle.push_back(PooledDatabase{std::make_unique<Xapian::Database>(db), DirectoryIdentity{}, {}, 0});
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

// The request's query, read with the archive's stemmer languages and the service's settings;
// of a query longer than a search takes, its most informative words (long_query.h). Wildcards
// are expanded until `deadline`.
BuiltQuery prepare_query(const Xapian::Database& db, const SearchRequest& request, const SearchSettings& settings,
                         const std::vector<Xapian::Stem>& stemmers, std::chrono::steady_clock::time_point deadline)
{
    QueryContext context;
    context.stemmers = stemmers;
    context.synonyms = &settings.synonyms;
    context.op = request.op;
    context.ranking = settings.ranking;
    context.db = &db;
    context.deadline = deadline;
    const ShortenedQuery shortened = shorten_long_query(db, request.query, stemmers, k_max_query_words);
    BuiltQuery built = build_query(shortened.text, context);
    if (!shortened.note.empty()) {
        built.note = shortened.note + (built.note.empty() ? "" : "; " + built.note);
    }
    return built;
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
    [[nodiscard]] std::chrono::steady_clock::time_point when() const { return m_deadline; }

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
    bool remote = false; // some shards are remote: no match decider, no custom match spy (issue 18)
};

// The deadline as a match decider; none with remote shards, which cannot run one (each remote
// operation is bounded by the shard time-out instead).
const Xapian::MatchDecider* deadline_decider(const SearchInputs& in)
{
    return in.remote ? nullptr : &in.deadline;
}

// The shape of one search's match passes.
struct MatchPlan {
    PageWindow window;         // the page, counting `window.check_at_least` in its own pass
    Xapian::doccount check = 0; // matches to count for the totals and the facets
    bool count_apart = false;  // facets counted in a pass of their own
    bool boosted = false;      // a recency boost re-ranks a deeper first pass by date
    bool remote = false;       // remote shards: facets counted apart by Xapian's own spies
    bool collapse = false;     // copies collapsed: the counted pass counts groups
};

MatchPlan plan_match(const SearchInputs& in)
{
    const SearchRequest& request = in.request;
    MatchPlan plan;
    plan.window.offset = static_cast<Xapian::doccount>((request.page - 1) * request.size);
    plan.window.size = static_cast<Xapian::doccount>(request.size);
    plan.window.decider = deadline_decider(in);
    plan.remote = in.remote;
    plan.collapse = request.collapse;
    plan.check = counted_matches(request);
    // Facets over collapsed results are counted in a pass of their own, unweighted and
    // uncollapsed (the counter groups copies itself): Xapian collapsing thousands of matches
    // made a common word cost 10 ms where counting and a collapsed top page cost 4. The page
    // comes first, so that a search stopped by its deadline still has its best hits.
    // Over remote shards FacetCounter cannot spy on the match (remote_facets.h): always apart.
    plan.count_apart = request.facets && (request.collapse || in.remote);
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
    apply_sort_order(enquire, in.request.sort, in.remote);
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
                                           plan.window.check_at_least, nullptr, deadline_decider(in));
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
    if (in.remote) {
        return count_facets_remotely(in.db, query, counter, check, in.request.collapse);
    }
    Xapian::Enquire counting(in.db);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    counting.add_matchspy(&counter);
    return counting.get_mset(0, 0, check, nullptr, &in.deadline).get_matches_estimated();
}

// Fewer documents seen than asked to check means all were seen.
bool saw_all_matches(const FacetCounter& counter, const MatchPlan& plan)
{
    if (plan.remote && !plan.count_apart) {
        return false; // nothing counted: Xapian's bounds tell
    }
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
        set_total_relation(result, plan.collapse ? counter.groups_seen() : counter.documents_seen(),
                           saw_all ? TotalRelation::eq : TotalRelation::gte);
        return;
    }
    const bool exact = saw_all || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    set_total_relation(result, mset.get_matches_lower_bound(), exact ? TotalRelation::eq : TotalRelation::gte);
}

// What inexact facets are scaled up to: the total when every match was seen, else the estimate
// of the matches (`estimate`), in groups of copies when counted apart with copies collapsed.
Xapian::doccount facet_scale_estimate(const SearchResponse& result, const FacetCounter& counter, const MatchPlan& plan,
                                      bool saw_all, Xapian::doccount estimate)
{
    if (!plan.count_apart) {
        return estimate;
    }
    if (saw_all) {
        return static_cast<Xapian::doccount>(result.total);
    }
    return plan.collapse ? scaled_group_estimate(counter, estimate) : estimate;
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

// A search cut short by its deadline (issue 15): its total is a lower bound never below the
// hits shown (the facet pass runs after the page's and may have been cut before it saw them),
// and its facets count only the matches seen, so they are never exact.
void settle_partial(SearchResponse& result, const MatchPlan& plan)
{
    result.partial = true;
    result.facets.exact = false;
    const std::size_t shown = result.hits.empty() ? 0 : plan.window.offset + result.hits.size();
    set_total_relation(result, std::max(result.total, shown), TotalRelation::gte);
}

void run_search(const SearchInputs& in, SearchResponse& result)
{
    const SearchRequest& request = in.request;
    const std::vector<Xapian::Stem> stemmers = archive_stemmers(in.db);
    const BuiltQuery parsed = prepare_query(in.db, request, in.settings, stemmers, in.deadline.when());
    result.note = parsed.note;
    result.partial = parsed.cut_short; // a wildcard stands for the words found in time
    const Xapian::Query query = filter_search_query(in, parsed.query);
    const std::unique_ptr<Xapian::Weight> weighting = make_weighting(in.settings.ranking);
    Xapian::Enquire enquire = make_enquire(in, query, *weighting);
    const MatchPlan plan = plan_match(in);
    // The documents the counter sees tell whether the match saw every matching one.
    FacetCounter counter(request.facets, !request.filters.single_year().empty(), request.collapse, in.facet_table);
    if (!plan.count_apart && !plan.remote) {
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
        result.facets = counter.facets(saw_all, facet_scale_estimate(result, counter, plan, saw_all,
                                                                     plan.count_apart ? counted_estimate
                                                                                      : page.first_pass.get_matches_estimated()));
    }
    result.hits = make_page_hits(in, enquire, std::move(page), plan, SnippetTerms(parsed.query, stemmers));
    // A recency boost's deeper fetches may have met the deadline too.
    if (result.partial || in.deadline.expired()) {
        settle_partial(result, plan);
    }
}

// Offers a corrected query, and answers it instead when the query as typed finds nothing.
void add_spelling_suggestion(const SearchInputs& in, SearchResponse& result)
{
    // A query longer than a search takes is a pasted text, not words to correct.
    if (trim(in.request.query).empty() || in.deadline.expired() ||
        count_query_words(in.request.query) > k_max_query_words) {
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
    run_search(SearchInputs{in.db, corrected, in.settings, in.deadline, in.facet_table, in.remote}, retry);
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
    SearchResponse response = m_impl->with_database([&](Xapian::Database& db, const std::vector<std::string>& missing) {
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
        const bool remote = m_impl->any_remote();
        const std::shared_ptr<const FacetTable> facet_table =
            request.facets && !remote ? m_impl->facet_tables.get(db) : nullptr;
        const SearchInputs inputs{db, request, m_impl->settings, deadline, facet_table.get(), remote};
        run_search(inputs, result);
        add_spelling_suggestion(inputs, result);
        if (!missing.empty()) {
            result.partial = true; // answered by the shards up (ShardDownPolicy::partial)
            result.missing_shards = missing;
        }
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
    SimilarResponse response = m_impl->with_database([&](Xapian::Database& db, const std::vector<std::string>& missing) {
        SimilarResponse result;
        result.id = request.id;
        if (!missing.empty()) {
            result.note = "shards down (" + join_names(missing) + "): these come from the others";
        }
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
                result.note += result.note.empty() ? "" : "; ";
                result.note += "the article has no date, so \"days\" could not apply; showing similar articles of any "
                               "date";
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
        const BuiltQuery parsed = prepare_query(db, request, m_impl->settings, archive_stemmers(db),
                                                std::chrono::steady_clock::time_point::max());
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
    m_impl->health->check(); // a pooled handle may answer from cached blocks of a damaged file
    DatabaseInfo info = m_impl->with_database([](Xapian::Database& db) {
        return DatabaseInfo{static_cast<std::size_t>(db.get_doccount()), read_revision(db).value_or(0), {}};
    });
    if (const std::shared_ptr<DatabaseSet> shards = m_impl->current_shards({})) {
        for (const ShardHealth& shard : shards->health()) {
            info.shards.push_back(ShardStatus{shard.name, shard.up, shard.problem});
        }
    }
    return info;
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
