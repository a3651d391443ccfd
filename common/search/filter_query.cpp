#include "common/search/filter_query.h"

#include "common/index/schema.h"

#include <functional>
#include <vector>

namespace dateline {
namespace {

Xapian::Query any_of(const std::vector<std::string>& values, const std::function<std::string(std::string_view)>& term)
{
    std::vector<Xapian::Query> terms;
    terms.reserve(values.size());
    for (const std::string& value : values) {
        terms.emplace_back(term(value));
    }
    return {Xapian::Query::OP_OR, terms.begin(), terms.end()};
}

Xapian::Query dated_articles()
{
    return {Xapian::Query::OP_VALUE_GE, schema::k_slot_date, std::string("0")};
}

Xapian::Query year_query(const std::string& year)
{
    if (year == "undated") {
        return {Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, dated_articles()};
    }
    return build_date_range_query(year + "-01-01", year + "-12-31");
}

} // namespace

Xapian::Query build_date_range_query(const std::string& from, const std::string& to)
{
    if (from.empty() && to.empty()) {
        return dated_articles();
    }
    if (to.empty()) {
        return {Xapian::Query::OP_VALUE_GE, schema::k_slot_date, schema::date_slot_value(from)};
    }
    if (from.empty()) {
        return {Xapian::Query::OP_VALUE_RANGE, schema::k_slot_date, std::string("0"), schema::date_slot_value(to)};
    }
    return {Xapian::Query::OP_VALUE_RANGE, schema::k_slot_date, schema::date_slot_value(from),
            schema::date_slot_value(to)};
}

Xapian::Query build_filter_query(const SearchFilters& filters)
{
    std::vector<Xapian::Query> parts;
    if (!filters.sources.empty()) {
        parts.push_back(any_of(filters.sources, schema::source_filter_term));
    }
    if (!filters.sections.empty()) {
        parts.push_back(any_of(filters.sections, schema::section_filter_term));
    }
    if (!filters.tags.empty()) {
        parts.push_back(any_of(filters.tags, schema::tag_filter_term));
    }
    if (!filters.years.empty()) {
        std::vector<Xapian::Query> years;
        for (const std::string& year : filters.years) {
            years.push_back(year_query(year));
        }
        parts.emplace_back(Xapian::Query::OP_OR, years.begin(), years.end());
    }
    if (!filters.from.empty() || !filters.to.empty()) {
        parts.push_back(build_date_range_query(filters.from, filters.to));
    }
    if (parts.empty()) {
        return Xapian::Query::MatchAll;
    }
    return {Xapian::Query::OP_AND, parts.begin(), parts.end()};
}

} // namespace dateline
