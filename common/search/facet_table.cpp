#include "common/search/facet_table.h"

#include "common/index/schema.h"

#include <algorithm>
#include <array>
#include <functional>
#include <unordered_map>

namespace dateline {

std::uint64_t copy_group(std::string_view cluster_key, Xapian::docid docid)
{
    return cluster_key.empty() ? (std::uint64_t{1} << 63U) | docid : std::hash<std::string_view>{}(cluster_key);
}

std::uint64_t facet_bucket_key(std::string_view facet, std::string_view value)
{
    std::string key(facet);
    key += '\x1F';
    key += schema::normalize_facet_value(value);
    return std::hash<std::string>{}(key);
}

// Numbers each (facet, spelling) pair the first time it is seen.
class FacetTable::SpellingIndex {
public:
    explicit SpellingIndex(FacetTable& table) : m_table(table) {}

    std::uint32_t id(FacetKind kind, std::string_view value)
    {
        std::string& key = m_key;
        key.assign(1, static_cast<char>(kind));
        key += value;
        const auto [it, added] = m_ids.try_emplace(key, static_cast<std::uint32_t>(m_table.m_spellings.size()));
        if (added) {
            static constexpr std::array<std::string_view, k_facet_kinds> names{"source", "section", "tag", "year",
                                                                               "month"};
            m_table.m_spellings.push_back({kind, std::string(value)});
            m_table.m_spelling_keys.push_back(facet_bucket_key(names[static_cast<std::size_t>(kind)], value));
        }
        return it->second;
    }

private:
    FacetTable& m_table;
    std::unordered_map<std::string, std::uint32_t> m_ids;
    std::string m_key;
};

// Decodes each distinct value once, as FacetCounter counted a document's value: source and
// section when set, each tag bucket once (its first spelling), the year (even undated).
void FacetTable::index_spellings()
{
    SpellingIndex index(*this);
    m_list_starts.reserve(m_values.size() + 1);
    m_months.reserve(m_values.size());
    for (const std::string& value : m_values) {
        const schema::FacetValueViews views = schema::decode_facet_values(value);
        m_list_starts.push_back(m_spelling_lists.size());
        const std::size_t start = m_spelling_lists.size();
        if (!views.source.empty()) {
            m_spelling_lists.push_back(index.id(FacetKind::source, views.source));
        }
        if (!views.section.empty()) {
            m_spelling_lists.push_back(index.id(FacetKind::section, views.section));
        }
        for (const std::string_view tag : views.tags) {
            const std::uint32_t id = index.id(FacetKind::tag, tag);
            const auto listed = m_spelling_lists.begin() + static_cast<std::ptrdiff_t>(start);
            if (std::none_of(listed, m_spelling_lists.end(),
                             [&](std::uint32_t other) { return m_spelling_keys[other] == m_spelling_keys[id]; })) {
                m_spelling_lists.push_back(id);
            }
        }
        const std::string_view date = views.date; // "YYYYMMDD" or ""
        m_spelling_lists.push_back(index.id(FacetKind::year, date.substr(0, 4)));
        std::string month;
        if (date.size() >= 6) {
            month = std::string(date.substr(0, 4)) + '-' + std::string(date.substr(4, 2));
        }
        m_months.push_back(index.id(FacetKind::month, month));
    }
    m_list_starts.push_back(m_spelling_lists.size());
}

FacetTable::FacetTable(const Xapian::Database& db)
{
    const std::size_t size = static_cast<std::size_t>(db.get_lastdocid()) + 1;
    m_groups.resize(size);
    for (Xapian::docid docid = 1; docid < size; ++docid) {
        m_groups[docid] = copy_group({}, docid);
    }
    for (auto it = db.valuestream_begin(schema::k_slot_cluster); it != db.valuestream_end(schema::k_slot_cluster); ++it) {
        m_groups[it.get_docid()] = copy_group(*it, it.get_docid());
    }
    std::unordered_map<std::uint64_t, std::uint32_t> members;
    for (Xapian::docid docid = 1; docid < size; ++docid) {
        ++members[m_groups[docid]];
    }
    m_shared.assign(size, 0);
    for (Xapian::docid docid = 1; docid < size; ++docid) {
        m_shared[docid] = members[m_groups[docid]] > 1 ? 1 : 0;
    }
    m_value_ids.assign(size, 0);
    m_values.emplace_back();
    std::unordered_map<std::string, std::uint32_t> ids{{std::string(), 0}};
    for (auto it = db.valuestream_begin(schema::k_slot_facets); it != db.valuestream_end(schema::k_slot_facets); ++it) {
        const auto [known, added] = ids.try_emplace(*it, static_cast<std::uint32_t>(m_values.size()));
        if (added) {
            m_values.push_back(known->first);
        }
        m_value_ids[it.get_docid()] = known->second;
    }
    index_spellings();
}

std::shared_ptr<const FacetTable> FacetTableCache::get(const Xapian::Database& db)
{
    std::string uuid;
    Xapian::rev revision = 0;
    try {
        uuid = db.get_uuid();
        revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
        return nullptr; // several databases at once: no single revision to key a table by
    } catch (const Xapian::UnimplementedError&) {
        return std::make_shared<const FacetTable>(db); // no revisions (InMemory): built afresh, kept by none
    }
    const std::lock_guard lock(m_mutex);
    if (m_table && uuid == m_uuid && revision < m_revision) {
        return nullptr; // a request still on an older revision: no rebuild back and forth
    }
    if (!m_table || uuid != m_uuid || revision != m_revision) {
        m_table.reset(); // free the old one before building the new one
        m_table = std::make_shared<const FacetTable>(db);
        m_uuid = uuid;
        m_revision = revision;
    }
    return m_table;
}

} // namespace dateline
