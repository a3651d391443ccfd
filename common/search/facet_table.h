// The facet values and copy group of every document of one database revision, read once from
// their value streams and kept in memory, so that counting facets over thousands of matches does
// not decode values document by document (that was a third of an uncached search). Owns the
// cache of the current table; the counting is facet_counter.h's. Each distinct value is also
// decoded once into its facet spellings, so a counter adds to a spelling's count by number.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The group of syndicated copies a document belongs to, for counting: the hash of its cluster
/// key, or a value of its own when it has none.
std::uint64_t copy_group(std::string_view cluster_key, Xapian::docid docid);

/// The hash a facet bucket is known by: of the facet's name and the value's normalised form
/// (schema::normalize_facet_value), so spellings of one value share it.
std::uint64_t facet_bucket_key(std::string_view facet, std::string_view value);

/// The facets a spelling can be of, in FacetCounter's order.
enum class FacetKind : std::uint8_t { source, section, tag, year, month };
inline constexpr std::size_t k_facet_kinds = 5;

/// One raw spelling of a facet value found in the table.
struct FacetSpelling {
    FacetKind kind = FacetKind::source;
    std::string value; // as stored; year "YYYY" and month "YYYY-MM", "" when undated
};

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
    /// Whether another document of the revision shares `docid`'s group (it has copies); a
    /// counter need not remember a group no other document can bring again. covers(docid) must hold.
    [[nodiscard]] bool group_shared(Xapian::docid docid) const { return m_shared[docid] != 0; }

    /// The number of `docid`'s facet value among the table's distinct values; covers(docid) must hold.
    [[nodiscard]] std::uint32_t value_id(Xapian::docid docid) const { return m_value_ids[docid]; }
    /// The spellings a document with value `value_id` counts in: its source and section (when
    /// set), its tags (one per bucket) and its year; months apart (month_spelling).
    [[nodiscard]] std::span<const std::uint32_t> spellings(std::uint32_t value_id) const
    {
        return {m_spelling_lists.data() + m_list_starts[value_id], m_list_starts[value_id + 1] - m_list_starts[value_id]};
    }
    /// The month spelling of value `value_id`.
    [[nodiscard]] std::uint32_t month_spelling(std::uint32_t value_id) const { return m_months[value_id]; }
    /// Spelling number `id`, its bucket key (facet_bucket_key), and how many spellings there are.
    [[nodiscard]] const FacetSpelling& spelling(std::uint32_t id) const { return m_spellings[id]; }
    [[nodiscard]] std::uint64_t spelling_key(std::uint32_t id) const { return m_spelling_keys[id]; }
    [[nodiscard]] std::size_t spelling_count() const { return m_spellings.size(); }

private:
    class SpellingIndex;
    void index_spellings();

    // Decoded values: spellings, their keys, and each value's list of spellings.
    std::vector<FacetSpelling> m_spellings;
    std::vector<std::uint64_t> m_spelling_keys;
    std::vector<std::uint32_t> m_spelling_lists; // the lists of all values, one after another
    std::vector<std::size_t> m_list_starts;      // by value id, one more than values: list bounds
    std::vector<std::uint32_t> m_months;         // by value id: month spelling

    std::vector<std::uint64_t> m_groups;    // by docid
    std::vector<std::uint8_t> m_shared;     // by docid: 1 when its group has other documents
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
