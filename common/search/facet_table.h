// The facet values and copy group of every document of one database revision, read once from
// their value streams and kept in memory, so that counting facets over thousands of matches does
// not decode values document by document (that was a third of an uncached search). Owns the
// cache of the current table; the counting is facet_counter.h's.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The group of syndicated copies a document belongs to, for counting: the hash of its cluster
/// key, or a value of its own when it has none.
std::uint64_t copy_group(std::string_view cluster_key, Xapian::docid docid);

/// One revision's facet values and copy groups, by document id. Immutable once built.
class FacetTable {
public:
    /// Reads the value streams of `db` (sequentially: 21,268 articles in a few milliseconds).
    /// @exception Xapian::Error when the database cannot be read.
    explicit FacetTable(const Xapian::Database& db);

    /// Whether the table has document `docid` (ids above the last one at build time do not).
    [[nodiscard]] bool covers(Xapian::docid docid) const { return docid < m_groups.size(); }
    /// The k_slot_facets value of `docid` ("" when it has none); covers(docid) must hold.
    [[nodiscard]] std::string_view facet_values(Xapian::docid docid) const { return m_values[m_value_ids[docid]]; }
    /// copy_group() of `docid`; covers(docid) must hold.
    [[nodiscard]] std::uint64_t group(Xapian::docid docid) const { return m_groups[docid]; }

private:
    std::vector<std::uint64_t> m_groups;    // by docid
    std::vector<std::uint32_t> m_value_ids; // by docid: index into m_values
    std::vector<std::string> m_values;      // distinct facet values; [0] is ""
};

/// The table of the database revision a search reads, built on the first request after a
/// commit and shared by the requests on that revision (thread-safe).
class FacetTableCache {
public:
    /// The table for `db` as it is now open (same uuid and revision), building it if needed;
    /// null when `db` is several databases, or when `db` is older than the table (a request
    /// leased before a commit): values are then read per document. A backend without revisions
    /// (Xapian::InMemory) gets a table built afresh and kept by nobody.
    /// @exception Xapian::Error when the database cannot be read.
    std::shared_ptr<const FacetTable> get(const Xapian::Database& db);

private:
    std::mutex m_mutex; // held while building: the other requests wait rather than build too
    std::string m_uuid;
    Xapian::rev m_revision = 0;
    std::shared_ptr<const FacetTable> m_table;
};

} // namespace dateline
