#include "common/facet_counter.h"

#include "common/schema.h"

#include <cmath>
#include <set>
#include <vector>

namespace dateline {
namespace {

std::map<std::string, std::size_t> to_ordered(const std::unordered_map<std::string, std::size_t>& counts)
{
    return {counts.begin(), counts.end()};
}

// Years and months in calendar order, the undated bucket last.
std::vector<FacetBucket> calendar_buckets(const std::map<std::string, std::size_t>& counts)
{
    std::vector<FacetBucket> buckets;
    for (const auto& [value, count] : counts) {
        if (!value.empty()) {
            buckets.push_back({value, count});
        }
    }
    if (const auto undated = counts.find(""); undated != counts.end()) {
        buckets.push_back({std::string(k_undated_bucket), undated->second});
    }
    return buckets;
}

void scale(std::vector<FacetBucket>& buckets, double factor)
{
    for (FacetBucket& bucket : buckets) {
        bucket.count = static_cast<std::size_t>(std::llround(static_cast<double>(bucket.count) * factor));
    }
}

} // namespace

bool FacetCounter::first_in_group(std::string_view facet, const std::string& value, const std::string& group)
{
    if (!m_collapse_copies) {
        return true;
    }
    std::string key(facet);
    key += '\x1F';
    key += normalize_facet_value(value);
    key += '\x1F';
    key += group;
    return m_group_values.insert(std::move(key)).second;
}

template <typename Counts>
void FacetCounter::count(std::string_view facet, const std::string& value, const std::string& group, Counts& counts)
{
    if (first_in_group(facet, value, group)) {
        ++counts[value];
    }
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/)
{
    ++m_seen;
    if (!m_count_facets) {
        return;
    }
    // The group of copies this article belongs to; an article without a cluster key is its own.
    std::string group;
    if (m_collapse_copies) {
        group = doc.get_value(schema::k_slot_cluster);
        if (group.empty()) {
            group = "#" + std::to_string(doc.get_docid());
        }
        m_groups_seen.insert(group);
    }
    // One dense slot holds every facet value (schema.h says why).
    const schema::FacetValues values = schema::decode_facet_values(doc.get_value(schema::k_slot_facets));
    if (!values.source.empty()) {
        count("source", values.source, group, m_sources);
    }
    if (!values.section.empty()) {
        count("section", values.section, group, m_sections);
    }
    if (values.tags.size() == 1) {
        count("tag", values.tags.front(), group, m_tags);
    } else if (!values.tags.empty()) {
        // One article counts once per bucket, even when it spells a tag two ways.
        std::set<std::string> seen;
        for (const std::string& tag : values.tags) {
            if (seen.insert(normalize_facet_value(tag)).second) {
                count("tag", tag, group, m_tags);
            }
        }
    }
    const std::string& date = values.date; // "YYYYMMDD" or ""
    count("year", date.substr(0, 4), group, m_years);
    if (m_count_months) {
        count("month", date.empty() ? std::string() : date.substr(0, 4) + "-" + date.substr(4, 2), group, m_months);
    }
}

Facets FacetCounter::facets(bool saw_all, Xapian::doccount matches_estimated) const
{
    Facets facets;
    facets.source = merge_facet_spellings(to_ordered(m_sources), k_max_facet_buckets);
    facets.section = merge_facet_spellings(to_ordered(m_sections), k_max_facet_buckets);
    facets.tag = merge_facet_spellings(to_ordered(m_tags), k_max_facet_buckets);
    facets.year = calendar_buckets(m_years);
    if (m_count_months) {
        facets.month = calendar_buckets(m_months);
    }
    facets.exact = saw_all;
    // Scaled by what the buckets count: groups of copies when collapsing, else articles.
    const std::size_t counted = m_collapse_copies ? m_groups_seen.size() : m_seen;
    if (!saw_all && counted > 0) {
        const double factor = static_cast<double>(matches_estimated) / static_cast<double>(counted);
        for (auto* buckets : {&facets.source, &facets.section, &facets.tag, &facets.year, &facets.month}) {
            scale(*buckets, factor);
        }
    }
    return facets;
}

} // namespace dateline
