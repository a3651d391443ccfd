#include "common/search/remote_facets.h"

#include "common/index/schema.h"

#include <map>
#include <string>
#include <vector>

namespace dateline {
namespace {

// The groups of copies that two or more matches share, and how many matches they hold.
struct SharedGroups {
    std::vector<std::string> keys;
    Xapian::doccount documents = 0;
};

// The shared groups, from the counts of the cluster slot.
SharedGroups find_shared_groups(const Xapian::ValueCountMatchSpy& clusters)
{
    SharedGroups shared;
    for (auto it = clusters.values_begin(); it != clusters.values_end(); ++it) {
        if (it.get_termfreq() > 1) {
            shared.keys.push_back(*it);
            shared.documents += it.get_termfreq();
        }
    }
    return shared;
}

// Counts the matches of the shared groups one by one, and takes them off `lone` (the counts of
// facet values by value) so that they are not counted twice.
void count_shared_groups(const Xapian::Database& db, const Xapian::Query& query, const SharedGroups& shared,
                         FacetCounter& counter, std::map<std::string, std::size_t>& lone)
{
    std::vector<Xapian::Query> terms;
    terms.reserve(shared.keys.size());
    for (const std::string& key : shared.keys) {
        terms.emplace_back(schema::cluster_term(key));
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet grouped = enquire.get_mset(0, shared.documents);
    grouped.fetch(); // one round of requests to the shards, not one per document
    for (auto it = grouped.begin(); it != grouped.end(); ++it) {
        const Xapian::Document doc = it.get_document();
        const std::string stored = doc.get_value(schema::k_slot_facets);
        counter.add_grouped_document(stored, doc.get_value(schema::k_slot_cluster));
        if (auto found = lone.find(stored); found != lone.end() && found->second > 0) {
            --found->second;
        }
    }
}

} // namespace

Xapian::doccount count_facets_remotely(const Xapian::Database& db, const Xapian::Query& query, FacetCounter& counter,
                                       Xapian::doccount check, bool collapse)
{
    Xapian::Enquire counting(db);
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy facets(schema::k_slot_facets);
    Xapian::ValueCountMatchSpy clusters(schema::k_slot_cluster);
    counting.add_matchspy(&facets);
    if (collapse) {
        counting.add_matchspy(&clusters);
    }
    const Xapian::MSet mset = counting.get_mset(0, 0, check);
    std::map<std::string, std::size_t> lone;
    std::size_t counted = 0;
    for (auto it = facets.values_begin(); it != facets.values_end(); ++it) {
        lone[*it] = it.get_termfreq();
        counted += it.get_termfreq();
    }
    // Every document has a facets value (schema.h); any without one counts as seen, uncounted.
    if (facets.get_total() > counted) {
        counter.add_lone_documents({}, facets.get_total() - counted);
    }
    const SharedGroups shared = collapse ? find_shared_groups(clusters) : SharedGroups{};
    if (!shared.keys.empty()) {
        count_shared_groups(db, query, shared, counter, lone);
    }
    for (const auto& [stored, times] : lone) {
        counter.add_lone_documents(stored, times);
    }
    return mset.get_matches_estimated();
}

} // namespace dateline
