#include "common/cleaning/html_json_ld.h"

#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <map>

namespace dateline {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 13> k_article_types = {
    "NewsArticle",        "Article",           "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "ReviewNewsArticle",  "BackgroundNewsArticle", "BlogPosting",      "LiveBlogPosting",     "Report",
    "ScholarlyArticle",   "TechArticle",       "SocialMediaPosting"};

bool has_type(const json& object, std::string_view type)
{
    const auto it = object.find("@type");
    if (it == object.end()) {
        return false;
    }
    if (it->is_string()) {
        return it->get_ref<const std::string&>() == type;
    }
    if (it->is_array()) {
        return std::any_of(it->begin(), it->end(), [&](const json& item) { return item.is_string() && item == type; });
    }
    return false;
}

bool is_article(const json& object)
{
    return std::any_of(k_article_types.begin(), k_article_types.end(),
                       [&](std::string_view type) { return has_type(object, type); });
}

std::string text_of(const json& value)
{
    if (value.is_string()) {
        return collapse_whitespace(repair_utf8(value.get_ref<const std::string&>()));
    }
    if (value.is_array() && !value.empty()) {
        return text_of(value.front());
    }
    return {};
}

std::string field(const json& object, const char* name)
{
    const auto it = object.find(name);
    return it == object.end() ? std::string() : text_of(*it);
}

// Every object of the scripts (graph members and array items too), and those with an @id.
struct Objects {
    std::vector<const json*> all;
    std::map<std::string, const json*, std::less<>> by_id;
};

void collect(const json& value, Objects& objects, int depth)
{
    if (depth > 8) {
        return;
    }
    if (value.is_array()) {
        for (const json& item : value) {
            collect(item, objects, depth + 1);
        }
        return;
    }
    if (!value.is_object()) {
        return;
    }
    objects.all.push_back(&value);
    if (const auto id = value.find("@id"); id != value.end() && id->is_string() && value.size() > 1) {
        objects.by_id.emplace(id->get<std::string>(), &value);
    }
    if (const auto graph = value.find("@graph"); graph != value.end()) {
        collect(*graph, objects, depth + 1);
    }
}

// A person or organisation, resolved through @id when the graph describes it elsewhere.
const json& resolve(const json& value, const Objects& objects)
{
    if (value.is_object() && value.size() == 1 && value.contains("@id")) {
        const auto id = value.find("@id");
        if (id->is_string()) {
            if (const auto it = objects.by_id.find(id->get_ref<const std::string&>()); it != objects.by_id.end()) {
                return *it->second;
            }
        }
    }
    return value;
}

// "By Jane Okafor" -> "Jane Okafor".
std::string person_name(std::string name)
{
    if (name.size() > 3 && (name.starts_with("By ") || name.starts_with("by ") || name.starts_with("BY "))) {
        name.erase(0, 3);
    }
    return name;
}

void read_authors(const json& value, const Objects& objects, JsonLdArticle& article)
{
    if (value.is_array()) {
        for (const json& item : value) {
            if (!item.is_array()) {
                read_authors(item, objects, article);
            }
        }
        return;
    }
    const json& author = resolve(value, objects);
    if (author.is_string()) {
        const std::string name = person_name(text_of(author));
        if (!name.empty() && !name.starts_with("http")) {
            article.authors.push_back(name);
        }
        return;
    }
    if (!author.is_object()) {
        return;
    }
    const std::string name = person_name(field(author, "name"));
    if (name.empty()) {
        return;
    }
    (has_type(author, "Organization") || has_type(author, "NewsMediaOrganization") ? article.organisations
                                                                                      : article.authors)
        .push_back(name);
}

std::vector<std::string> read_keywords(const json& object)
{
    const auto it = object.find("keywords");
    std::vector<std::string> keywords;
    if (it == object.end()) {
        return keywords;
    }
    if (it->is_string()) {
        for (const std::string& word : split_nonempty(it->get_ref<const std::string&>(), ',')) {
            if (std::string clean = collapse_whitespace(repair_utf8(word)); !clean.empty()) {
                keywords.push_back(std::move(clean));
            }
        }
    } else if (it->is_array()) {
        for (const json& item : *it) {
            if (std::string word = text_of(item); !word.empty()) {
                keywords.push_back(std::move(word));
            }
        }
    }
    return keywords;
}

std::string read_url(const json& object)
{
    std::string url = field(object, "url");
    if (url.empty()) {
        if (const auto it = object.find("mainEntityOfPage"); it != object.end()) {
            url = it->is_object() ? field(*it, "@id") : text_of(*it);
        }
    }
    return url.starts_with("http://") || url.starts_with("https://") ? url : std::string();
}

JsonLdArticle read_article(const json& object, const Objects& objects)
{
    JsonLdArticle article;
    article.found = true;
    article.headline = field(object, "headline");
    if (article.headline.empty()) {
        article.headline = field(object, "name");
    }
    article.alternative_headline = field(object, "alternativeHeadline");
    article.date_published = field(object, "datePublished");
    if (article.date_published.empty()) {
        article.date_published = field(object, "dateCreated");
    }
    article.date_modified = field(object, "dateModified");
    if (const auto it = object.find("author"); it != object.end()) {
        read_authors(*it, objects, article);
    }
    if (const auto it = object.find("publisher"); it != object.end()) {
        const json& publisher = resolve(*it, objects);
        article.publisher = publisher.is_object() ? field(publisher, "name") : text_of(publisher);
    }
    article.section = field(object, "articleSection");
    article.url = read_url(object);
    const auto language = object.find("inLanguage");
    if (language != object.end()) {
        article.language = language->is_object() ? field(*language, "alternateName") : text_of(*language);
    }
    article.keywords = read_keywords(object);
    return article;
}

} // namespace

JsonLdArticle read_json_ld(const std::vector<std::string>& scripts)
{
    std::vector<json> parsed;
    parsed.reserve(scripts.size());
    for (const std::string& script : scripts) {
        // Raw line breaks and tabs inside strings are common and invalid JSON; outside strings they are white space.
        std::string text = script;
        std::replace_if(text.begin(), text.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
        json value = json::parse(text, nullptr, false);
        if (!value.is_discarded()) {
            parsed.push_back(std::move(value));
        }
    }
    Objects objects;
    for (const json& value : parsed) {
        collect(value, objects, 0);
    }
    for (const json* object : objects.all) {
        if (is_article(*object)) {
            return read_article(*object, objects);
        }
    }
    return {};
}

} // namespace dateline
