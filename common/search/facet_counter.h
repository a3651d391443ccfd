// Counts facet values (source, section, tag, year, month) of the documents a match looks at,
// as a Xapian MatchSpy, and turns the counts into the Facets of a response. The buckets and
// their normalisation are facets.h's.
#pragma once

#include "common/search/facet_table.h"
#include "common/search/facets.h"

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace dateline {

class FacetCounter : public Xapian::MatchSpy {
public:
    /// `count_facets`: count values (else only documents); `count_months`: also count months
    /// (when the request keeps one year only); `collapse_copies`: the results collapse
    /// syndicated copies, so a bucket counts the groups of copies with at least one article of
    /// that value (what a click on it shows), not the articles.
    /// `table`, when given, holds the values of the revision the match runs on (documents it
    /// does not cover are read from the document).
    FacetCounter(bool count_facets, bool count_months, bool collapse_copies = false,
                 const FacetTable* table = nullptr)
        : m_count_facets(count_facets), m_count_months(count_months), m_collapse_copies(collapse_copies), m_table(table)
    {
        if (m_table != nullptr && m_count_facets) {
            m_spelling_counts.assign(m_table->spelling_count(), 0);
        }
    }

    void operator()(const Xapian::Document& doc, double weight) override;

    /// The facets of the documents seen (Xapian calls the spy before it collapses copies, so the
    /// counter collapses them itself when asked to). `saw_all`: the match looked at every
    /// matching document (it saw fewer than it was asked to check at least), so the counts are
    /// exact; otherwise they are scaled up to `matches_estimated` and marked inexact.
    [[nodiscard]] Facets facets(bool saw_all, Xapian::doccount matches_estimated) const;

    /// Counts `times` documents with the k_slot_facets value `stored` none of which shares its
    /// group of copies with another match: what a Xapian::ValueCountMatchSpy reports over
    /// remote shards, where this spy cannot run (issue 18).
    void add_lone_documents(std::string_view stored, std::size_t times);
    /// Counts one document with the k_slot_facets value `stored` of the group of copies
    /// `cluster_key` (not empty), which other matches share.
    void add_grouped_document(std::string_view stored, std::string_view cluster_key);

    /// Documents the match looked at, copies included.
    [[nodiscard]] std::size_t documents_seen() const { return m_seen; }

    /// Groups of copies among them (collapse_copies and count_facets only; else 0).
    [[nodiscard]] std::size_t groups_seen() const { return m_groups_seen.size() + m_lone_groups; }

private:
    // A raw spelling's count, and the hash of its facet and normalised value (computed once per
    // spelling: a match shows thousands of documents but only a few dozen spellings).
    struct Bucket {
        std::size_t count = 0;
        std::uint64_t key = 0;
    };
    struct SpellingHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    using Buckets = std::unordered_map<std::string, Bucket, SpellingHash, std::equal_to<>>;

    // A set of 64-bit hashes with open addressing: one probe per document and facet, no
    // allocation per insert (std::unordered_set's nodes cost more than the counting itself).
    class HashSet {
    public:
        bool insert(std::uint64_t hash);
        [[nodiscard]] std::size_t size() const { return m_size; }

    private:
        std::vector<std::uint64_t> m_slots; // 0: empty
        std::size_t m_size = 0;
    };

    // Documents counted at once: `times` of them, of `group` (lone: no other match shares it).
    struct Counted {
        std::uint64_t group = 0;
        std::size_t times = 1;
        bool lone = false;
    };
    // Adds to the bucket of `value` unless this group of copies was already counted in its
    // normalised bucket; returns the bucket's key.
    std::uint64_t count(std::string_view facet, std::string_view value, const Counted& counted, Buckets& buckets);
    // Counts the facet values of a k_slot_facets value.
    void count_values(std::string_view stored, const Counted& counted);
    // The same for a document the table covers: counts by spelling number, no decoding.
    // `lone`: no other document has the group, so its buckets need no remembering.
    void count_tabled(Xapian::docid docid, std::uint64_t group, bool lone);
    void count_spelling(std::uint32_t id, std::uint64_t group, bool lone);
    // A facet's raw spellings and their counts, from both kinds of counting.
    [[nodiscard]] std::map<std::string, std::size_t> ordered(FacetKind kind, const Buckets& buckets) const;

    bool m_count_facets;
    bool m_count_months;
    bool m_collapse_copies;
    const FacetTable* m_table;
    std::size_t m_seen = 0;
    HashSet m_groups_seen;  // groups of copies seen (collapse_copies only), but for lone ones
    std::size_t m_lone_groups = 0; // groups of one document (FacetTable::group_shared) seen
    HashSet m_group_values; // bucket keys mixed with groups already counted
    // Raw spellings; merged into normalised buckets once, at the end.
    Buckets m_sources;
    Buckets m_sections;
    Buckets m_tags;
    Buckets m_years;  // "YYYY", "" when undated
    Buckets m_months; // "YYYY-MM", "" when undated
    std::vector<std::uint32_t> m_spelling_counts; // by the table's spelling number
};

} // namespace dateline
