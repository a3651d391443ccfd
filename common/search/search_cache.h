// Recent search responses, so that a query many readers send at once ("election results" on
// the morning after) is answered from memory. Keyed by the database's identity and revision and
// by every field of the request, so a commit or a swapped database is never answered from an
// older one; entries also expire after a time (the recency boost depends on the clock). Bounded
// by a number of entries, least recently used first out. Thread-safe. Knows the responses
// (search_response.h), never the service that uses it.
#pragma once

#include "common/search/search_request.h"
#include "common/search/search_response.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dateline {

/// The cache key of `request` against the database with `uuid` at `revision`: equal keys ask
/// the same question of the same data.
std::string search_cache_key(const std::string& uuid, std::uint64_t revision, const SearchRequest& request);

class SearchCache {
public:
    /// `entries` 0 turns the cache off.
    SearchCache(std::size_t entries, std::chrono::milliseconds time_to_live);

    /// The response stored under `key` within its time to live, else nullopt.
    std::optional<SearchResponse> find(const std::string& key, std::chrono::steady_clock::time_point now);
    /// Stores `response` under `key`, evicting the least recently used entry when full.
    void store(const std::string& key, const SearchResponse& response, std::chrono::steady_clock::time_point now);

    [[nodiscard]] bool enabled() const { return m_capacity > 0; }
    [[nodiscard]] std::uint64_t hits() const;
    [[nodiscard]] std::uint64_t misses() const;

private:
    struct Entry {
        std::string key;
        std::shared_ptr<const SearchResponse> response;
        std::chrono::steady_clock::time_point stored;
    };
    std::size_t m_capacity;
    std::chrono::milliseconds m_time_to_live;
    mutable std::mutex m_mutex;
    std::list<Entry> m_entries; // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> m_index;
    std::uint64_t m_hits = 0;
    std::uint64_t m_misses = 0;
};

} // namespace dateline
