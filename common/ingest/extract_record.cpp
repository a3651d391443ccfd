#include "common/ingest/extract_record.h"

#include "common/cleaning/cleaner.h"

#include <nlohmann/json.hpp>

namespace dateline {

nlohmann::ordered_json extract_record(const Article& article)
{
    std::string date_kind = article.date_kind;
    if (date_kind.empty() && !article.date.empty()) {
        date_kind = "published";
    }
    nlohmann::ordered_json record;
    record["path"] = string_or_null(article.origin);
    record["title"] = string_or_null(article.title);
    record["subtitle"] = string_or_null(article.subtitle);
    record["section"] = string_or_null(article.section);
    record["date"] = string_or_null(article.date);
    record["date_kind"] = string_or_null(date_kind);
    record["dateline"] = string_or_null(article.dateline);
    record["source"] = string_or_null(article.source);
    record["authors"] = article.authors;
    record["body"] = string_or_null(body_text(article));
    record["url"] = string_or_null(article.url);
    record["language"] = string_or_null(article.language);
    if (!article.warc_file.empty()) {
        // Only for pages from a web archive, so the output of other inputs keeps its shape.
        record["warc_file"] = article.warc_file;
        record["warc_record_id"] = string_or_null(article.warc_record_id);
        record["captured_at"] = string_or_null(article.captured_at);
    }
    record["missing"] = missing_fields(article);
    return record;
}

std::string extract_line(const Article& article)
{
    return extract_record(article).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

} // namespace dateline
