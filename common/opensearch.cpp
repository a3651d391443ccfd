#include "common/opensearch.h"

#include "common/api_json.h"
#include "common/text_utils.h"

#include <algorithm>
#include <cctype>

namespace dateline {

std::string render_opensearch_description(std::string_view base_url)
{
    const std::string base = escape_xml(base_url);
    std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\" "
                      "xmlns:moz=\"http://www.mozilla.org/2006/browser/search/\">\n"
                      "<ShortName>Dateline</ShortName>\n"
                      "<Description>Search the Dateline news archive</Description>\n"
                      "<Tags>news archive search</Tags>\n"
                      "<InputEncoding>UTF-8</InputEncoding>\n"
                      "<OutputEncoding>UTF-8</OutputEncoding>\n";
    xml += "<Image width=\"32\" height=\"32\" type=\"image/x-icon\">" + base + "/favicon.ico</Image>\n";
    xml += "<Url type=\"text/html\" method=\"get\" template=\"" + base + "/search?q={searchTerms}\"/>\n";
    xml += "<Url type=\"application/x-suggestions+json\" method=\"get\" template=\"" + base +
           "/opensearch/suggest?q={searchTerms}\"/>\n";
    xml += "<Url type=\"application/rss+xml\" method=\"get\" template=\"" + base + "/search.rss?q={searchTerms}\"/>\n";
    xml += "<Url type=\"application/opensearchdescription+xml\" rel=\"self\" template=\"" + base +
           "/opensearch.xml\"/>\n";
    xml += "<moz:SearchForm>" + base + "/</moz:SearchForm>\n</OpenSearchDescription>\n";
    return xml;
}

std::string render_opensearch_suggestions(std::string_view typed, const std::vector<std::string>& completions)
{
    return dump_json(nlohmann::json::array({std::string(typed), completions}));
}

SearchRequest make_title_suggestion_request(std::string_view typed)
{
    SearchRequest request;
    request.size = static_cast<int>(k_max_opensearch_suggestions) * 2;
    request.op = DefaultOperator::op_and; // every typed word, so each suggestion continues the text
    request.query = std::string(trim(typed));
    const bool ends_in_word = !request.query.empty() && std::isalnum(static_cast<unsigned char>(request.query.back()));
    if (ends_in_word) {
        request.query += '*';
    }
    return request;
}

std::vector<std::string> suggestion_titles(const SearchResponse& response, std::size_t max)
{
    std::vector<std::string> titles;
    for (const SearchHit& hit : response.hits) {
        if (titles.size() >= max) {
            break;
        }
        if (!hit.title.empty() && std::find(titles.begin(), titles.end(), hit.title) == titles.end()) {
            titles.push_back(hit.title);
        }
    }
    return titles;
}

} // namespace dateline
