#include "common/search/search_request.h"

#include "common/text/char_class.h"
#include "common/text/dates.h"
#include "common/errors.h"
#include "common/text/text_utils.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace dateline {
namespace {

const std::string* find_param(const std::multimap<std::string, std::string>& params, const std::string& name)
{
    const auto it = params.find(name);
    return it == params.end() ? nullptr : &it->second;
}

int read_bounded_int(const std::multimap<std::string, std::string>& params, const std::string& name, int fallback,
                     int max)
{
    const std::string* text = find_param(params, name);
    if (text == nullptr) {
        return fallback;
    }
    int value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const auto [ptr, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || ptr != end || value < 1 || value > max) {
        throw Error(ErrorCode::bad_request, "\"" + name + "\" must be a whole number from 1 to " + std::to_string(max) +
                                                ", got \"" + *text + "\"");
    }
    return value;
}

std::vector<std::string> read_filter_values(const std::multimap<std::string, std::string>& params,
                                            const std::string& name)
{
    std::vector<std::string> values;
    const auto [begin, end] = params.equal_range(name);
    for (auto it = begin; it != end; ++it) {
        if (!it->second.empty()) { // an empty form field filters nothing
            values.push_back(it->second);
        }
    }
    if (values.size() > k_max_filter_values) {
        throw Error(ErrorCode::bad_request, "too many \"" + name + "\" values: " + std::to_string(values.size()) +
                                                ", at most " + std::to_string(k_max_filter_values));
    }
    return values;
}

int to_int(std::string_view digits)
{
    int value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

// "YYYY-MM-DD", or "YYYY-MM" / "YYYY" widened to the first (from) or last (to) day they cover.
std::string read_date_bound(const std::multimap<std::string, std::string>& params, const std::string& name,
                            bool is_end)
{
    const std::vector<std::string> values = read_filter_values(params, name);
    if (values.empty()) {
        return {};
    }
    const std::string& text = values.front();
    const auto fail = [&]() -> Error {
        return Error(ErrorCode::bad_request,
                     "\"" + name + "\" is not a date: \"" + text + "\" (want YYYY-MM-DD, YYYY-MM or YYYY)");
    };
    if (values.size() > 1) {
        throw Error(ErrorCode::bad_request, "\"" + name + "\" may be given once, got " + std::to_string(values.size()));
    }
    const bool shape_ok = (text.size() == 4 || (text.size() == 7 && text[4] == '-') ||
                           (text.size() == 10 && text[4] == '-' && text[7] == '-')) &&
                          is_ascii_digits(std::string_view(text).substr(0, 4)) &&
                          (text.size() < 7 || is_ascii_digits(std::string_view(text).substr(5, 2))) &&
                          (text.size() < 10 || is_ascii_digits(std::string_view(text).substr(8, 2)));
    if (!shape_ok) {
        throw fail();
    }
    const int year = to_int(std::string_view(text).substr(0, 4));
    const int month = text.size() >= 7 ? to_int(std::string_view(text).substr(5, 2)) : (is_end ? 12 : 1);
    int day = text.size() == 10 ? to_int(std::string_view(text).substr(8, 2)) : 1;
    if (text.size() < 10 && is_end) {
        day = 31;
        while (day > 28 && !is_valid_day(year, month, day)) {
            --day;
        }
    }
    if (!is_valid_day(year, month, day)) {
        throw fail();
    }
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

SearchFilters read_filters(const std::multimap<std::string, std::string>& params)
{
    SearchFilters filters;
    filters.sources = read_filter_values(params, "source");
    filters.sections = read_filter_values(params, "section");
    filters.tags = read_filter_values(params, "tag");
    filters.years = read_filter_values(params, "year");
    for (const std::string& year : filters.years) {
        if (!(year.size() == 4 && is_ascii_digits(year)) && year != "undated") {
            throw Error(ErrorCode::bad_request, "\"year\" must be a year (YYYY) or \"undated\", got \"" + year + "\"");
        }
    }
    filters.from = read_date_bound(params, "from", false);
    filters.to = read_date_bound(params, "to", true);
    if (!filters.from.empty() && !filters.to.empty() && filters.from > filters.to) {
        throw Error(ErrorCode::bad_request,
                    "\"from\" (" + filters.from + ") is after \"to\" (" + filters.to + "); swap them");
    }
    return filters;
}

bool read_bool(const std::multimap<std::string, std::string>& params, const std::string& name, bool fallback)
{
    const std::string* text = find_param(params, name);
    if (text == nullptr) {
        return fallback;
    }
    if (*text == "true") {
        return true;
    }
    if (*text == "false") {
        return false;
    }
    throw Error(ErrorCode::bad_request, "\"" + name + "\" must be \"true\" or \"false\", got \"" + *text + "\"");
}

SortOrder read_sort(const std::multimap<std::string, std::string>& params)
{
    const std::string* text = find_param(params, "sort");
    if (text == nullptr || *text == "relevance") {
        return SortOrder::relevance;
    }
    if (*text == "newest") {
        return SortOrder::newest;
    }
    if (*text == "oldest") {
        return SortOrder::oldest;
    }
    throw Error(ErrorCode::bad_request,
                "\"sort\" must be \"relevance\", \"newest\" or \"oldest\", got \"" + *text + "\"");
}

double read_recency(const std::multimap<std::string, std::string>& params)
{
    const std::string* text = find_param(params, "recency");
    if (text == nullptr) {
        return 0;
    }
    double value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    const auto [ptr, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || ptr != end || !std::isfinite(value) || value <= 0 || value > k_max_recency_days) {
        char max[32];
        std::snprintf(max, sizeof max, "%.0f", k_max_recency_days);
        throw Error(ErrorCode::bad_request, "\"recency\" must be a half-life in days, a number above 0 and at most " +
                                                std::string(max) + ", got \"" + *text + "\"");
    }
    return value;
}

} // namespace

std::vector<std::string> unknown_parameter_warnings(const std::multimap<std::string, std::string>& params,
                                                    std::span<const std::string_view> known)
{
    std::vector<std::string> warnings;
    std::size_t unknown = 0;
    for (auto it = params.begin(); it != params.end(); it = params.upper_bound(it->first)) {
        if (std::find(known.begin(), known.end(), it->first) != known.end()) {
            continue;
        }
        if (++unknown <= k_max_warnings) {
            std::string name = it->first.substr(0, k_max_warning_name_bytes);
            name = repair_utf8(name) + (it->first.size() > k_max_warning_name_bytes ? "…" : "");
            warnings.push_back("unknown parameter \"" + name + "\" was ignored");
        }
    }
    if (unknown > k_max_warnings) {
        warnings.push_back("… and " + std::to_string(unknown - k_max_warnings) + " more unknown parameters were ignored");
    }
    return warnings;
}

std::string find_encoding_problem(std::string_view target, const std::multimap<std::string, std::string>& params)
{
    for (std::size_t i = 0; i < target.size(); ++i) {
        if (target[i] == '%' &&
            (i + 2 >= target.size() || !is_ascii_hex_digit(target[i + 1]) || !is_ascii_hex_digit(target[i + 2]))) {
            const std::string escape = repair_utf8(target.substr(i, 3));
            return "the URL has an invalid percent-escape \"" + escape + "\" at byte " + std::to_string(i + 1) +
                   " (write % as %25)";
        }
    }
    for (const auto& [name, value] : params) {
        if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos) {
            return "a parameter holds a NUL byte (%00); no text here contains one";
        }
        if (!is_valid_utf8(name)) {
            return "a parameter name is not valid UTF-8; percent-encode UTF-8 bytes only";
        }
        if (!is_valid_utf8(value)) {
            return "\"" + repair_utf8(name.substr(0, k_max_warning_name_bytes)) +
                   "\" is not valid UTF-8; percent-encode UTF-8 bytes only";
        }
    }
    return {};
}

std::string SearchFilters::single_year() const
{
    if (years.size() == 1 && years.front() != "undated") {
        return years.front();
    }
    if (years.empty() && !from.empty() && !to.empty() && from.substr(0, 4) == to.substr(0, 4)) {
        return from.substr(0, 4);
    }
    return {};
}

SearchRequest parse_search_request(const std::multimap<std::string, std::string>& params)
{
    SearchRequest request;
    if (const std::string* q = find_param(params, "q")) {
        if (q->size() > k_max_query_bytes) {
            throw Error(ErrorCode::bad_request, "\"q\" is too long: " + std::to_string(q->size()) + " bytes, at most " +
                                                    std::to_string(k_max_query_bytes));
        }
        request.query = *q;
    }
    request.page = read_bounded_int(params, "page", 1, k_max_page);
    request.size = read_bounded_int(params, "size", 10, k_max_page_size);
    if (const std::string* op = find_param(params, "op")) {
        if (*op == "and") {
            request.op = DefaultOperator::op_and;
        } else if (*op == "or") {
            request.op = DefaultOperator::op_or;
        } else {
            throw Error(ErrorCode::bad_request, "\"op\" must be \"and\" or \"or\", got \"" + *op + "\"");
        }
    }
    request.sort = read_sort(params);
    request.recency_half_life_days = read_recency(params);
    if (request.recency_half_life_days > 0 && request.sort != SortOrder::relevance) {
        throw Error(ErrorCode::bad_request, "\"recency\" boosts relevance ranking and cannot be combined with sort=" +
                                                *find_param(params, "sort") + "; drop one of them");
    }
    request.filters = read_filters(params);
    request.collapse = read_bool(params, "collapse", true);
    request.facets = read_bool(params, "facets", true);
    return request;
}

SimilarRequest parse_similar_request(const std::string& id, const std::multimap<std::string, std::string>& params)
{
    SimilarRequest request;
    request.id = id;
    request.size = read_bounded_int(params, "size", 10, k_max_page_size);
    if (find_param(params, "days") != nullptr) {
        request.days = read_bounded_int(params, "days", 0, k_max_similar_days);
    }
    return request;
}

SuggestRequest parse_suggest_request(const std::multimap<std::string, std::string>& params)
{
    SuggestRequest request;
    const std::string* q = find_param(params, "q");
    if (q == nullptr) {
        throw Error(ErrorCode::bad_request, "\"q\" is required: the text typed so far, e.g. /api/suggest?q=harb");
    }
    if (q->size() > k_max_prefix_bytes) {
        throw Error(ErrorCode::bad_request, "\"q\" is too long: " + std::to_string(q->size()) + " bytes, at most " +
                                                std::to_string(k_max_prefix_bytes));
    }
    request.prefix = *q;
    request.size = read_bounded_int(params, "size", 5, k_max_suggestions);
    return request;
}

std::string parse_article_url(const std::multimap<std::string, std::string>& params)
{
    const std::string* url = find_param(params, "url");
    if (url == nullptr || url->empty()) {
        throw Error(ErrorCode::bad_request, "\"url\" is required: the article's original address, URL-encoded, e.g. "
                                            "/api/v1/articles?url=https%3A%2F%2Fnews.example%2F2023%2Fstory");
    }
    if (url->size() > k_max_url_bytes) {
        throw Error(ErrorCode::bad_request, "\"url\" is too long: " + std::to_string(url->size()) + " bytes, at most " +
                                                std::to_string(k_max_url_bytes));
    }
    return *url;
}

} // namespace dateline
