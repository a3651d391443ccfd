#include "bench/ranking_metrics.h"

#include "common/errors.h"
#include "common/text/text_utils.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

namespace dateline {
namespace {

std::ifstream open_input(const std::string& path)
{
    std::ifstream in(path);
    if (!in) {
        throw Error(ErrorCode::bad_request, "cannot read " + path);
    }
    return in;
}

Error malformed(const std::string& path, std::size_t line, const std::string& what)
{
    return {ErrorCode::bad_request, path + ":" + std::to_string(line) + ": " + what};
}

std::string read_id(const nlohmann::json& value)
{
    if (value.is_string()) {
        return value.get<std::string>();
    }
    if (value.is_number_integer()) {
        return std::to_string(value.get<long long>());
    }
    return {};
}

} // namespace

double ndcg_at(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k)
{
    if (relevant.empty()) {
        return 0;
    }
    double gain = 0;
    const std::size_t depth = std::min(k, ranked.size());
    for (std::size_t i = 0; i < depth; ++i) {
        if (relevant.count(ranked[i]) != 0) {
            gain += 1.0 / std::log2(static_cast<double>(i) + 2.0);
        }
    }
    double ideal = 0;
    for (std::size_t i = 0; i < std::min(k, relevant.size()); ++i) {
        ideal += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    }
    return gain / ideal;
}

double average_precision(const std::vector<std::string>& ranked, const std::set<std::string>& relevant)
{
    if (relevant.empty()) {
        return 0;
    }
    double sum = 0;
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranked.size(); ++i) {
        if (relevant.count(ranked[i]) != 0) {
            ++found;
            sum += static_cast<double>(found) / static_cast<double>(i + 1);
        }
    }
    return sum / static_cast<double>(relevant.size());
}

double recall_at(const std::vector<std::string>& ranked, const std::set<std::string>& relevant, std::size_t k)
{
    if (relevant.empty()) {
        return 0;
    }
    std::size_t found = 0;
    for (std::size_t i = 0; i < std::min(k, ranked.size()); ++i) {
        found += relevant.count(ranked[i]);
    }
    return static_cast<double>(found) / static_cast<double>(relevant.size());
}

std::vector<EvalQuery> read_eval_queries(const std::string& path)
{
    std::ifstream in = open_input(path);
    std::vector<EvalQuery> queries;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (trim(line).empty()) {
            continue;
        }
        const nlohmann::json object = nlohmann::json::parse(line, nullptr, false);
        if (!object.is_object() || !object.contains("id") || !object.contains("text") || !object["text"].is_string() ||
            read_id(object["id"]).empty()) {
            throw malformed(path, number, "want a JSON object with \"id\" and \"text\"");
        }
        queries.push_back({read_id(object["id"]), object["text"].get<std::string>()});
    }
    return queries;
}

std::map<std::string, std::set<std::string>> read_relevance_judgments(const std::string& path)
{
    std::ifstream in = open_input(path);
    std::map<std::string, std::set<std::string>> judgments;
    std::string line;
    for (std::size_t number = 1; std::getline(in, line); ++number) {
        if (trim(line).empty()) {
            continue;
        }
        const std::size_t first = line.find('\t');
        const std::size_t second = first == std::string::npos ? first : line.find('\t', first + 1);
        if (second == std::string::npos) {
            throw malformed(path, number, "want query_id<TAB>doc_id<TAB>relevance");
        }
        const std::string_view grade_text = trim(std::string_view(line).substr(second + 1));
        int grade = 0;
        const auto [end, error] = std::from_chars(grade_text.data(), grade_text.data() + grade_text.size(), grade);
        if (error != std::errc() || end != grade_text.data() + grade_text.size()) {
            throw malformed(path, number, "the relevance must be a whole number, got \"" + std::string(grade_text) + "\"");
        }
        if (grade > 0) {
            judgments[line.substr(0, first)].insert(line.substr(first + 1, second - first - 1));
        }
    }
    return judgments;
}

} // namespace dateline
