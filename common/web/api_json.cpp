#include "common/web/api_json.h"

namespace dateline {
namespace {

nlohmann::json hits_to_json(const std::vector<SearchHit>& hits)
{
    nlohmann::json out = nlohmann::json::array();
    for (const SearchHit& hit : hits) {
        out.push_back({
            {"id", hit.id},
            {"title", hit.title},
            {"url", string_or_null(hit.url)},
            {"date", string_or_null(hit.date)},
            {"source", string_or_null(hit.source)},
            {"section", string_or_null(hit.section)},
            {"dateline", string_or_null(hit.dateline)},
            {"score", hit.score},
            {"snippet", hit.snippet},
            {"cluster", string_or_null(hit.cluster)},
            {"duplicates", hit.duplicates},
        });
    }
    return out;
}

nlohmann::json buckets_to_json(const std::vector<FacetBucket>& buckets)
{
    nlohmann::json out = nlohmann::json::array();
    for (const FacetBucket& bucket : buckets) {
        out.push_back({{"value", bucket.value}, {"count", bucket.count}});
    }
    return out;
}

nlohmann::json facets_to_json(const Facets& facets, bool with_months)
{
    nlohmann::json out = {
        {"exact", facets.exact},
        {"source", buckets_to_json(facets.source)},
        {"section", buckets_to_json(facets.section)},
        {"tag", buckets_to_json(facets.tag)},
        {"year", buckets_to_json(facets.year)},
    };
    if (with_months) {
        out["month"] = buckets_to_json(facets.month);
    }
    return out;
}

nlohmann::json article_summary_to_json(const Article& article)
{
    return {
        {"id", article.id},
        {"title", article.title},
        {"url", string_or_null(article.url)},
        {"date", string_or_null(article.date)},
        {"source", string_or_null(article.source)},
        {"section", string_or_null(article.section)},
    };
}

nlohmann::json article_summaries_to_json(const std::vector<Article>& articles)
{
    nlohmann::json out = nlohmann::json::array();
    for (const Article& article : articles) {
        out.push_back(article_summary_to_json(article));
    }
    return out;
}

std::string_view total_relation_name(TotalRelation relation)
{
    switch (relation) {
    case TotalRelation::eq: return "eq";
    case TotalRelation::gte: return "gte";
    case TotalRelation::about: return "about";
    }
    return "gte";
}

} // namespace

nlohmann::json search_response_to_json(const SearchResponse& response)
{
    nlohmann::json hits = hits_to_json(response.hits);
    nlohmann::json out = {
        {"query", response.query},
        {"total",
         {{"value", response.total},
          {"exact", response.total_exact()},
          {"relation", total_relation_name(response.total_relation)}}},
        {"took_ms", response.took_ms},
        {"page", response.page},
        {"size", response.size},
        {"hits", std::move(hits)},
        {"partial", response.partial},
    };
    if (!response.note.empty()) {
        out["note"] = response.note;
    }
    if (!response.missing_shards.empty()) {
        out["missing_shards"] = response.missing_shards; // shards down: answered by the others (issue 18)
    }
    if (response.has_facets) {
        out["facets"] = facets_to_json(response.facets, !response.facets.month.empty());
    }
    if (!response.did_you_mean.empty()) {
        out["did_you_mean"] = response.did_you_mean;
    }
    if (!response.showing_results_for.empty()) {
        out["showing_results_for"] = response.showing_results_for;
    }
    return out;
}

nlohmann::json similar_response_to_json(const SimilarResponse& response)
{
    nlohmann::json out = {{"id", response.id}, {"took_ms", response.took_ms}, {"hits", hits_to_json(response.hits)}};
    if (!response.note.empty()) {
        out["note"] = response.note;
    }
    return out;
}

nlohmann::json completions_to_json(const Completions& completions)
{
    nlohmann::json titles = nlohmann::json::array();
    for (const TitleCompletion& title : completions.titles) {
        titles.push_back({{"id", title.id}, {"title", title.title}, {"date", string_or_null(title.date)}});
    }
    return {{"query", completions.query},
            {"took_ms", completions.took_ms},
            {"terms", completions.terms},
            {"titles", std::move(titles)}};
}

nlohmann::json duplicates_response_to_json(const DuplicatesResponse& response)
{
    return {{"id", response.id},
            {"cluster", string_or_null(response.cluster)},
            {"duplicates", article_summaries_to_json(response.duplicates)}};
}

nlohmann::json duplicate_cluster_to_json(const DuplicateCluster& cluster)
{
    return {{"cluster", cluster.key}, {"articles", article_summaries_to_json(cluster.articles)}};
}

nlohmann::json article_to_json(const Article& article)
{
    return article_to_record(article);
}

nlohmann::json error_to_json(ErrorCode code, const std::string& message)
{
    return {{"error", {{"status", http_status(code)}, {"code", error_code_name(code)}, {"message", message}}}};
}

namespace {

constexpr const char* k_json_example = R"({"q": "harbour seals", "size": 20})";

// One value of a parameter as a URL would carry it, or false for an object or a nested list.
bool append_parameter(std::multimap<std::string, std::string>& params, const std::string& name,
                      const nlohmann::json& value)
{
    if (value.is_string()) {
        params.emplace(name, value.get<std::string>());
    } else if (value.is_boolean() || value.is_number()) {
        params.emplace(name, value.dump());
    } else if (!value.is_null()) {
        return false;
    }
    return true;
}

} // namespace

std::multimap<std::string, std::string> read_json_parameters(std::string_view body)
{
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& error) {
        throw Error(ErrorCode::bad_request, "the request body is not valid JSON (at byte " + std::to_string(error.byte) +
                                                "); send an object such as " + k_json_example);
    }
    if (!object.is_object()) {
        throw Error(ErrorCode::bad_request,
                    std::string("the request body must be a JSON object of search parameters, such as ") + k_json_example);
    }
    std::multimap<std::string, std::string> params;
    for (const auto& [name, value] : object.items()) {
        bool readable = true;
        if (value.is_array()) {
            for (const nlohmann::json& item : value) {
                readable = readable && !item.is_null() && append_parameter(params, name, item);
            }
        } else {
            readable = append_parameter(params, name, value);
        }
        if (!readable) {
            throw Error(ErrorCode::bad_request, "\"" + name + "\" must be a string, a number, true or false, or a list of "
                                                                "them, got " + dump_json(value).substr(0, 64));
        }
    }
    return params;
}

std::string dump_json(const nlohmann::json& value)
{
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace dateline
