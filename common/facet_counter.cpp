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

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/)
{
    ++m_seen;
    if (!m_count_facets) {
        return;
    }
    if (std::string source = doc.get_value(schema::k_slot_source); !source.empty()) {
        ++m_sources[std::move(source)];
    }
    if (std::string section = doc.get_value(schema::k_slot_section); !section.empty()) {
        ++m_sections[std::move(section)];
    }
    if (const std::string tags = doc.get_value(schema::k_slot_tags); !tags.empty()) {
        const std::vector<std::string> list = schema::decode_tags_value(tags);
        if (list.size() == 1) {
            ++m_tags[list.front()];
        } else {
            // One article counts once per bucket, even when it spells a tag two ways.
            std::set<std::string> seen;
            for (const std::string& tag : list) {
                if (seen.insert(normalize_facet_value(tag)).second) {
                    ++m_tags[tag];
                }
            }
        }
    }
    const std::string date = doc.get_value(schema::k_slot_date); // "YYYYMMDD" or ""
    ++m_years[date.substr(0, 4)];
    if (m_count_months) {
        ++m_months[date.empty() ? std::string() : date.substr(0, 4) + "-" + date.substr(4, 2)];
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
    if (!saw_all && m_seen > 0) {
        const double factor = static_cast<double>(matches_estimated) / static_cast<double>(m_seen);
        for (auto* buckets : {&facets.source, &facets.section, &facets.tag, &facets.year, &facets.month}) {
            scale(*buckets, factor);
        }
    }
    return facets;
}

} // namespace dateline
