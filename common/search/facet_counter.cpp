#include "common/search/facet_counter.h"

#include "common/index/schema.h"

#include <cmath>
#include <algorithm>
#include <map>
#include <vector>

namespace dateline {
namespace {

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

std::uint64_t FacetCounter::count(std::string_view facet, std::string_view value, const Counted& counted,
                                  Buckets& buckets)
{
    auto it = buckets.find(value);
    if (it == buckets.end()) {
        it = buckets.emplace(std::string(value), Bucket{0, facet_bucket_key(facet, value)}).first;
    }
    Bucket& bucket = it->second;
    if (!m_collapse_copies || counted.lone || m_group_values.insert(mix(bucket.key ^ mix(counted.group)))) {
        bucket.count += counted.times;
    }
    return bucket.key;
}

void FacetCounter::count_spelling(std::uint32_t id, std::uint64_t group, bool lone)
{
    if (!m_collapse_copies || lone || m_group_values.insert(mix(m_table->spelling_key(id) ^ mix(group)))) {
        ++m_spelling_counts[id];
    }
}

void FacetCounter::count_tabled(Xapian::docid docid, std::uint64_t group, bool lone)
{
    const std::uint32_t value = m_table->value_id(docid);
    for (const std::uint32_t id : m_table->spellings(value)) {
        count_spelling(id, group, lone);
    }
    if (m_count_months) {
        count_spelling(m_table->month_spelling(value), group, lone);
    }
}

std::map<std::string, std::size_t> FacetCounter::ordered(FacetKind kind, const Buckets& buckets) const
{
    std::map<std::string, std::size_t> counts;
    for (const auto& [value, bucket] : buckets) {
        counts[value] += bucket.count;
    }
    for (std::uint32_t id = 0; id < m_spelling_counts.size(); ++id) {
        if (m_spelling_counts[id] != 0 && m_table->spelling(id).kind == kind) {
            counts[m_table->spelling(id).value] += m_spelling_counts[id];
        }
    }
    return counts;
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
    if (tabled) {
        // A group no other document shares is counted, never remembered.
        const bool lone = m_collapse_copies && !m_table->group_shared(docid);
        if (m_collapse_copies) {
            group = m_table->group(docid);
            m_lone_groups += lone ? 1 : 0;
            if (!lone) {
                m_groups_seen.insert(group);
            }
        }
        count_tabled(docid, group, lone);
        return;
    }
    if (m_collapse_copies) {
        group = copy_group(doc.get_value(schema::k_slot_cluster), docid);
        m_groups_seen.insert(group);
    }
    // One dense slot holds every facet value (schema.h says why).
    count_values(doc.get_value(schema::k_slot_facets), Counted{group, 1, false});
}

void FacetCounter::count_values(std::string_view stored, const Counted& counted)
{
    const schema::FacetValueViews values = schema::decode_facet_values(stored);
    if (!values.source.empty()) {
        count("source", values.source, counted, m_sources);
    }
    if (!values.section.empty()) {
        count("section", values.section, counted, m_sections);
    }
    // One article counts once per bucket, even when it spells a tag two ways.
    std::vector<std::uint64_t> tag_buckets;
    for (const std::string_view tag : values.tags) {
        const auto bucket = m_tags.find(tag);
        if (bucket != m_tags.end() &&
            std::find(tag_buckets.begin(), tag_buckets.end(), bucket->second.key) != tag_buckets.end()) {
            continue;
        }
        tag_buckets.push_back(count("tag", tag, counted, m_tags));
    }
    const std::string_view date = values.date; // "YYYYMMDD" or ""
    count("year", date.substr(0, 4), counted, m_years);
    if (m_count_months) {
        char month[7] = {};
        if (date.size() >= 6) {
            std::copy_n(date.begin(), 4, month);
            month[4] = '-';
            std::copy_n(date.begin() + 4, 2, month + 5);
        }
        count("month", std::string_view(month, date.size() >= 6 ? 7 : 0), counted, m_months);
    }
}

void FacetCounter::add_lone_documents(std::string_view stored, std::size_t times)
{
    m_seen += times;
    if (!m_count_facets || times == 0) {
        return;
    }
    if (m_collapse_copies) {
        m_lone_groups += times;
    }
    count_values(stored, Counted{0, times, true});
}

void FacetCounter::add_grouped_document(std::string_view stored, std::string_view cluster_key)
{
    ++m_seen;
    if (!m_count_facets) {
        return;
    }
    const std::uint64_t group = copy_group(cluster_key, 0);
    if (m_collapse_copies) {
        m_groups_seen.insert(group);
    }
    count_values(stored, Counted{group, 1, false});
}

Facets FacetCounter::facets(bool saw_all, Xapian::doccount matches_estimated) const
{
    Facets facets;
    facets.source = merge_facet_spellings(ordered(FacetKind::source, m_sources), k_max_facet_buckets);
    facets.section = merge_facet_spellings(ordered(FacetKind::section, m_sections), k_max_facet_buckets);
    facets.tag = merge_facet_spellings(ordered(FacetKind::tag, m_tags), k_max_facet_buckets);
    facets.year = calendar_buckets(ordered(FacetKind::year, m_years));
    if (m_count_months) {
        facets.month = calendar_buckets(ordered(FacetKind::month, m_months));
    }
    facets.exact = saw_all;
    // Scaled by what the buckets count: groups of copies when collapsing, else articles.
    const std::size_t counted = m_collapse_copies ? groups_seen() : m_seen;
    if (!saw_all && counted > 0) {
        const double factor = static_cast<double>(matches_estimated) / static_cast<double>(counted);
        for (auto* buckets : {&facets.source, &facets.section, &facets.tag, &facets.year, &facets.month}) {
            scale(*buckets, factor);
        }
    }
    return facets;
}

} // namespace dateline
