// The read half of copy clusters: the clusters of syndicated copies as the indexer stored them
// (schema.h's cluster terms) and the copies of one article. Reads only; the keys are assigned
// by index/copy_cluster_assignment.h, which the read side never includes.
#pragma once

#include "common/article.h"
#include "common/search/search_response.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace dateline {

/// Every cluster of `db` with more than one article, in key order.
/// @exception Xapian::Error when the database cannot be read.
std::vector<DuplicateCluster> collect_duplicate_clusters(const Xapian::Database& db);

/// The articles of cluster `key`, in document order, without the one with document id `except`.
/// @exception Xapian::Error when the database cannot be read.
std::vector<Article> collect_cluster_articles(const Xapian::Database& db, const std::string& key, Xapian::docid except);

} // namespace dateline
