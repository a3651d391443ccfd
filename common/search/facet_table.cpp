#include "common/search/facet_table.h"

#include "common/index/schema.h"

#include <functional>
#include <unordered_map>

namespace dateline {

std::uint64_t copy_group(std::string_view cluster_key, Xapian::docid docid)
{
    return cluster_key.empty() ? (std::uint64_t{1} << 63U) | docid : std::hash<std::string_view>{}(cluster_key);
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
