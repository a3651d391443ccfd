// The web pages' URL state: the search parameters a page was asked with, kept in order, and
// the links that change one of them (next page, another sort, a filter added or removed).
// Knows parameter names, not their meaning: the SearchService validates values.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

class PageQuery {
public:
    PageQuery() = default;

    /// The parameters the pages know (q, page, size, op, sort, recency, collapse, from, to,
    /// source, section, tag, year), in a stable order; others are dropped.
    static PageQuery from_params(const std::multimap<std::string, std::string>& params);

    /// The first value of `name`, or empty.
    [[nodiscard]] std::string value(std::string_view name) const;
    /// Every value of `name`, in order.
    [[nodiscard]] std::vector<std::string> values(std::string_view name) const;
    [[nodiscard]] bool has(std::string_view name, std::string_view value) const;
    /// True when a filter or date range narrows the results (not q, page, sort).
    [[nodiscard]] bool has_filters() const;

    /// A copy with `name` set to the one `value` (removed when `value` is empty).
    [[nodiscard]] PageQuery with(std::string_view name, std::string_view value) const;
    /// A copy with `value` added to the values of `name`.
    [[nodiscard]] PageQuery with_added(std::string_view name, std::string_view value) const;
    /// A copy without `name` (every value).
    [[nodiscard]] PageQuery without(std::string_view name) const;
    /// A copy without this one value of `name`.
    [[nodiscard]] PageQuery without(std::string_view name, std::string_view value) const;
    /// A copy without any filter or date range (keeps q and sort).
    [[nodiscard]] PageQuery without_filters() const;

    /// "path?a=1&b=2" with every name and value percent-encoded ("path" alone when empty).
    /// Escape the result before putting it in HTML or XML.
    [[nodiscard]] std::string url(std::string_view path) const;

    /// The parameters, in order, as the search service reads them.
    [[nodiscard]] std::multimap<std::string, std::string> to_params() const;

private:
    std::vector<std::pair<std::string, std::string>> m_entries;
};

/// The filter parameters a page shows as removable chips, in display order.
inline constexpr std::string_view k_filter_params[] = {"source", "section", "tag", "year", "from", "to"};

} // namespace dateline
