#include "common/search/facets.h"

#include "common/index/schema.h"
#include "common/text/text_utils.h"

#include <algorithm>

namespace dateline {

std::vector<FacetBucket> merge_facet_spellings(const std::map<std::string, std::size_t>& spellings, std::size_t limit)
{
    struct Merged {
        FacetBucket bucket;
        std::size_t best_spelling_count = 0;
    };
    std::map<std::string, Merged> by_key;
    // std::map iterates spellings in sorted order, so on a tie the first-sorting spelling stays.
    for (const auto& [spelling, count] : spellings) {
        const std::string key = schema::normalize_facet_value(spelling);
        if (key.empty()) {
            continue;
        }
        Merged& merged = by_key[key];
        merged.bucket.count += count;
        if (count > merged.best_spelling_count) {
            merged.best_spelling_count = count;
            merged.bucket.value = collapse_whitespace(spelling);
        }
    }
    std::vector<FacetBucket> buckets;
    buckets.reserve(by_key.size());
    for (auto& [key, merged] : by_key) {
        buckets.push_back(std::move(merged.bucket));
    }
    std::sort(buckets.begin(), buckets.end(), [](const FacetBucket& a, const FacetBucket& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
    if (buckets.size() > limit) {
        buckets.resize(limit);
    }
    return buckets;
}

} // namespace dateline
