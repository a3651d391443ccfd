// Reads schema.org JSON-LD: finds the news article object of a page's ld+json scripts
// (NewsArticle, Article, ReportageNewsArticle, BlogPosting and their kin, at the top level, in
// arrays or inside @graph) and the fields it states. Authors may be strings, objects or
// arrays, or @id references to Person nodes of the graph. Invalid JSON is ignored. Pure.
#pragma once

#include <string>
#include <vector>

namespace dateline {

struct JsonLdArticle {
    std::string headline;
    std::string alternative_headline;
    std::string date_published; // as written
    std::string date_modified;  // as written
    std::vector<std::string> authors;      // people
    std::vector<std::string> organisations; // organisations credited as author (wires)
    std::string publisher;
    std::string section;
    std::string url;
    std::string language;
    std::vector<std::string> keywords;
    bool found = false; // an article object was found
};

/// The first article object among the scripts' texts.
JsonLdArticle read_json_ld(const std::vector<std::string>& scripts);

} // namespace dateline
