#include "common/search/facet_counter.h"

#include "common/index/schema.h"

#include <cmath>
#include <algorithm>
#include <map>
#include <vector>

namespace dateline {
namespace {

template <typename Buckets>
std::map<std::string, std::size_t> to_ordered(const Buckets& buckets)
{
    std::map<std::string, std::size_t> counts;
    for (const auto& [value, bucket] : buckets) {
        counts.emplace(value, bucket.count);
    }
    return counts;
}

std::uint64_t mix(std::uint64_t x)
{
    // splitmix64's finaliser
    x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31U);
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

bool FacetCounter::HashSet::insert(std::uint64_t hash)
{
    hash |= hash == 0 ? 1 : 0; // 0 marks an empty slot
    if (2 * (m_size + 1) > m_slots.size()) {
        // Grows fourfold: rehashing was a tenth of counting 5,000 matches when it doubled.
        std::vector<std::uint64_t> old(std::max<std::size_t>(1024, 4 * m_slots.size()), 0);
        old.swap(m_slots);
        m_size = 0;
        for (const std::uint64_t kept : old) {
            if (kept != 0) {
                insert(kept);
            }
        }
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        if (m_slots[slot] == hash) {
            return false;
        }
        if (m_slots[slot] == 0) {
            m_slots[slot] = hash;
            ++m_size;
            return true;
        }
    }
}

std::uint64_t FacetCounter::count(std::string_view facet, std::string_view value, std::uint64_t group,
                                  Buckets& buckets)
{
    auto it = buckets.find(value);
    if (it == buckets.end()) {
        std::string key(facet);
        key += '\x1F';
        key += schema::normalize_facet_value(value);
        it = buckets.emplace(std::string(value), Bucket{0, std::hash<std::string>{}(key)}).first;
    }
    Bucket& bucket = it->second;
    if (!m_collapse_copies || m_group_values.insert(mix(bucket.key ^ mix(group)))) {
        ++bucket.count;
    }
    return bucket.key;
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*weight*/)
{
    ++m_seen;
    if (!m_count_facets) {
        return;
    }
    const Xapian::docid docid = doc.get_docid();
    const bool tabled = m_table != nullptr && m_table->covers(docid);
    // The group of copies this article belongs to; an article without a cluster key is its own.
    std::uint64_t group = 0;
    if (m_collapse_copies) {
        group = tabled ? m_table->group(docid) : copy_group(doc.get_value(schema::k_slot_cluster), docid);
        m_groups_seen.insert(group);
    }
    // One dense slot holds every facet value (schema.h says why).
    std::string stored;
    if (!tabled) {
        stored = doc.get_value(schema::k_slot_facets);
    }
    const schema::FacetValueViews values = schema::decode_facet_values(tabled ? m_table->facet_values(docid) : stored);
    if (!values.source.empty()) {
        count("source", values.source, group, m_sources);
    }
    if (!values.section.empty()) {
        count("section", values.section, group, m_sections);
    }
    // One article counts once per bucket, even when it spells a tag two ways.
    std::vector<std::uint64_t> tag_buckets;
    for (const std::string_view tag : values.tags) {
        const auto bucket = m_tags.find(tag);
        if (bucket != m_tags.end() &&
            std::find(tag_buckets.begin(), tag_buckets.end(), bucket->second.key) != tag_buckets.end()) {
            continue;
        }
        tag_buckets.push_back(count("tag", tag, group, m_tags));
    }
    const std::string_view date = values.date; // "YYYYMMDD" or ""
    count("year", date.substr(0, 4), group, m_years);
    if (m_count_months) {
        char month[7] = {};
        if (date.size() >= 6) {
            std::copy_n(date.begin(), 4, month);
            month[4] = '-';
            std::copy_n(date.begin() + 4, 2, month + 5);
        }
        count("month", std::string_view(month, date.size() >= 6 ? 7 : 0), group, m_months);
    }
}

Facets FacetCounter::facets(bool saw_all, Xapian::doccount matches_estimated) const
{
    Facets facets;
    facets.source = merge_facet_spellings(to_ordered(m_sources), k_max_facet_buckets);
    facets.section = merge_facet_spellings(to_ordered(m_sections), k_max_facet_buckets);
    facets.tag = merge_facet_spellings(to_ordered(m_tags), k_max_facet_buckets);
    facets.year = calendar_buckets(to_ordered(m_years));
    if (m_count_months) {
        facets.month = calendar_buckets(to_ordered(m_months));
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
