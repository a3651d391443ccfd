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
    }

    void operator()(const Xapian::Document& doc, double weight) override;

    /// The facets of the documents seen (Xapian calls the spy before it collapses copies, so the
    /// counter collapses them itself when asked to). `saw_all`: the match looked at every
    /// matching document (it saw fewer than it was asked to check at least), so the counts are
    /// exact; otherwise they are scaled up to `matches_estimated` and marked inexact.
    [[nodiscard]] Facets facets(bool saw_all, Xapian::doccount matches_estimated) const;

    /// Documents the match looked at, copies included.
    [[nodiscard]] std::size_t documents_seen() const { return m_seen; }

    /// Groups of copies among them (collapse_copies and count_facets only; else 0).
    [[nodiscard]] std::size_t groups_seen() const { return m_groups_seen.size(); }

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

    // Adds one to the bucket of `value` unless this group of copies was already counted in its
    // normalised bucket; returns the bucket's key.
    std::uint64_t count(std::string_view facet, std::string_view value, std::uint64_t group, Buckets& buckets);

    bool m_count_facets;
    bool m_count_months;
    bool m_collapse_copies;
    const FacetTable* m_table;
    std::size_t m_seen = 0;
    HashSet m_groups_seen;  // groups of copies seen (collapse_copies only)
    HashSet m_group_values; // bucket keys mixed with groups already counted
    // Raw spellings; merged into normalised buckets once, at the end.
    Buckets m_sources;
    Buckets m_sections;
    Buckets m_tags;
    Buckets m_years;  // "YYYY", "" when undated
    Buckets m_months; // "YYYY-MM", "" when undated
};

} // namespace dateline
