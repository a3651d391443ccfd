#include "common/article.h"

#include "common/text_utils.h"

#include <nlohmann/json.hpp>

namespace dateline {
namespace {

nlohmann::json string_or_null(const std::string& value)
{
    return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

std::string string_or_empty(const nlohmann::json& record, const char* key)
{
    const auto it = record.find(key);
    return it == record.end() || it->is_null() ? std::string() : it->get<std::string>();
}

std::vector<std::string> strings_or_empty(const nlohmann::json& record, const char* key)
{
    const auto it = record.find(key);
    return it == record.end() || it->is_null() ? std::vector<std::string>() : it->get<std::vector<std::string>>();
}

} // namespace

Article article_from_record(const nlohmann::json& record)
{
    Article article;
    article.id = string_or_empty(record, "id");
    article.url = string_or_empty(record, "url");
    article.title = string_or_empty(record, "title");
    article.subtitle = string_or_empty(record, "subtitle");
    article.section = string_or_empty(record, "section");
    article.source = string_or_empty(record, "source");
    article.authors = strings_or_empty(record, "authors");
    article.date = string_or_empty(record, "date");
    article.dateline = string_or_empty(record, "dateline");
    article.tags = strings_or_empty(record, "tags");
    article.language = string_or_empty(record, "language");
    // article_to_record joined the paragraphs with exactly one blank line.
    const std::string body = string_or_empty(record, "body");
    std::size_t start = 0;
    while (start < body.size()) {
        std::size_t end = body.find("\n\n", start);
        if (end == std::string::npos) {
            end = body.size();
        }
        article.body.push_back(body.substr(start, end - start));
        start = end + 2;
    }
    return article;
}

nlohmann::json article_to_record(const Article& article)
{
    return nlohmann::json{
        {"id", article.id},
        {"url", string_or_null(article.url)},
        {"title", string_or_null(article.title)},
        {"subtitle", string_or_null(article.subtitle)},
        {"section", string_or_null(article.section)},
        {"source", string_or_null(article.source)},
        {"authors", article.authors},
        {"date", string_or_null(article.date)},
        {"dateline", string_or_null(article.dateline)},
        {"tags", article.tags},
        {"body", body_text(article)},
        {"language", string_or_null(article.language)},
    };
}

std::string body_text(const Article& article)
{
    return join_paragraphs(article.body);
}

} // namespace dateline
