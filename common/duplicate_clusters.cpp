#include "common/duplicate_clusters.h"

#include "common/schema.h"
#include "common/text_utils.h"

#include <algorithm>
#include <map>
#include <set>

namespace dateline {
namespace {

// Candidates checked per article, most shared bands first.
constexpr std::size_t k_max_candidates = 100;

} // namespace

ClusterAssignment assign_cluster(const Xapian::Database& db, const Article& article, const BodyFingerprint& fingerprint)
{
    std::map<Xapian::docid, std::size_t> shared_bands;
    for (std::uint64_t band : fingerprint.bands) {
        const std::string term = schema::duplicate_band_term(band);
        for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
            ++shared_bands[*it];
        }
    }
    std::vector<std::pair<std::size_t, Xapian::docid>> candidates;
    candidates.reserve(shared_bands.size());
    for (const auto& [docid, count] : shared_bands) {
        candidates.emplace_back(count, docid);
    }
    // Most shared bands first; equal counts in document order, so the result is reproducible.
    std::sort(candidates.begin(), candidates.end(),
              [](const auto& x, const auto& y) { return x.first != y.first ? x.first > y.first : x.second < y.second; });
    if (candidates.size() > k_max_candidates) {
        candidates.resize(k_max_candidates);
    }

    std::string best_key;
    double best_resemblance = 0;
    std::set<std::string> copy_keys;
    for (const auto& [count, docid] : candidates) {
        const Xapian::Document doc = db.get_document(docid);
        const std::string key = schema::read_cluster_key(doc);
        BodyFingerprint other;
        try {
            other = fingerprint_article(schema::read_stored_article(doc));
        } catch (const std::exception&) {
            continue; // a document whose stored record cannot be read is nobody's copy
        }
        if (key.empty() || !are_near_duplicates(fingerprint, other)) {
            continue;
        }
        copy_keys.insert(key);
        const double resemblance = shingle_resemblance(fingerprint, other);
        if (resemblance > best_resemblance) {
            best_resemblance = resemblance;
            best_key = key;
        }
    }
    ClusterAssignment assignment;
    if (best_key.empty()) {
        assignment.key = fingerprint_hex(article.id + '\x1F' + article.title + '\x1F' + body_text(article));
        return assignment;
    }
    assignment.key = best_key;
    for (const std::string& key : copy_keys) {
        if (key != best_key) {
            assignment.merged.push_back(key);
        }
    }
    return assignment;
}

void merge_cluster(Xapian::WritableDatabase& db, const std::string& from, const std::string& to)
{
    const std::string from_term = schema::cluster_term(from);
    std::vector<Xapian::docid> members;
    for (auto it = db.postlist_begin(from_term); it != db.postlist_end(from_term); ++it) {
        members.push_back(*it);
    }
    for (const Xapian::docid docid : members) {
        Xapian::Document doc = db.get_document(docid);
        doc.remove_term(from_term);
        doc.add_boolean_term(schema::cluster_term(to));
        doc.add_value(schema::k_slot_cluster, to);
        db.replace_document(docid, doc);
    }
}

std::vector<DuplicateCluster> collect_duplicate_clusters(const Xapian::Database& db)
{
    std::vector<DuplicateCluster> clusters;
    const std::string prefix = schema::cluster_term("");
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        if (it.get_termfreq() < 2) {
            continue;
        }
        DuplicateCluster cluster;
        cluster.key = (*it).substr(prefix.size());
        cluster.articles = collect_cluster_articles(db, cluster.key, 0);
        clusters.push_back(std::move(cluster));
    }
    return clusters;
}

std::vector<Article> collect_cluster_articles(const Xapian::Database& db, const std::string& key, Xapian::docid except)
{
    std::vector<Article> articles;
    const std::string term = schema::cluster_term(key);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        if (*it != except) {
            articles.push_back(schema::read_stored_article(db.get_document(*it)));
        }
    }
    return articles;
}

} // namespace dateline
