#include "common/search/query_text.h"

#include "common/text/text_utils.h"

#include <array>
#include <vector>

namespace dateline {
namespace {

bool is_operator_word(std::string_view word)
{
    static constexpr std::array<std::string_view, 5> k_operators = {"AND", "OR", "NOT", "XOR", "NEAR"};
    for (std::string_view op : k_operators) {
        if (word == op) {
            return true;
        }
    }
    // NEAR/5, ADJ/3
    return (word.starts_with("NEAR/") || word.starts_with("ADJ/")) && word.size() > 4;
}

// A word made only of brackets, quotes, +/- marks: not a word on its own.
bool is_punctuation_only(std::string_view word)
{
    for (char c : word) {
        if (c != '(' && c != ')' && c != '"' && c != '+' && c != '-') {
            return false;
        }
    }
    return true;
}

bool is_query_operator(std::string_view token)
{
    return is_operator_word(token) || token == "ADJ";
}

} // namespace

std::size_t count_query_words(std::string_view query)
{
    std::size_t words = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= query.size(); ++i) {
        const char c = i < query.size() ? query[i] : ' ';
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == ')' || c == '"') {
            if (i > start && !is_query_operator(query.substr(start, i - start))) {
                ++words;
            }
            start = i + 1;
        }
    }
    return words;
}

std::string plain_query_words(std::string_view query)
{
    std::string cleaned;
    cleaned.reserve(query.size());
    for (char c : query) {
        cleaned += (c == '"' || c == '(' || c == ')') ? ' ' : c;
    }
    const std::string collapsed = collapse_whitespace(cleaned);
    std::string out;
    for (std::string_view word : split_at_spaces(collapsed)) {
        if (is_operator_word(word) || is_punctuation_only(word)) {
            continue;
        }
        while (!word.empty() && (word.front() == '+' || word.front() == '-')) {
            word.remove_prefix(1);
        }
        if (const std::size_t colon = word.find(':'); colon != std::string_view::npos) {
            if (to_lower(word.substr(0, colon)) == "date") {
                continue; // a date range has no words to search for
            }
            word.remove_prefix(colon + 1);
        }
        if (word.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += ' ';
        }
        out += to_lower(word);
    }
    return out;
}

} // namespace dateline
