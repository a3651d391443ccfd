#include "common/search/ranked_page.h"

#include "common/index/schema.h"

#include <algorithm>
#include <unordered_map>

namespace dateline {
namespace {

// Exactly the documents of a sorted list of document ids, with weight 0: restricts a query to
// the best matches of a first pass. The ids are those of the one database searched.
class DocumentSetSource : public Xapian::PostingSource {
public:
    explicit DocumentSetSource(std::vector<Xapian::docid> docids) : m_docids(std::move(docids)) {}

    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(m_docids.size()); }
    Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
    Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
    void init(const Xapian::Database&) override
    {
        m_next = 0;
        m_started = false;
    }
    void next(double) override
    {
        m_next += m_started ? 1 : 0;
        m_started = true;
    }
    void skip_to(Xapian::docid did, double) override
    {
        m_started = true;
        const auto from = m_docids.begin() + static_cast<std::ptrdiff_t>(m_next);
        m_next = static_cast<std::size_t>(std::lower_bound(from, m_docids.end(), did) - m_docids.begin());
    }
    bool at_end() const override { return m_started && m_next >= m_docids.size(); }
    Xapian::docid get_docid() const override { return m_docids[m_next]; }
    DocumentSetSource* clone() const override { return new DocumentSetSource(m_docids); }
    std::string get_description() const override { return "DocumentSetSource"; }

private:
    std::vector<Xapian::docid> m_docids;
    std::size_t m_next = 0;
    bool m_started = false;
};

// Exactly the first `count` matches of `mset`, by their id terms: over several shards a posting
// source sees each shard's own document ids, and a remote shard cannot run one (issue 18).
Xapian::Query only_articles(const Xapian::MSet& mset, std::size_t count)
{
    mset.fetch(); // one round of requests to the shards, not one per document
    std::vector<Xapian::Query> terms;
    auto it = mset.begin();
    for (std::size_t i = 0; i < count; ++i, ++it) {
        terms.emplace_back(schema::id_term(schema::read_stored_article(it.get_document()).id));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

} // namespace

RankedPage rank_page(const Xapian::Database& db, const Xapian::Enquire& enquire, const Xapian::Weight& weighting,
                     const Xapian::Query& proximity, const PageWindow& window)
{
    const auto [offset, size, check_at_least, decider] = window;
    RankedPage page;
    const Xapian::doccount depth = proximity.empty() ? offset + size : std::max(offset + size, k_rerank_depth);
    const Xapian::doccount first = proximity.empty() ? offset : 0;
    page.first_pass = enquire.get_mset(first, depth - first, check_at_least, nullptr, decider);

    std::vector<RankedHit> ranked;
    for (auto it = page.first_pass.begin(); it != page.first_pass.end(); ++it) {
        ranked.push_back({it, it.get_weight()});
    }
    if (!proximity.empty() && !ranked.empty()) {
        const std::size_t reranked = std::min<std::size_t>(ranked.size(), k_rerank_depth);
        std::vector<Xapian::docid> docids;
        for (std::size_t i = 0; i < reranked; ++i) {
            docids.push_back(*ranked[i].match);
        }
        std::sort(docids.begin(), docids.end());
        Xapian::Enquire boosted(db);
        boosted.set_weighting_scheme(weighting);
        const Xapian::Query only_best = db.size() > 1 ? only_articles(page.first_pass, reranked)
                                                      : Xapian::Query((new DocumentSetSource(std::move(docids)))->release());
        boosted.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                        Xapian::Query(Xapian::Query::OP_AND_MAYBE, enquire.get_query(), proximity),
                                        only_best));
        const Xapian::MSet boosted_matches = boosted.get_mset(0, static_cast<Xapian::doccount>(reranked));
        std::unordered_map<Xapian::docid, double> boosted_weight;
        for (auto it = boosted_matches.begin(); it != boosted_matches.end(); ++it) {
            boosted_weight.emplace(*it, it.get_weight());
        }
        for (std::size_t i = 0; i < reranked; ++i) {
            const auto found = boosted_weight.find(*ranked[i].match);
            if (found != boosted_weight.end()) {
                ranked[i].score = found->second;
            }
        }
        // The boost only adds weight, so the re-ranked head still outranks the rest.
        std::stable_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(reranked),
                         [](const RankedHit& a, const RankedHit& b) { return a.score > b.score; });
        // This pass started at the first match: drop the pages before the one asked for.
        ranked.erase(ranked.begin(), ranked.begin() + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(offset),
                                                                               static_cast<std::ptrdiff_t>(ranked.size())));
    }
    if (ranked.size() > size) {
        ranked.resize(size);
    }
    page.hits = std::move(ranked);
    return page;
}

} // namespace dateline
