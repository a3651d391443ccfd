// Counts facet values (source, section, tag, year, month) of the documents a match looks at,
// as a Xapian MatchSpy, and turns the counts into the Facets of a response. The buckets and
// their normalisation are facets.h's.
#pragma once

#include "common/facets.h"

#include <xapian.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace dateline {

class FacetCounter : public Xapian::MatchSpy {
public:
    /// `count_facets`: count values (else only documents); `count_months`: also count months
    /// (when the request keeps one year only); `collapse_copies`: the results collapse
    /// syndicated copies, so a bucket counts the groups of copies with at least one article of
    /// that value (what a click on it shows), not the articles.
    FacetCounter(bool count_facets, bool count_months, bool collapse_copies = false)
        : m_count_facets(count_facets), m_count_months(count_months), m_collapse_copies(collapse_copies)
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

private:
    // Adds one to `counts[value]` unless this group of copies was already counted there
    // (defined and used in facet_counter.cpp only).
    template <typename Counts>
    void count(std::string_view facet, const std::string& value, const std::string& group, Counts& counts);
    bool first_in_group(std::string_view facet, const std::string& value, const std::string& group);

    bool m_count_facets;
    bool m_count_months;
    bool m_collapse_copies;
    std::size_t m_seen = 0;
    std::unordered_set<std::string> m_groups_seen;  // groups of copies seen (collapse_copies only)
    std::unordered_set<std::string> m_group_values; // facet, value and group already counted
    // Raw spellings; merged into normalised buckets once, at the end.
    std::unordered_map<std::string, std::size_t> m_sources;
    std::unordered_map<std::string, std::size_t> m_sections;
    std::unordered_map<std::string, std::size_t> m_tags;
    std::map<std::string, std::size_t> m_years;  // "YYYY", "" when undated
    std::map<std::string, std::size_t> m_months; // "YYYY-MM", "" when undated
};

} // namespace dateline
