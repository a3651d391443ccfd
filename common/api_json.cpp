#include "common/api_json.h"

namespace dateline {
namespace {

nlohmann::json string_or_null(const std::string& value)
{
    return value.empty() ? nlohmann::json(nullptr) : nlohmann::json(value);
}

} // namespace

nlohmann::json search_response_to_json(const SearchResponse& response)
{
    nlohmann::json hits = nlohmann::json::array();
    for (const SearchHit& hit : response.hits) {
        hits.push_back({
            {"id", hit.id},
            {"title", hit.title},
            {"url", string_or_null(hit.url)},
            {"date", string_or_null(hit.date)},
            {"source", string_or_null(hit.source)},
            {"section", string_or_null(hit.section)},
            {"dateline", string_or_null(hit.dateline)},
            {"score", hit.score},
            {"snippet", hit.snippet},
        });
    }
    nlohmann::json out = {
        {"query", response.query},
        {"total", {{"value", response.total}, {"exact", response.total_exact}}},
        {"took_ms", response.took_ms},
        {"page", response.page},
        {"size", response.size},
        {"hits", std::move(hits)},
    };
    if (!response.note.empty()) {
        out["note"] = response.note;
    }
    return out;
}

nlohmann::json article_to_json(const Article& article)
{
    return article_to_record(article);
}

nlohmann::json error_to_json(ErrorCode code, const std::string& message)
{
    return {{"error", {{"status", http_status(code)}, {"code", error_code_name(code)}, {"message", message}}}};
}

std::string dump_json(const nlohmann::json& value)
{
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace dateline
