#include "common/search/search_cache.h"

#include <vector>

namespace dateline {
namespace {

// Each value is prefixed with its length and each list with its count, so that no two different
// requests share a key whatever bytes their values hold.
void append(std::string& key, const std::string& value)
{
    key += std::to_string(value.size());
    key += ':';
    key += value;
    key += '\x1F';
}

void append(std::string& key, const std::vector<std::string>& values)
{
    key += std::to_string(values.size());
    key += '\x1E';
    for (const std::string& value : values) {
        append(key, value);
    }
}

} // namespace

std::string search_cache_key(const std::string& uuid, std::uint64_t revision, const SearchRequest& request)
{
    std::string key;
    append(key, uuid);
    append(key, std::to_string(revision));
    append(key, request.query);
    append(key, std::to_string(request.page));
    append(key, std::to_string(request.size));
    append(key, std::to_string(static_cast<int>(request.op)));
    append(key, std::to_string(static_cast<int>(request.sort)));
    append(key, std::to_string(request.recency_half_life_days));
    append(key, request.filters.sources);
    append(key, request.filters.sections);
    append(key, request.filters.tags);
    append(key, request.filters.years);
    append(key, request.filters.from);
    append(key, request.filters.to);
    append(key, request.collapse ? "collapse" : "all");
    append(key, request.facets ? "facets" : "no-facets");
    return key;
}

SearchCache::SearchCache(std::size_t entries, std::chrono::milliseconds time_to_live)
    : m_capacity(entries), m_time_to_live(time_to_live)
{
}

std::optional<SearchResponse> SearchCache::find(const std::string& key, std::chrono::steady_clock::time_point now)
{
    if (m_capacity == 0) {
        return std::nullopt;
    }
    std::shared_ptr<const SearchResponse> found;
    {
        const std::lock_guard lock(m_mutex);
        const auto it = m_index.find(key);
        if (it == m_index.end() || now - it->second->stored > m_time_to_live) {
            ++m_misses;
            return std::nullopt;
        }
        m_entries.splice(m_entries.begin(), m_entries, it->second);
        found = it->second->response;
        ++m_hits;
    }
    return *found; // copied outside the lock
}

void SearchCache::store(const std::string& key, const SearchResponse& response, std::chrono::steady_clock::time_point now)
{
    if (m_capacity == 0) {
        return;
    }
    auto shared = std::make_shared<const SearchResponse>(response);
    const std::lock_guard lock(m_mutex);
    if (const auto it = m_index.find(key); it != m_index.end()) {
        it->second->response = std::move(shared);
        it->second->stored = now;
        m_entries.splice(m_entries.begin(), m_entries, it->second);
        return;
    }
    m_entries.push_front(Entry{key, std::move(shared), now});
    m_index.emplace(key, m_entries.begin());
    if (m_entries.size() > m_capacity) {
        m_index.erase(m_entries.back().key);
        m_entries.pop_back();
    }
}

std::uint64_t SearchCache::hits() const
{
    const std::lock_guard lock(m_mutex);
    return m_hits;
}

std::uint64_t SearchCache::misses() const
{
    const std::lock_guard lock(m_mutex);
    return m_misses;
}

} // namespace dateline
