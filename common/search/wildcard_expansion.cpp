#include "common/search/wildcard_expansion.h"

#include <algorithm>
#include <utility>
#include <vector>

namespace dateline {

WildcardExpansion expand_wildcard(const Xapian::Database& db, const std::string& term_prefix, std::size_t limit,
                                  std::chrono::steady_clock::time_point deadline)
{
    WildcardExpansion expansion;
    // A heap of the most frequent so far, the least frequent (then the last in term order) on top.
    using Kept = std::pair<Xapian::doccount, std::string>;
    const auto more_frequent = [](const Kept& a, const Kept& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    };
    std::vector<Kept> kept;
    for (auto it = db.allterms_begin(term_prefix); it != db.allterms_end(term_prefix); ++it) {
        if (expansion.walked % k_wildcard_terms_per_clock_check == 0 && std::chrono::steady_clock::now() >= deadline) {
            expansion.cut_short = true;
            break;
        }
        ++expansion.walked;
        kept.emplace_back(it.get_termfreq(), *it);
        std::push_heap(kept.begin(), kept.end(), more_frequent);
        if (kept.size() > limit) {
            std::pop_heap(kept.begin(), kept.end(), more_frequent);
            kept.pop_back();
        }
    }
    if (kept.empty()) {
        expansion.query = Xapian::Query::MatchNothing;
        return expansion;
    }
    std::vector<std::string> terms;
    for (Kept& term : kept) {
        terms.push_back(std::move(term.second));
    }
    std::sort(terms.begin(), terms.end());
    expansion.query = terms.size() == 1 ? Xapian::Query(terms[0])
                                        : Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    return expansion;
}

} // namespace dateline
