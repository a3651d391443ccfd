#include "common/search/result_order.h"

#include "common/text/calendar.h"
#include "common/index/schema.h"

#include <algorithm>
#include <cmath>

namespace dateline {
namespace {

// The most the boost multiplies a relevance score by (recency_factor of age 0).
constexpr double k_max_recency_factor = 2.0;
// Fetch a few pages' worth at first, so that most recency searches need one match.
constexpr Xapian::doccount k_recency_slack = 4;

std::vector<std::pair<Xapian::doccount, double>> boost_all(const Xapian::MSet& mset, std::optional<std::int64_t> newest,
                                                           double half_life_days)
{
    std::vector<std::pair<Xapian::doccount, double>> boosted;
    boosted.reserve(mset.size());
    for (Xapian::doccount i = 0; i < mset.size(); ++i) {
        const Xapian::MSetIterator it = mset[i];
        const std::optional<std::int64_t> day = day_number(it.get_document().get_value(schema::k_slot_date));
        std::optional<std::int64_t> age;
        if (day && newest) {
            age = std::max<std::int64_t>(0, *newest - *day);
        }
        boosted.emplace_back(i, it.get_weight() * recency_factor(age, half_life_days));
    }
    // Best first; equal scores keep relevance order, so paging is stable.
    std::stable_sort(boosted.begin(), boosted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return boosted;
}

} // namespace

void apply_sort_order(Xapian::Enquire& enquire, SortOrder sort, bool remote)
{
    if (sort == SortOrder::relevance) {
        return;
    }
    if (remote) {
        enquire.set_sort_by_value_then_relevance(schema::k_slot_date, sort == SortOrder::newest);
        return;
    }
    auto* keys = new Xapian::MultiValueKeyMaker();
    if (sort == SortOrder::newest) {
        // Descending: an undated article's empty value sorts below every date, so last.
        keys->add_value(schema::k_slot_date, true);
    } else {
        // Ascending: an undated article counts as the end of time, so last.
        keys->add_value(schema::k_slot_date, false, "99999999");
    }
    // release(): the Enquire owns the key maker from here on.
    enquire.set_sort_by_key_then_relevance(keys->release(), false);
}

double recency_factor(std::optional<std::int64_t> age_days, double half_life_days)
{
    if (!age_days || half_life_days <= 0) {
        return 1.0;
    }
    return 1.0 + std::exp2(-static_cast<double>(*age_days) / half_life_days);
}

Xapian::doccount first_recency_fetch(Xapian::doccount page_end)
{
    return std::max<Xapian::doccount>(page_end * k_recency_slack, 50);
}

RecencyPage rank_by_recency(const Xapian::Database& db, Xapian::Enquire& enquire, Xapian::MSet first,
                            const PageWindow& window, double half_life_days)
{
    const auto [offset, size, check_at_least, decider] = window;
    const std::optional<std::int64_t> newest = day_number(db.get_value_upper_bound(schema::k_slot_date));
    const Xapian::doccount page_end = offset + size;
    RecencyPage page{std::move(first), {}};
    Xapian::doccount requested = first_recency_fetch(page_end);
    std::vector<std::pair<Xapian::doccount, double>> boosted = boost_all(page.mset, newest, half_life_days);
    // Fewer matches than requested means every match is in the MSet.
    while (page.mset.size() >= requested) {
        // Nothing fetched later scores above its relevance × the largest boost.
        const double lowest_relevance = page.mset[page.mset.size() - 1].get_weight();
        if (boosted.size() >= page_end && lowest_relevance * k_max_recency_factor <= boosted[page_end - 1].second) {
            break;
        }
        requested *= k_recency_slack;
        page.mset = enquire.get_mset(0, requested, std::max(check_at_least, requested), nullptr, decider);
        boosted = boost_all(page.mset, newest, half_life_days);
    }
    for (Xapian::doccount i = offset; i < std::min<Xapian::doccount>(page_end, boosted.size()); ++i) {
        page.hits.push_back(boosted[i]);
    }
    return page;
}

} // namespace dateline
