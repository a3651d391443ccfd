// Counts facet values (source, section, tag, year, month) of the documents a match looks at,
// as a Xapian MatchSpy, and turns the counts into the Facets of a response. The buckets and
// their normalisation are facets.h's.
#pragma once

#include "common/facets.h"

#include <xapian.h>

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>

namespace dateline {

class FacetCounter : public Xapian::MatchSpy {
public:
    /// `count_facets`: count values (else only documents); `count_months`: also count months
    /// (when the request keeps one year only).
    FacetCounter(bool count_facets, bool count_months) : m_count_facets(count_facets), m_count_months(count_months)
    {
    }

    void operator()(const Xapian::Document& doc, double weight) override;

    /// The facets of the documents seen. Syndicated copies count (collapsing happens after the
    /// spy). `saw_all`: the match looked at every matching document (it saw fewer than it was
    /// asked to check at least), so the counts are exact; otherwise they are scaled up to
    /// `matches_estimated` and marked inexact.
    [[nodiscard]] Facets facets(bool saw_all, Xapian::doccount matches_estimated) const;

    /// Documents the match looked at, copies included.
    [[nodiscard]] std::size_t documents_seen() const { return m_seen; }

private:
    bool m_count_facets;
    bool m_count_months;
    std::size_t m_seen = 0;
    // Raw spellings; merged into normalised buckets once, at the end.
    std::unordered_map<std::string, std::size_t> m_sources;
    std::unordered_map<std::string, std::size_t> m_sections;
    std::unordered_map<std::string, std::size_t> m_tags;
    std::map<std::string, std::size_t> m_years;  // "YYYY", "" when undated
    std::map<std::string, std::size_t> m_months; // "YYYY-MM", "" when undated
};

} // namespace dateline
