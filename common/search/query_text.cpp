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

} // namespace

std::string normalize_query_case(std::string_view query)
{
    const std::string collapsed = collapse_whitespace(query);
    const std::vector<std::string_view> words = split_at_spaces(collapsed);
    std::string out;
    bool in_quotes = false;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view word = words[i];
        if (!out.empty()) {
            out += ' ';
        }
        const bool between_words = i > 0 && i + 1 < words.size();
        // A bracket may touch an operator ("(NOT strike)"): lowering it would make it a word.
        std::string_view core = word;
        while (core.starts_with('(')) {
            core.remove_prefix(1);
        }
        while (core.ends_with(')')) {
            core.remove_suffix(1);
        }
        if (!in_quotes && between_words && is_operator_word(core)) {
            out += word;
        } else {
            out += to_lower(word);
        }
        for (char c : word) {
            if (c == '"') {
                in_quotes = !in_quotes;
            }
        }
    }
    return out;
}

std::optional<std::string> find_query_syntax_problem(std::string_view query)
{
    std::size_t quotes = 0;
    int depth = 0;
    bool in_quotes = false;
    for (char c : query) {
        if (c == '"') {
            ++quotes;
            in_quotes = !in_quotes;
        } else if (!in_quotes && c == '(') {
            ++depth;
        } else if (!in_quotes && c == ')') {
            if (--depth < 0) {
                return "a closing bracket has no opening bracket";
            }
        }
    }
    if (quotes % 2 != 0) {
        return "unbalanced quotation marks";
    }
    if (depth != 0) {
        return "an opening bracket is not closed";
    }
    const std::string collapsed = collapse_whitespace(query);
    const std::vector<std::string_view> words = split_at_spaces(collapsed);
    bool previous_was_operator = true; // an operator may not start the query
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string_view word = words[i];
        if (!is_operator_word(word)) {
            previous_was_operator = false;
            continue;
        }
        const bool is_not = word == "NOT";
        const bool last = i + 1 == words.size();
        // "NOT x" at the start and "a AND NOT b" are fine; any other operator needs words on both sides.
        if (last || (previous_was_operator && !(is_not && (i == 0 || words[i - 1] == "AND" || words[i - 1] == "OR")))) {
            return std::string(word) + " needs a word on each side";
        }
        if (words[i + 1].starts_with(')')) {
            return std::string(word) + " needs a word on each side";
        }
        previous_was_operator = true;
    }
    return std::nullopt;
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
