// Facets of a result set: the buckets shown beside the hits (source, section, tag, year, month)
// and the merging of spellings that makes "Business" and " business" one bucket (the key is the
// schema's, as filters use it). Pure types and functions; the counting during a match lives in
// facet_counter.h.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

/// The bucket name of years and months for articles without a date.
inline constexpr std::string_view k_undated_bucket = "undated";

/// Facet counts are exact when the query matches at most this many articles; beyond it they
/// are estimated from the first this-many matches the matcher looked at, scaled to the total.
inline constexpr std::size_t k_facet_exact_limit = 5000;

/// At most this many buckets per facet are returned (the largest; years and months all).
inline constexpr std::size_t k_max_facet_buckets = 20;

struct FacetBucket {
    std::string value; // as displayed: the most common spelling among the counted articles
    std::size_t count = 0;

    bool operator==(const FacetBucket&) const = default;
};

struct Facets {
    bool exact = true;
    std::vector<FacetBucket> source;  // largest first
    std::vector<FacetBucket> section; // largest first
    std::vector<FacetBucket> tag;     // largest first
    std::vector<FacetBucket> year;    // "1987", "1988", …, then "undated"
    std::vector<FacetBucket> month;   // "1987-01", …, then "undated"; only when one year is chosen
};

/// Counts of raw spellings of one facet, merged into buckets: spellings with the same
/// schema::normalize_facet_value become one bucket named after the most common spelling (ties:
/// the one that sorts first). Buckets come largest first (ties by name) and at most `limit` of them.
std::vector<FacetBucket> merge_facet_spellings(const std::map<std::string, std::size_t>& spellings, std::size_t limit);

} // namespace dateline
