#include "common/article.h"

#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

namespace dateline {

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
        {"published_at", string_or_null(article.published_at)},
        {"warc_file", string_or_null(article.warc_file)},
        {"warc_record_id", string_or_null(article.warc_record_id)},
        {"captured_at", string_or_null(article.captured_at)},
    };
}

std::string body_text(const Article& article)
{
    return join_paragraphs(article.body);
}

nlohmann::json string_or_null(const std::string& value)
{
    return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

} // namespace dateline
