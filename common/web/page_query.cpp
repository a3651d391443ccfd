#include "common/web/page_query.h"

#include "common/text/text_utils.h"

#include <algorithm>

namespace dateline {
namespace {

// Link order: the query first, then how it is shown, then what narrows it.
constexpr std::string_view k_known_params[] = {"q",    "page", "size",   "op",      "sort", "recency", "collapse",
                                               "from", "to",   "source", "section", "tag",  "year"};

std::size_t param_rank(std::string_view name)
{
    const auto* it = std::find(std::begin(k_known_params), std::end(k_known_params), name);
    return static_cast<std::size_t>(it - std::begin(k_known_params));
}

bool is_filter(std::string_view name)
{
    return std::find(std::begin(k_filter_params), std::end(k_filter_params), name) != std::end(k_filter_params);
}

} // namespace

PageQuery PageQuery::from_params(const std::multimap<std::string, std::string>& params)
{
    PageQuery query;
    for (const std::string_view name : k_known_params) {
        const auto [begin, end] = params.equal_range(std::string(name));
        for (auto it = begin; it != end; ++it) {
            // An empty filter (a blank date field, say) means "not set".
            if (!it->second.empty() || name == "q") {
                query.m_entries.emplace_back(it->first, it->second);
            }
        }
    }
    return query;
}

std::string PageQuery::value(std::string_view name) const
{
    for (const auto& [key, text] : m_entries) {
        if (key == name) {
            return text;
        }
    }
    return {};
}

std::vector<std::string> PageQuery::values(std::string_view name) const
{
    std::vector<std::string> out;
    for (const auto& [key, text] : m_entries) {
        if (key == name) {
            out.push_back(text);
        }
    }
    return out;
}

bool PageQuery::has(std::string_view name, std::string_view value) const
{
    return std::any_of(m_entries.begin(), m_entries.end(),
                       [&](const auto& entry) { return entry.first == name && entry.second == value; });
}

bool PageQuery::has_filters() const
{
    return std::any_of(m_entries.begin(), m_entries.end(), [](const auto& entry) { return is_filter(entry.first); });
}

PageQuery PageQuery::with(std::string_view name, std::string_view value) const
{
    PageQuery copy = without(name);
    return value.empty() ? copy : copy.with_added(name, value);
}

PageQuery PageQuery::with_added(std::string_view name, std::string_view value) const
{
    PageQuery copy = *this;
    if (has(name, value)) {
        return copy;
    }
    // Keep the stable order so equal states give equal links.
    const std::size_t rank = param_rank(name);
    const auto at = std::find_if(copy.m_entries.begin(), copy.m_entries.end(),
                                 [&](const auto& entry) { return param_rank(entry.first) > rank; });
    copy.m_entries.emplace(at, std::string(name), std::string(value));
    return copy;
}

PageQuery PageQuery::without(std::string_view name) const
{
    PageQuery copy = *this;
    std::erase_if(copy.m_entries, [&](const auto& entry) { return entry.first == name; });
    return copy;
}

PageQuery PageQuery::without(std::string_view name, std::string_view value) const
{
    PageQuery copy = *this;
    std::erase_if(copy.m_entries, [&](const auto& entry) { return entry.first == name && entry.second == value; });
    return copy;
}

PageQuery PageQuery::without_filters() const
{
    PageQuery copy = *this;
    std::erase_if(copy.m_entries, [](const auto& entry) { return is_filter(entry.first); });
    return copy;
}

std::string PageQuery::url(std::string_view path) const
{
    std::string out(path);
    char separator = '?';
    for (const auto& [name, text] : m_entries) {
        out += separator;
        out += encode_uri_component(name);
        out += '=';
        out += encode_uri_component(text);
        separator = '&';
    }
    return out;
}

std::multimap<std::string, std::string> PageQuery::to_params() const
{
    return {m_entries.begin(), m_entries.end()};
}

} // namespace dateline
