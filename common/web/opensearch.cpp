#include "common/web/opensearch.h"

#include "common/web/api_json.h"
#include "common/text/text_utils.h"

#include <algorithm>

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

std::vector<std::string> opensearch_completions(const Completions& completions, std::size_t max)
{
    std::vector<std::string> out;
    const auto add = [&](const std::string& text) {
        if (out.size() < max && !text.empty() && std::find(out.begin(), out.end(), text) == out.end()) {
            out.push_back(text);
        }
    };
    for (const std::string& term : completions.terms) {
        add(term);
    }
    for (const TitleCompletion& title : completions.titles) {
        add(title.title);
    }
    return out;
}

} // namespace dateline
