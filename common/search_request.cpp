#include "common/search_request.h"

#include "common/errors.h"

#include <charconv>

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

} // namespace

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
