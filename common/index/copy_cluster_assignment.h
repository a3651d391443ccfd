// The write half of copy clusters: the cluster key an article gets at index time (from the
// near-duplicate rule of near_duplicates.h over the articles already indexed), merging clusters
// its copies link, and the pass that links copies across partial databases. Used by the
// indexers only; the read half (listing clusters, an article's copies) is search/copy_clusters.h.
#pragma once

#include "common/article.h"
#include "common/index/near_duplicates.h"

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace dateline {

/// Where a new article goes among the clusters of syndicated copies.
struct ClusterAssignment {
    std::string key;                 // the article's cluster key
    std::vector<std::string> merged; // other clusters it is a copy of: their articles join `key`
};

/// How much of the database copy detection reads for one article. Bounded, so that thousands of
/// look-alike articles (template notices, tiny files) do not make indexing quadratic: the rarest
/// bands are read whole, a crowded band only over its most recent documents (copies of one story
/// usually arrive close together), and the candidates sharing most bands are compared.
struct CopySearchLimits {
    std::size_t max_candidates = 32;
    Xapian::doccount posting_budget = 4096; // band postings read per article
};

/// The cluster for `article` (fingerprint `fingerprint`) about to be written to `db`: that of
/// the most similar article already in `db` that is a near-duplicate of it (the candidates are
/// those sharing a MinHash band), else a new key made from its id and text. Copies of one story
/// that arrived before the article linking them (B is a copy of A and of C, but A and C were
/// not close enough to each other) end up in one cluster: the other clusters the article is a
/// copy of are listed in `merged`. Re-indexing an unchanged article keeps its key.
/// @exception Xapian::Error when the database cannot be read.
ClusterAssignment assign_cluster(const Xapian::Database& db, const Article& article, const BodyFingerprint& fingerprint,
                                 const CopySearchLimits& limits = {});

/// Moves every article of cluster `from` into cluster `to` (value slot and term).
/// @exception Xapian::Error when the database cannot be written.
void merge_cluster(Xapian::WritableDatabase& db, const std::string& from, const std::string& to);

/// The key an article gets when it is nobody's copy: a fingerprint of its title and body, so
/// that exact copies share it from the start (no rewrite when they are linked); of its id too
/// when the body is too short to have a fingerprint (`fingerprint` has no bands), since short
/// texts alike ("Untitled", an empty body) are not copies of one story.
std::string default_cluster_key(const Article& article, const BodyFingerprint& fingerprint);

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

/// A document and the earlier documents it is a near-duplicate of.
struct EarlierCopy {
    Xapian::docid docid = 0;
    Xapian::docid copy_of = 0;          // the most similar: its cluster is the document's
    std::vector<Xapian::docid> copies;  // all of them (copy_of too): their clusters merge into it
};

/// For each document of `db` in [first, end), what assign_cluster would have found had the
/// documents been added one by one in document order: the earlier near-duplicates sharing a
/// band and the most similar of them. A document with an earlier exact copy (same title and
/// body, found through their shared default key) gets that copy alone: whatever the copy was a
/// near-duplicate of, the document is too, and those clusters were joined when the copy was
/// linked. Documents with no earlier copy are left out. Read-only,
/// so several threads can each take a range (each with its own `db`).
/// @exception Xapian::Error when the database cannot be read.
std::vector<EarlierCopy> find_earlier_copies(const Xapian::Database& db, Xapian::docid first, Xapian::docid end,
                                             std::size_t cache_capacity);

} // namespace dateline
