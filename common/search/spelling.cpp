#include "common/search/spelling.h"

#include "common/text/char_class.h"
#include "common/text/text_utils.h"

#include <xapian.h>

#include <algorithm>
#include <array>

namespace dateline {
namespace {

constexpr std::size_t k_min_word_bytes = 3;
constexpr std::size_t k_short_word_bytes = 4;

bool is_operator(std::string_view word)
{
    static constexpr std::array<std::string_view, 6> k_operators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    return std::find(k_operators.begin(), k_operators.end(), word) != k_operators.end();
}

// Whether `word`, found at [start, end) of `query`, is a word a reader could have misspelt.
bool is_correctable(std::string_view query, std::size_t start, std::size_t end)
{
    const std::string_view word = query.substr(start, end - start);
    const char next = end < query.size() ? query[end] : ' ';
    const char previous = start > 0 ? query[start - 1] : ' ';
    if (word.size() < k_min_word_bytes || is_operator(word) || next == ':' || next == '*' || previous == '/') {
        return false;
    }
    return !has_ascii_digit(word);
}

std::string correct_word(const Xapian::Database& db, const std::string& word)
{
    if (db.term_exists(word)) {
        return {};
    }
    const unsigned max_distance = word.size() <= k_short_word_bytes ? 1 : 2;
    std::string suggestion = db.get_spelling_suggestion(word, max_distance);
    // Spelling data outlives replaced articles: suggest only words still in the archive.
    if (suggestion.empty() || suggestion == word || !db.term_exists(suggestion)) {
        return {};
    }
    return suggestion;
}

} // namespace

std::string suggest_query_spelling(const Xapian::Database& db, std::string_view query)
{
    std::string corrected;
    bool changed = false;
    std::size_t i = 0;
    while (i < query.size()) {
        if (!is_word_byte(query[i])) {
            corrected += query[i++];
            continue;
        }
        std::size_t end = i;
        while (end < query.size() && is_word_byte(query[end])) {
            ++end;
        }
        const std::string_view word = query.substr(i, end - i);
        std::string replacement;
        if (is_correctable(query, i, end)) {
            replacement = correct_word(db, to_lower(word));
        }
        if (replacement.empty()) {
            corrected += word;
        } else {
            corrected += replacement;
            changed = true;
        }
        i = end;
    }
    return changed ? corrected : std::string();
}

} // namespace dateline
