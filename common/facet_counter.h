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
    /// `count_months`: also count months (when the request keeps one year only).
    explicit FacetCounter(bool count_months) : m_count_months(count_months) {}

    void operator()(const Xapian::Document& doc, double weight) override;

    /// The facets of the documents seen. When the match saw fewer documents than it estimates
    /// (`matches_estimated`), counts are scaled up to it and marked inexact.
    [[nodiscard]] Facets facets(Xapian::doccount matches_estimated) const;

    [[nodiscard]] std::size_t documents_seen() const { return m_seen; }

private:
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
