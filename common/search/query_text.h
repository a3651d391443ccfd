// Prepares a user's query string for the Xapian QueryParser: folds case without changing
// meaning, finds syntax the parser would silently misread, and reduces a broken query to its
// plain words. Pure string functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dateline {

/// The query in lower case, except the operators AND, OR, NOT, XOR and NEAR written in
/// capitals between words, which stay operators. Text inside quotes is lowered too.
std::string normalize_query_case(std::string_view query);

/// What is wrong with the query's syntax ("unbalanced quotation marks", …), or nullopt.
std::optional<std::string> find_query_syntax_problem(std::string_view query);

/// The query's words without operators, quotes, brackets or field prefixes, lower-cased.
std::string plain_query_words(std::string_view query);

} // namespace dateline
