#include "common/search/copy_clusters.h"

#include "common/index/schema.h"

namespace dateline {

std::vector<DuplicateCluster> collect_duplicate_clusters(const Xapian::Database& db)
{
    std::vector<DuplicateCluster> clusters;
    const std::string prefix = schema::cluster_term("");
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        if (it.get_termfreq() < 2) {
            continue;
        }
        DuplicateCluster cluster;
        cluster.key = schema::classify_term(*it).text;
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
