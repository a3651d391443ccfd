// Cluster keys of syndicated copies in the database: the key an article gets at index time
// (from the near-duplicate rule of near_duplicates.h over the articles already indexed) and
// the clusters as stored. Reads the database; the indexer writes keys through schema.h.
#pragma once

#include "common/article.h"
#include "common/near_duplicates.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace dateline {

/// The cluster key for `article` (fingerprint `fingerprint`) about to be written to `db`: the
/// key of the most similar article already in `db` that is a near-duplicate of it (the
/// candidates are those sharing a MinHash band), else a new key made from its id and text.
/// Re-indexing an unchanged article keeps its key.
/// @exception Xapian::Error when the database cannot be read.
std::string assign_cluster_key(const Xapian::Database& db, const Article& article, const BodyFingerprint& fingerprint);

/// Every cluster of `db` with more than one article, in key order.
/// @exception Xapian::Error when the database cannot be read.
std::vector<DuplicateCluster> collect_duplicate_clusters(const Xapian::Database& db);

/// The articles of cluster `key`, in document order, without the one with document id `except`.
/// @exception Xapian::Error when the database cannot be read.
std::vector<Article> collect_cluster_articles(const Xapian::Database& db, const std::string& key, Xapian::docid except);

} // namespace dateline
