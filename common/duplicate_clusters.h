// Cluster keys of syndicated copies in the database: the key an article gets at index time
// (from the near-duplicate rule of near_duplicates.h over the articles already indexed) and
// the clusters as stored. Reads the database; the indexer writes keys through schema.h.
#pragma once

#include "common/article.h"
#include "common/near_duplicates.h"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dateline {

/// The cluster key for `article` (fingerprint `fingerprint`) about to be written to `db`: the
/// key of the most similar article already in `db` that is a near-duplicate of it (the
/// candidates are those sharing a MinHash band), else a new key made from its id and text.
/// Re-indexing an unchanged article keeps its key.
/// @exception Xapian::Error when the database cannot be read.
std::string assign_cluster_key(const Xapian::Database& db, const Article& article, const BodyFingerprint& fingerprint);

/// The key an article gets when it is nobody's copy: a fingerprint of its id, title and body.
std::string default_cluster_key(const Article& article);

/// Fingerprints of stored documents by document id, recomputed on a miss; forgets everything
/// when full (bounded memory).
class FingerprintCache {
public:
    explicit FingerprintCache(std::size_t capacity) : m_capacity(capacity == 0 ? 1 : capacity) {}
    /// The fingerprint of `doc` (document `docid`), or nullopt when its record cannot be read.
    std::optional<BodyFingerprint> get(Xapian::docid docid, const Xapian::Document& doc);

private:
    std::size_t m_capacity;
    std::unordered_map<Xapian::docid, std::optional<BodyFingerprint>> m_entries;
};

/// A document and the earlier document whose cluster it joins.
struct EarlierCopy {
    Xapian::docid docid = 0;
    Xapian::docid copy_of = 0;
};

/// For each document of `db` in [first, end), the earlier document (lower id) that
/// assign_cluster_key would have taken the key of, had the documents been added one by one in
/// document order: the most similar near-duplicate sharing a band. Documents with no such copy
/// are left out. Read-only, so several threads can each take a range (each with its own `db`).
/// @exception Xapian::Error when the database cannot be read.
std::vector<EarlierCopy> find_earlier_copies(const Xapian::Database& db, Xapian::docid first, Xapian::docid end,
                                             std::size_t cache_capacity);

/// Every cluster of `db` with more than one article, in key order.
/// @exception Xapian::Error when the database cannot be read.
std::vector<DuplicateCluster> collect_duplicate_clusters(const Xapian::Database& db);

/// The articles of cluster `key`, in document order, without the one with document id `except`.
/// @exception Xapian::Error when the database cannot be read.
std::vector<Article> collect_cluster_articles(const Xapian::Database& db, const std::string& key, Xapian::docid except);

} // namespace dateline
